package org.odeon.parareal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the fine solves of one Parareal iteration, which are independent of each other.
 *
 * <p>This is the seam for distribution: a local thread pool ({@link LocalExecutor}) implements it
 * now; an executor that ships {@code (t0, t1, y0)} to remote workers can implement it later.
 * Results are futures so that the sequential correction sweep can consume the solve of interval
 * {@code n} while later intervals are still running.
 */
public interface FineExecutor extends AutoCloseable {

    /** One fine solve: propagate {@code start} from {@code t0} to {@code t1}. */
    record Job(double t0, double[] start, double t1) {}

    /** Number of fine solves that run at the same time. */
    int workers();

    /**
     * Starts the given solves (in list order as far as workers allow) and returns one future end
     * state per job. Implementations must not modify the jobs' start arrays.
     */
    List<CompletableFuture<double[]>> propagate(List<Job> jobs);

    @Override void close();
}
