package org.odeon.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.odeon.parareal.FineExecutor;
import org.odeon.parareal.Propagator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * Parareal's fine solves as Spark tasks: one call of {@link #propagate} is one Spark job with one task per interval,
 * {@code (t0, U_n, t1) ↦ F(U_n)}, the tasks taken in interval order. Each result is handed to Parareal as soon as its
 * task ends (Spark's result handler), so the correction sweep consumes interval {@code n} while later intervals
 * still run, as with {@link org.odeon.parareal.LocalExecutor}. A task computes exactly what the local executor
 * computes (a fresh copy of the start state stepped by the same propagator; Java's floating point is the same in
 * every JVM), so the iterates are the same bit for bit. A task lost with its executor is run again from the same
 * inputs.
 *
 * <p>Each task pays Spark's scheduling, serialisation and result transfer on top of the fine solve: the measured
 * {@link #taskOverhead} enters {@link org.odeon.parareal.CostModel} and sets the fine cost below which Spark cannot
 * pay off.
 */
public final class SparkFineExecutor implements FineExecutor {
    /** Builds the fine propagator on an executor: it travels as a serialisable recipe, not as an object with scratch space. */
    public interface Fine extends Supplier<Propagator>, Serializable {}

    private final JavaSparkContext spark;
    private final Fine fine;
    private final int workers;

    /** Fine solves through {@code spark} (kept and stopped by the caller), {@code workers} at a time (its cores). */
    public SparkFineExecutor(JavaSparkContext spark, Fine fine, int workers) {
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        this.spark = spark;
        this.fine = fine;
        this.workers = workers;
    }

    /** As many workers as the context's default parallelism (its cores: 2 for {@code local[2]}). */
    public SparkFineExecutor(JavaSparkContext spark, Fine fine) { this(spark, fine, spark.defaultParallelism()); }

    @Override public int workers() { return workers; }

    /** One fine solve, shipped to an executor. */
    record Task(double t0, double[] start, double t1) implements Serializable {}

    @Override public List<CompletableFuture<double[]>> propagate(List<Job> jobs) {
        var results = new ArrayList<CompletableFuture<double[]>>(jobs.size());
        var tasks = new ArrayList<Task>(jobs.size());
        for (Job j : jobs) {
            results.add(new CompletableFuture<>());
            tasks.add(new Task(j.t0(), j.start().clone(), j.t1()));
        }
        if (jobs.isEmpty()) return results;
        var rdd = spark.parallelize(tasks, tasks.size()).rdd();
        Fine f = fine;
        scala.Function1<scala.collection.Iterator<Task>, double[]> solve = (scala.Function1<scala.collection.Iterator<Task>, double[]> & Serializable) it -> {
            Task t = it.next();
            double[] y = t.start().clone();
            f.get().propagate(t.t0(), y, t.t1());
            return y;
        };
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) partitions.add(i);
        scala.Function2<Object, double[], BoxedUnit> handler = (i, y) -> {
            results.get((Integer) i).complete(y);
            return BoxedUnit.UNIT;
        };
        var job = spark.sc().submitJob(rdd, solve, CollectionConverters.asScala(partitions).toSeq(), handler, () -> BoxedUnit.UNIT);
        // a failed or cancelled job fails every result it did not deliver
        Thread.ofVirtual().start(() -> {
            try {
                scala.concurrent.Await.result(job, scala.concurrent.duration.Duration.Inf());
            } catch (Exception e) {
                for (var r : results) r.completeExceptionally(e);
            }
        });
        return results;
    }

    /** The context belongs to the caller. */
    @Override public void close() {}

    /**
     * Spark's cost per fine task on {@code spark} with {@code workers} cores: the wall time of a job of {@code tasks}
     * tasks that compute nothing, times the workers, over the tasks (what each task adds to a worker's busy time);
     * the median of {@code rounds} jobs after as many untimed ones.
     */
    public static double taskOverhead(JavaSparkContext spark, int workers, int tasks, int rounds) {
        var empty = new SparkFineExecutor(spark, Identity::new, workers);
        var jobs = new ArrayList<Job>();
        for (int i = 0; i < tasks; i++) jobs.add(new Job(i, new double[] {i}, i + 1));
        double[] seconds = new double[rounds];
        for (int r = -rounds; r < rounds; r++) {
            long s = System.nanoTime();
            empty.propagate(jobs).forEach(CompletableFuture::join);
            if (r >= 0) seconds[r] = (System.nanoTime() - s) * 1e-9;
        }
        java.util.Arrays.sort(seconds);
        return seconds[rounds / 2] * workers / tasks;
    }

    /** The propagator that leaves the state as it is: a task that is all overhead. */
    private static final class Identity implements Propagator {
        @Override public String name() { return "identity"; }

        @Override public void propagate(double t0, double[] y, double t1) {}

        @Override public Propagator copy() { return this; }
    }
}
