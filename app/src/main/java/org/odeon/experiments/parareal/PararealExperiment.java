package org.odeon.experiments.parareal;

import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.models.flowmap.CoarsePropagator;
import org.odeon.parareal.Parareal;
import org.odeon.parareal.PararealMeasurement;
import org.odeon.parareal.PararealProblem;
import org.odeon.report.Plot;

/**
 * Parareal with a classical, an RPNN or a trained-MLP coarse propagator on one problem of the RPNN
 * paper, against one sequential fine solve in the same process:
 * <pre>  U_{n+1}^{k+1} = F(U_n^k) + G(U_n^{k+1}) − G(U_n^k).</pre>
 * Measured: iterations K, the error against the sequential fine solution, wall times and the
 * speed-up on {@code workers} local threads, the classical model bound, time in G, and speed-ups
 * for 8, 64 and 512 workers projected by a simulation of the schedule fed with the measured costs
 * of F and G (see {@code org.odeon.parareal.PararealMeasurement} for the timing protocol).
 */
public final class PararealExperiment implements Experiment<PararealExperiment.Config> {
    /** The problems of the RPNN paper ({@link PararealProblem#named}). */
    public enum Problem { SIR, LORENZ, ARENSTORF, BRUSSELATOR, BURGERS_POLY, BURGERS_SIN, BURGERS_MIX }

    /**
     * @param problem     the ODE or PDE problem
     * @param coarse      the coarse propagator
     * @param workers     local fine-solver threads (the calling thread included)
     * @param repetitions timed rounds at least
     * @param seconds     warm-up and timing each last at least this long
     */
    public record Config(Problem problem, CoarsePropagator coarse, int workers, int repetitions, double seconds) {
        public Config {
            org.odeon.parareal.LocalExecutor.checkWorkers(workers);   // before anything runs: 10⁵ threads take minutes to start
            Require.atLeast(1, "repetitions", repetitions);
            Require.nonNegative("seconds", seconds);
        }
    }

    @Override public Info info() {
        return new Info("parareal", "Parareal with classical, RPNN or MLP coarse propagator; iterations, error and measured/projected speed-up", "Betcke, Kreusser, Murari, Parallel-in-Time Solutions with Random Projection Neural Networks (2024)", "parallel in time");
    }

    /** Both scales run the same problem; the paper scale times longer for steadier medians. */
    @Override public Config config(Scale scale) {
        Config quick = new Config(Problem.SIR, CoarsePropagator.RPNN, 2, 5, 1);
        return scale == Scale.QUICK ? quick : Configs.with(quick, "repetitions", 15, "seconds", 5);
    }

    @Override public String limits(Scale scale) {
        return scale != Scale.QUICK ? "" : "The same SIR problem timed over fewer rounds (5, at least 1 s), so the measured speed-up is noisier; "
                + "only 2 local workers run, and the speed-ups for 8 to 512 workers are projections of the measured costs, not runs.";
    }

    @Override public Outcome run(Config c, Run run) {
        PararealProblem problem = PararealProblem.named(Configs.choice(c.problem()));
        run.log("%s: T = %s on %d intervals, tolerance %s, coarse %s, %d workers", problem.name(), problem.horizon(),
                problem.intervals(), problem.tolerance(), Configs.choice(c.coarse()), c.workers());
        var m = PararealMeasurement.measure(problem, Configs.choice(c.coarse()), () -> c.coarse().build(problem, run.seed()),
                c.workers(), 3, c.repetitions(), c.seconds());
        run.log("K = %d, error %.2e, Parareal %.3f ms, sequential %.3f ms, speed-up %.2f", m.iterations(), m.error(),
                m.parallelSeconds() * 1e3, m.sequentialSeconds() * 1e3, m.speedup());
        var out = Outcome.builder()
                .metric("speedup", m.speedup())
                .metric("iterations", m.iterations())
                .metric("converged", m.converged() ? 1 : 0)
                .metric("error", m.error())
                .metric("parareal_ms", m.parallelSeconds() * 1e3)
                .metric("sequential_ms", m.sequentialSeconds() * 1e3)
                .metric("model_bound", m.bound())
                .metric("coarse_ms", m.coarseSeconds() * 1e3)
                .metric("coarse_to_fine_cost", m.coarseCost() / m.fineCost());
        for (int i = 0; i < PararealMeasurement.PROJECTED_WORKERS.length; i++)
            out.metric("projected_speedup_" + PararealMeasurement.PROJECTED_WORKERS[i], m.projected()[i]);
        return out.metric("setup_s", m.setupSeconds())
                .plot(errorPlot(m))
                .plot(solutionPlot(problem, m))
                .build();
    }

    /** {@code max_n ‖U_n^k − u_n‖∞} and {@code max_n ‖U_n^k − U_n^{k−1}‖∞} against the iteration k. */
    static Plot errorPlot(PararealMeasurement m) {
        var iterates = m.result().iterates();
        int K = iterates.size() - 1;
        double[] k = new double[K + 1], error = new double[K + 1], ks = new double[K], change = new double[K];
        for (int i = 0; i <= K; i++) {
            k[i] = i;
            double e = 0;
            for (int n = 0; n < m.reference().length; n++) e = Math.max(e, Parareal.maxDistance(iterates.get(i)[n], m.reference()[n]));
            error[i] = floor(e);
        }
        for (int i = 0; i < K; i++) {
            ks[i] = i + 1;
            change[i] = floor(m.result().changes()[i]);
        }
        return Plot.of("error-per-iteration", m.problem() + ", " + m.coarse() + " coarse: error per Parareal iteration")
                .axes("iteration k", "max-norm").logY()
                .line("error against the sequential fine solve", k, error)
                .scatter("change from the previous iterate", ks, change)
                .build();
    }

    /**
     * Components (at most three) against time at the coarse grid for ODEs; for Burgers the final
     * profile u(x, T) against x.
     */
    static Plot solutionPlot(PararealProblem problem, PararealMeasurement m) {
        double[][] u = m.result().solution(), ref = m.reference();
        int N = problem.intervals(), d = ref[0].length;
        if (d > 4) {
            double[] x = new double[d];
            for (int i = 0; i < d; i++) x[i] = (double) i / (d - 1);
            return Plot.of("solution", problem.name() + ": u(x, T) from Parareal and from the sequential fine solve")
                    .axes("x", "u(x, T)")
                    .scatter("Parareal", x, u[N])
                    .dashed("sequential fine", x, ref[N])
                    .dashed("initial data", x, ref[0])
                    .build();
        }
        double[] t = Parareal.grid(0, problem.horizon(), N);
        var plot = Plot.of("solution", problem.name() + ": Parareal (markers) against the sequential fine solve (dashed)")
                .axes("t", "state");
        for (int i = 0; i < Math.min(d, 3); i++) {
            double[] a = new double[N + 1], b = new double[N + 1];
            for (int n = 0; n <= N; n++) {
                a[n] = u[n][i];
                b[n] = ref[n][i];
            }
            plot.scatter("Parareal y" + i, t, a).dashed("fine y" + i, t, b);
        }
        return plot.build();
    }

    /** Exact zeros would vanish from a log axis. */
    private static double floor(double v) { return Math.max(v, 1e-17); }
}
