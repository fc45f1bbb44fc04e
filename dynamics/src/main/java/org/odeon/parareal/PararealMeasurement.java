package org.odeon.parareal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Wall-clock measurement of Parareal against one sequential fine solve of the same problem in the
 * same process, and the cost-model projection to more workers.
 *
 * <p>Protocol: the coarse propagator is built once (an MLP is trained then; that time is reported
 * as {@code setupSeconds}, not counted in Parareal's time); every Parareal run gets a fresh copy,
 * so no warm start leaks from one run into the next. After untimed warm-up rounds (at least
 * {@code warmUp} rounds and {@code seconds}, so that the JIT has compiled everything a
 * sub-millisecond run touches), sequential and Parareal runs alternate for at least
 * {@code repetitions} rounds and {@code seconds}, so that load from other processes hits both
 * alike, and medians are reported. {@code c_F} is the sequential time per interval; {@code c_G}
 * is the median time in G per run over the coarse solves per run.
 *
 * @param error      {@code max_n ‖U_n − u_n‖∞} against the sequential fine solution {@code u}
 * @param speedup    measured: sequential time over Parareal time
 * @param bound      the classical model bound {@link CostModel#bound} at the measured costs
 * @param projected  cost-model speed-ups for {@link #PROJECTED_WORKERS} workers
 */
public record PararealMeasurement(String problem, String coarse, int workers, int intervals, double tolerance,
                                  int iterations, boolean converged, double error, double parallelSeconds,
                                  double sequentialSeconds, double coarseSeconds, double fineCost, double coarseCost,
                                  double speedup, double bound, double[] projected, double setupSeconds,
                                  Parareal.Result result, double[][] reference) {

    public static final int[] PROJECTED_WORKERS = {8, 64, 512};

    /** Iteration budget: beyond this many iterations Parareal cannot beat the sequential solve on any P we project. */
    public static final int MAX_ITERATIONS = 30;

    /**
     * Times Parareal with the coarse propagator {@code build} makes (its building, e.g. training, is
     * the reported set-up time) against the sequential fine solve.
     */
    public static PararealMeasurement measure(PararealProblem p, String coarseName, Supplier<Propagator> build, int workers, int warmUp,
                                              int repetitions, double seconds) {
        long setupStart = System.nanoTime();
        Propagator coarse = build.get();
        double setup = (System.nanoTime() - setupStart) * 1e-9;
        Propagator fine = p.fine().copy();
        double T = p.horizon();
        int N = p.intervals();
        List<Double> seqTimes = new ArrayList<>(), parTimes = new ArrayList<>(), coarseTimes = new ArrayList<>();
        double[][] reference = null;
        Parareal.Result result = null;
        try (var executor = new LocalExecutor(p.fine(), workers)) {
            Supplier<Parareal> parareal = () -> new Parareal(coarse.copy(), executor, N, p.tolerance(), Math.min(N, MAX_ITERATIONS));
            long warmUntil = System.nanoTime() + (long) (seconds * 1e9);
            for (int round = 0; round < warmUp || System.nanoTime() < warmUntil; round++) {
                reference = Parareal.sequential(fine, 0, p.initialState(), T, N);
                result = parareal.get().solve(0, p.initialState(), T);
            }
            long timedUntil = System.nanoTime() + (long) (seconds * 1e9);
            while (seqTimes.size() < repetitions || System.nanoTime() < timedUntil) {
                long s = System.nanoTime();
                reference = Parareal.sequential(fine, 0, p.initialState(), T, N);
                seqTimes.add((System.nanoTime() - s) * 1e-9);
                result = parareal.get().solve(0, p.initialState(), T);
                parTimes.add(result.wallNanos() * 1e-9);
                coarseTimes.add(result.coarseNanos() * 1e-9);
                // Let the pool threads stop spinning, so they do not share the cores with the next sequential run.
                LockSupport.parkNanos(2 * LocalExecutor.SPIN_NANOS);
            }
        }
        double seq = median(seqTimes), par = median(parTimes), coarseSeconds = median(coarseTimes);
        double error = 0;
        for (int n = 0; n <= N; n++) error = Math.max(error, Parareal.maxDistance(reference[n], result.solution()[n]));
        double fineCost = seq / N, coarseCost = coarseSeconds / result.coarseSolves();
        var model = new CostModel(fineCost, coarseCost);
        double[] projected = new double[PROJECTED_WORKERS.length];
        for (int i = 0; i < projected.length; i++) projected[i] = model.speedup(N, result.firstActive(), PROJECTED_WORKERS[i]);
        return new PararealMeasurement(p.name(), coarseName, workers, N, p.tolerance(), result.iterations(), result.converged(),
                error, par, seq, coarseSeconds, fineCost, coarseCost, seq / par,
                model.bound(result.iterations(), workers), projected, setup, result, reference);
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public static String tableHeader() {
        return "| problem | G | tol | K | error vs F | Parareal ms | sequential ms | speed-up | model bound | G ms | c_G/c_F | S(8) | S(64) | S(512) | setup s |\n"
             + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    public String tableRow() {
        return String.format(Locale.ROOT, "| %s | %s | %.0e | %d%s | %.1e | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.1f | %.1f | %.1f | %.2f |",
                problem, coarse, tolerance, iterations, converged ? "" : "*", error, parallelSeconds * 1e3, sequentialSeconds * 1e3,
                speedup, bound, coarseSeconds * 1e3, coarseCost / fineCost, projected[0], projected[1], projected[2], setupSeconds);
    }
}
