package org.odeon.parareal;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Wall-clock measurement of Parareal against one sequential fine solve of the same problem in the
 * same process, and the cost-model projection to more workers.
 *
 * <p>Protocol: the coarse propagator is built once (an MLP is trained then; that time is reported
 * as {@code setupSeconds}, not counted in Parareal's time); every Parareal run gets a fresh copy,
 * so no warm start leaks from one run into the next. After {@code warmUp} untimed rounds (JIT),
 * sequential and Parareal runs alternate for {@code repetitions} rounds, so that load from other
 * processes hits both alike, and the medians are reported. {@code c_F} is the sequential time per
 * interval; {@code c_G} is Parareal's measured time in G per coarse solve.
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

    /** The coarse propagators accepted by {@link #coarse}. */
    public static final java.util.List<String> COARSE = java.util.List.of("classical", "rpnn", "mlp");

    /** Builds the named coarse propagator for a problem (trains the MLP). */
    public static Propagator coarse(PararealProblem problem, String name, long seed) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "classical" -> problem.classical().copy();
            case "rpnn" -> problem.rpnn();
            case "mlp" -> MlpFlowMap.train(problem, MlpFlowMap.Training.defaults(seed));
            default -> throw new IllegalArgumentException("unknown coarse propagator '" + name + "', expected one of " + COARSE);
        };
    }

    public static PararealMeasurement measure(PararealProblem p, String coarseName, int workers, int warmUp,
                                              int repetitions, long seed) {
        long setupStart = System.nanoTime();
        Propagator coarse = coarse(p, coarseName, seed);
        double setup = (System.nanoTime() - setupStart) * 1e-9;
        Propagator fine = p.fine().copy();
        double T = p.horizon();
        int N = p.intervals();
        double[] seqTimes = new double[repetitions], parTimes = new double[repetitions];
        double[][] reference = null;
        Parareal.Result result = null;
        double coarseSeconds = 0;
        int coarseSolves = 0;
        try (var executor = new LocalExecutor(p.fine(), workers)) {
            Supplier<Parareal> parareal = () -> new Parareal(coarse.copy(), executor, N, p.tolerance(), Math.min(N, MAX_ITERATIONS));
            for (int round = -warmUp; round < repetitions; round++) {
                long s = System.nanoTime();
                reference = Parareal.sequential(fine, p.initialState(), 0, T, N);
                double seq = (System.nanoTime() - s) * 1e-9;
                result = parareal.get().solve(p.initialState(), 0, T);
                if (round < 0) continue;
                seqTimes[round] = seq;
                parTimes[round] = result.wallNanos() * 1e-9;
                coarseSeconds += result.coarseNanos() * 1e-9;
                coarseSolves += result.coarseSolves();
            }
        }
        double seq = median(seqTimes), par = median(parTimes);
        double error = 0;
        for (int n = 0; n <= N; n++) error = Math.max(error, Parareal.maxDistance(reference[n], result.solution()[n]));
        double fineCost = seq / N, coarseCost = coarseSeconds / coarseSolves;
        var model = new CostModel(fineCost, coarseCost);
        double[] projected = new double[PROJECTED_WORKERS.length];
        for (int i = 0; i < projected.length; i++) projected[i] = model.speedup(N, result.firstActive(), PROJECTED_WORKERS[i]);
        return new PararealMeasurement(p.name(), coarseName, workers, N, p.tolerance(), result.iterations(), result.converged(),
                error, par, seq, coarseSeconds / repetitions, fineCost, coarseCost, seq / par,
                model.bound(result.iterations(), workers), projected, setup, result, reference);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
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
