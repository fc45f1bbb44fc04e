package org.odeon.experiments.constrained;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.models.constrained.ChainData;
import org.odeon.models.constrained.ConstrainedFlow;
import org.odeon.models.constrained.ConstrainedHamiltonian;
import org.odeon.models.constrained.Integrator;
import org.odeon.optim.Adam;
import org.odeon.optim.Schedule;
import org.odeon.optim.Training;
import org.odeon.report.Plot;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Learning the Hamiltonian {@code H = ½pᵀR(q)⁻¹p + V_θ(q)} of a chain of spherical pendula on
 * {@code (T*S²)ⁿ} from short trajectory segments, by minimising the mean squared error of rollouts of
 * {@code H_θ}'s field through each chosen integrator (Celledoni, Leone, Murari, Owren). Measured per
 * integrator: the training MSE; the paper's two error measures on held-out initial conditions —
 * {@code E1}, the MSE between the learned and the true trajectories over {@code testHorizon} (both solved
 * accurately: the learned field by CF4 with {@code fineSteps} steps per sample, the truth by Hipparchus), and
 * {@code E2 = mean_i |ΔH_i − mean ΔH|}, {@code ΔH = H − H_θ} at the test points (H up to a constant);
 * the learned potential against the true one up to a constant; and a long rollout of the learned model
 * through its training integrator: energy error of {@code H_θ} and constraint drift {@code |‖q_i‖ − 1|},
 * {@code |q_i·p_i|}; the first model is also rolled out through every other integrator
 * ({@code same_model_*} metrics), so the drift compared is the method's, not the model's. With
 * {@code study=true} it repeats training over integrators × seeds × substeps and reports the geometric means
 * of E1 and E2 per integrator beside the paper's, as metrics and as the table {@code study.md} (the paper's
 * study was of one spherical pendulum, {@code pendula=1}, over N, M and noise, 960 runs; this one adds no noise).
 *
 * <p>Paper scale follows the authors' code: 500 initial conditions, T = 0.1 with 5 time points, batch 80,
 * Adam 0.01 with StepLR(50 epochs, 0.1), 100 epochs; 100 test initial conditions over T = 1 with 15 points.
 * Their code takes two CF4 steps per sample interval and one for the other methods; here {@code substeps}
 * is one setting for all.
 */
public final class ConstrainedHamiltonianExperiment implements Experiment<ConstrainedHamiltonianExperiment.Config> {

    /** The paper's Section 4 study (960 runs, one spherical pendulum): geometric means of (E1, E2). */
    private static final Map<Integrator, double[]> PAPER = Map.of(
            Integrator.RK4, new double[] {1.2e-5, 3.83e-3}, Integrator.CF4, new double[] {1.2e-5, 3.85e-3},
            Integrator.EULER, new double[] {5.7e-5, 1.13e-2}, Integrator.LIE_EULER, new double[] {4.9e-5, 1.07e-2});

    /**
     * The same means over the study's 60 noise-free runs per integrator ({@code Epsilon = 0} in the authors'
     * {@code CollectedData.csv}), the cells comparable with this study, which adds no noise.
     */
    private static final Map<Integrator, double[]> PAPER_NOISE_FREE = Map.of(
            Integrator.RK4, new double[] {4.62e-7, 5.23e-4}, Integrator.CF4, new double[] {4.92e-7, 5.35e-4},
            Integrator.EULER, new double[] {1.24e-5, 5.89e-3}, Integrator.LIE_EULER, new double[] {9.37e-6, 5.22e-3});

    private static String fmt(double x) { return String.format(java.util.Locale.ROOT, "%.3g", x); }

    /**
     * @param pendula     pendula in the chain (unit masses and rods, g = 1, as the paper's code)
     * @param integrator  integrators to train through (one model each)
     * @param trainSize   training initial conditions
     * @param horizon     length T of each training segment
     * @param points      time points per segment, the start included (samples at T/(points−1) spacing)
     * @param substeps    integrator steps per sample interval
     * @param batch       initial conditions per Adam step
     * @param epochs      passes over the training set
     * @param lr          Adam learning rate, multiplied by {@code decay} every {@code decayEvery} epochs
     * @param width       width of V_θ's hidden tanh layers
     * @param depth       number of hidden layers of V_θ
     * @param learnMass   learn M = ΓᵀΓ + diag(B)² as well (else the chain's true M)
     * @param testSize    held-out initial conditions for E1, E2
     * @param testHorizon length of the test trajectories
     * @param testPoints  time points of each test trajectory, the start included
     * @param fineSteps   CF4 steps per test sample interval for the learned trajectories of E1
     * @param longSteps   steps of the long rollout of the learned model
     * @param study       run the study instead: every integrator × {@code seeds} × {@code studySubsteps}
     * @param seeds       repetitions per study cell
     * @param studySubsteps substeps (step sizes) of the study
     */
    public record Config(int pendula, List<Integrator> integrator, int trainSize, double horizon, int points, int substeps,
                         int batch, int epochs, double lr, int decayEvery, double decay, int width, int depth, boolean learnMass,
                         int testSize, double testHorizon, int testPoints, int fineSteps, int longSteps,
                         boolean study, int seeds, List<Integer> studySubsteps) {
        public Config {
            Require.atLeast(1, "pendula", pendula, "trainSize", trainSize, "substeps", substeps, "batch", batch, "epochs", epochs,
                    "decayEvery", decayEvery, "width", width, "depth", depth, "testSize", testSize, "fineSteps", fineSteps,
                    "longSteps", longSteps, "seeds", seeds);
            Require.atLeast(2, "points", points, "testPoints", testPoints);
            Require.positive("horizon", horizon, "lr", lr, "decay", decay, "testHorizon", testHorizon);
            Require.nonEmpty("integrator", integrator, 1);
            Require.nonEmpty("studySubsteps", studySubsteps, 1);
            for (int s : studySubsteps) Require.atLeast(1, "studySubsteps", s);
            if (pendula > 3) throw new IllegalArgumentException("pendula: at most 3 (R(q) is solved without pivoting), got " + pendula);
        }
    }

    @Override public Info info() {
        return new Info("constrained-hamiltonian",
                "learn the Hamiltonian of a chain of spherical pendula on (T*S²)ⁿ through Lie-group and classical integrators; E1, E2, constraint drift",
                "Learning Hamiltonians of constrained mechanical systems (Celledoni, Leone, Murari, Owren 2022)", "constrained");
    }

    @Override public String limits(Scale scale) {
        return switch (scale) {
            case QUICK -> "100 training trajectories for 6 epochs, CF4 and RK4 only, no integrator study, a 2,000-step rollout: E1/E2 far "
                    + "above the paper's, and the long-time constraint drift is shown over 2,000 rather than 100,000 steps.";
            case PAPER -> "";
        };
    }

    @Override public Config config(Scale scale) {
        Config quick = new Config(2, List.of(Integrator.CF4, Integrator.RK4), 100, 0.1, 5, 1, 20, 6, 0.01, 50, 0.1, 100, 3, false,
                10, 1.0, 15, 10, 2000, false, 2, List.of(1, 2));
        return scale == Scale.QUICK ? quick : Configs.with(quick, "integrator", List.of(Integrator.values()), "trainSize", 500,
                "batch", 80, "epochs", 100, "testSize", 100, "longSteps", 100_000, "seeds", 5);
    }

    /** What one trained model measured. */
    private record Result(Integrator integrator, double trainMse, double e1, double e2, double potentialError, double seconds,
                          ConstrainedFlow flow, Training fit, double[][] learnedPath, double[][] truePath, double[] times) {}

    @Override public Outcome run(Config c, Run run) throws Exception {
        ChainData data = ChainData.paper(c.pendula());
        double dt = c.horizon() / (c.points() - 1), testDt = c.testHorizon() / (c.testPoints() - 1);
        double[][][] test = trajectories(data, data.initialStates(run.random("test"), c.testSize()), testDt, c.testPoints() - 1);
        return c.study() ? study(c, run, data, dt, test, testDt) : single(c, run, data, dt, test, testDt);
    }

    private Outcome single(Config c, Run run, ChainData data, double dt, double[][][] test, double testDt) throws Exception {
        double[][][] train = trajectories(data, data.initialStates(run.random("train"), c.trainSize()), dt, c.points() - 1);
        var out = Outcome.builder();
        var trajectories = Plot.of("trajectories", "test trajectory 0: heights q₁ᶻ, q₂ᶻ (true solid, learned dashed)").axes("t", "z");
        var energy = Plot.of("energy", "energy error |H_θ(y_k) − H_θ(y_0)| of long rollouts").axes("step", "energy error").logY();
        var drift = Plot.of("constraint-drift", "constraint drift max(|‖q_i‖ − 1|, |q_i·p_i|)").axes("step", "drift").logY();
        List<Result> results = new ArrayList<>();
        for (Integrator m : c.integrator()) {
            Result r = train(c, run, data, m, c.substeps(), "", dt, train, test, testDt);
            results.add(r);
            String k = metricName(m);
            out.metric(k + "_e1_test_mse", r.e1()).metric(k + "_e2_hamiltonian", r.e2()).metric(k + "_train_mse", r.trainMse())
                    .metric(k + "_potential_error", r.potentialError()).metric(k + "_train_seconds", r.seconds());
            double[][] series = longRollout(r.flow(), test, c.longSteps(), run, out, k);
            if (series[0].length > 0) {   // empty when the rollout blew up before its first sample
                energy.line(m.key(), series[0], floor(series[1]));
                drift.line(m.key(), series[0], floor(series[2]));
            }
            trajectories.dashed(m.key() + " q₁ᶻ", r.times(), column(r.learnedPath(), 2)).dashed(m.key() + " q₂ᶻ", r.times(), column(r.learnedPath(), 8));
            out.plot(Plot.loss(r.fit()));
            if (results.size() == 1) out.model(k, r.flow()); else out.structure(k, r.flow());
        }
        Result first = results.get(0);
        // The same learned H_θ through every integrator: the constraints are kept by the method, not by the model.
        for (Integrator m : Integrator.values()) {
            if (m == first.integrator()) continue;   // its own rollout is measured above
            double[][] series = longRollout(new ConstrainedFlow(first.flow().hamiltonian(), m, first.flow().h()), test, c.longSteps(), run,
                    out, "same_model_" + metricName(m));
            if (series[0].length > 0) drift.dashed(metricName(first.integrator()) + "-trained H via " + m.key(), series[0], floor(series[2]));
        }
        trajectories.line("true q₁ᶻ", first.times(), column(first.truePath(), 2)).line("true q₂ᶻ", first.times(), column(first.truePath(), 8));
        return out.plot(trajectories.build()).plot(energy.build()).plot(drift.build()).build();
    }

    private Outcome study(Config c, Run run, ChainData data, double dt, double[][][] test, double testDt) throws Exception {
        var out = Outcome.builder();
        Map<Integrator, double[]> logSums = new LinkedHashMap<>();
        var e1Plot = Plot.of("study-e1", "E1 of every study run").axes("run", "E1").logY();
        int cell = 0;
        for (Integrator m : c.integrator()) {
            double[] sums = new double[3];
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int seed = 0; seed < c.seeds(); seed++) {
                double[][][] train = trajectories(data, data.initialStates(run.random("train-" + seed), c.trainSize()), dt, c.points() - 1);
                for (int sub : c.studySubsteps()) {
                    Result r = train(c, run, data, m, sub, "-s" + seed + "-h" + sub, dt, train, test, testDt);
                    run.log("study %s seed %d substeps %d: E1 %.3e E2 %.3e", m.key(), seed, sub, r.e1(), r.e2());
                    sums[0] += Math.log(r.e1());
                    sums[1] += Math.log(r.e2());
                    sums[2]++;
                    xs.add((double) cell++);
                    ys.add(r.e1());
                }
            }
            logSums.put(m, sums);
            e1Plot.scatter(m.key(), xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray());
        }
        var table = new StringBuilder(String.format(java.util.Locale.ROOT,
                "| integrator | runs | E1 (gmean) | E2 (gmean) | paper E1 | paper E2 | paper E1, no noise | paper E2, no noise |%n|---|---|---|---|---|---|---|---|%n"));
        for (var e : logSums.entrySet()) {
            String k = metricName(e.getKey());
            double[] s = e.getValue();
            double e1 = Math.exp(s[0] / s[2]), e2 = Math.exp(s[1] / s[2]);
            out.metric(k + "_e1_gmean", e1).metric(k + "_e2_gmean", e2);
            double[] paper = PAPER.get(e.getKey()), clean = PAPER_NOISE_FREE.get(e.getKey());
            if (paper != null) out.metric(k + "_paper_e1_gmean", paper[0]).metric(k + "_paper_e2_gmean", paper[1]);
            table.append(String.format(java.util.Locale.ROOT, "| %s | %d | %.3g | %.3g | %s | %s | %s | %s |%n", e.getKey().key(), (int) s[2], e1, e2,
                    paper == null ? "—" : fmt(paper[0]), paper == null ? "—" : fmt(paper[1]), clean == null ? "—" : fmt(clean[0]), clean == null ? "—" : fmt(clean[1])));
        }
        java.nio.file.Files.writeString(run.folder().resolve("study.md"), table.toString());
        run.log("study geometric means:%n%s", table);
        return out.plot(e1Plot.build()).build();
    }

    /** Trains one model through {@code m} and measures it. */
    private Result train(Config c, Run run, ChainData data, Integrator m, int substeps, String tag, double dt,
                         double[][][] train, double[][][] test, double testDt) throws Exception {
        Rng init = run.random("init-" + m.key() + tag);
        ConstrainedHamiltonian model = c.learnMass()
                ? ConstrainedHamiltonian.learnedPotentialAndMass(c.pendula(), c.width(), c.depth(), init)
                : ConstrainedHamiltonian.learnedPotential(c.pendula(), c.width(), c.depth(), data.mass(), init);
        ConstrainedFlow flow = new ConstrainedFlow(model, m, dt / substeps);
        int perEpoch = Math.max(1, c.trainSize() / c.batch());
        var adam = new Adam(model.namedParameters(), c.lr()).schedule(Schedule.step(c.lr(), c.decay(), (long) c.decayEvery() * perEpoch));
        long start = System.nanoTime();
        Training fit = run.fit("fit-" + m.key() + tag, c.epochs() * perEpoch, flow, adam, rnd -> {
            int[] order = rnd.permutation(c.trainSize());
            int[] pick = java.util.Arrays.copyOf(order, Math.min(c.batch(), order.length));
            return m.loss(model, rows(train, 0, pick), targets(train, pick), dt, substeps);
        });
        double seconds = (System.nanoTime() - start) * 1e-9;
        int[] all = java.util.stream.IntStream.range(0, c.trainSize()).toArray();
        int[] testAll = java.util.stream.IntStream.range(0, test[0].length).toArray();
        double trainMse, e1, e2, potentialError;
        double[][] learned;
        try (var off = GradMode.off()) {
            trainMse = m.loss(model, rows(train, 0, all), targets(train, all), dt, substeps).item();
            List<Tensor> path = Integrator.CF4.rollout(model, rows(test, 0, testAll), testDt, test.length - 1, c.fineSteps());
            double sq = 0;
            long count = 0;
            learned = new double[test.length][];
            learned[0] = test[0][0];
            for (int k = 1; k < test.length; k++) {
                double[] v = path.get(k - 1).value().data();
                learned[k] = java.util.Arrays.copyOfRange(v, 0, test[k][0].length);
                for (int s = 0; s < test[k].length; s++)
                    for (int i = 0; i < test[k][s].length; i++, count++) {
                        double d = v[s * test[k][s].length + i] - test[k][s][i];
                        sq += d * d;
                    }
            }
            e1 = sq / count;
            Tensor y0 = rows(test, 0, testAll);
            e2 = centredMeanAbs(data.exactModel().energy(y0).sub(model.energy(y0)).value().data());
            Tensor q = model.configurations(y0);
            double[] dv = data.exactModel().potential(q).sub(model.potential(q)).value().data();
            double mean = java.util.Arrays.stream(dv).average().orElse(0), ss = 0;
            for (double d : dv) ss += (d - mean) * (d - mean);
            potentialError = Math.sqrt(ss / dv.length);
        }
        run.log("%s%s: train MSE %.3e, E1 %.3e, E2 %.3e, potential error %.3e, %.1f s", m.key(), tag, trainMse, e1, e2, potentialError, seconds);
        double[] times = new double[test.length];
        double[][] truth = new double[test.length][];
        for (int k = 0; k < test.length; k++) { times[k] = k * testDt; truth[k] = test[k][0]; }
        return new Result(m, trainMse, e1, e2, potentialError, seconds, flow, fit, learned, truth, times);
    }

    /** Metric prefix of an integrator: {@code lie_euler}, {@code cf4}, … */
    private static String metricName(Integrator m) { return m.key().replace('-', '_'); }

    /** {@code mean_i |x_i − mean x|}. */
    static double centredMeanAbs(double[] x) {
        double mean = java.util.Arrays.stream(x).average().orElse(0), s = 0;
        for (double v : x) s += Math.abs(v - mean);
        return s / x.length;
    }

    /** Rows {@code [steps + 1][count][6n]}: the true states at {@code k·dt} from each initial state. */
    private static double[][][] trajectories(ChainData data, double[][] y0, double dt, int steps) {
        double[] times = new double[steps];
        for (int k = 0; k < steps; k++) times[k] = (k + 1) * dt;
        double[][][] out = new double[steps + 1][y0.length][];
        for (int s = 0; s < y0.length; s++) {
            double[][] path = data.trajectory(y0[s], times);
            out[0][s] = y0[s];
            for (int k = 0; k < steps; k++) out[k + 1][s] = path[k];
        }
        return out;
    }

    private static Tensor rows(double[][][] traj, int k, int[] pick) {
        int d = traj[k][0].length;
        double[] flat = new double[pick.length * d];
        for (int i = 0; i < pick.length; i++) System.arraycopy(traj[k][pick[i]], 0, flat, i * d, d);
        return Tensor.constant(NDArray.of(new int[] {pick.length, d}, flat));
    }

    private static List<Tensor> targets(double[][][] traj, int[] pick) {
        List<Tensor> out = new ArrayList<>(traj.length - 1);
        for (int k = 1; k < traj.length; k++) out.add(rows(traj, k, pick));
        return out;
    }

    /**
     * A long rollout of the learned model from 4 test states: {steps sampled, max energy error of H_θ, max
     * constraint drift} at about 200 sampled steps and at the last finite state (so a rollout that blows up
     * reports the drift it reached, not the empty record of no sample), recorded with that state's step as the
     * metrics {@code <prefix>_long_energy_error}, {@code _long_constraint_drift} and {@code _long_finite_steps}.
     */
    private static double[][] longRollout(ConstrainedFlow flow, double[][][] test, int steps, Run run, Outcome.Builder out, String prefix) {
        int b = Math.min(4, test[0].length), every = Math.max(1, steps / 200);
        double[][] y0 = java.util.Arrays.copyOf(test[0], b);
        List<double[]> rows = new ArrayList<>();
        long start = System.nanoTime();
        int lastFinite = 0, recorded = 0;
        try (var off = GradMode.off()) {
            Tensor y = Tensor.constant(NDArray.of(new int[] {b, y0[0].length}, ConstrainedFlow.flatten(y0)));
            double[] h0 = flow.hamiltonian().energy(y).value().data().clone();
            for (int k = 1; k <= steps; k++) {
                Tensor next = flow.forward(y);
                if (!allFinite(next.value().data())) break;   // blew up: the rollout ends at the last finite state y
                y = next;
                lastFinite = k;
                if (k % every != 0 && k != steps) continue;
                double[] row = defects(flow, y, h0, k);
                if (row == null) break;
                rows.add(row);
                recorded = k;
            }
            if (lastFinite > recorded) {
                double[] row = defects(flow, y, h0, lastFinite);
                if (row != null) rows.add(row);
            }
        }
        double[][] series = new double[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) for (int j = 0; j < 3; j++) series[j][i] = rows.get(i)[j];
        run.log("%s long rollout: %d of %d steps finite in %.1f s, constraint drift %.3e, energy error %.3e", flow.integrator().key(),
                lastFinite, steps, (System.nanoTime() - start) * 1e-9, max(series[2]), max(series[1]));
        out.metric(prefix + "_long_energy_error", max(series[1])).metric(prefix + "_long_constraint_drift", max(series[2]))
                .metric(prefix + "_long_finite_steps", lastFinite);
        return series;
    }

    /**
     * {step, max_s |H_θ(y_s) − H_θ(y0_s)|, max_s constraint defect} of the states y, or null when the defect is not
     * finite. The energy error may be infinite while the state is still finite (H_θ overflows first, as in explicit
     * Euler's blow-up): the drift is still recorded, and the energy metrics take the largest finite error.
     */
    private static double[] defects(ConstrainedFlow flow, Tensor y, double[] h0, int step) {
        double[] h = flow.hamiltonian().energy(y).value().data(), v = y.value().data();
        int d = v.length / h0.length;
        double e = 0, c = 0;
        for (int s = 0; s < h0.length; s++) {
            e = Math.max(e, Math.abs(h[s] - h0[s]));
            double[] def = ConstrainedFlow.constraintDefects(java.util.Arrays.copyOfRange(v, s * d, (s + 1) * d));
            c = Math.max(c, Math.max(def[0], def[1]));
        }
        return Double.isFinite(c) ? new double[] {step, e, c} : null;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }

    private static double[] column(double[][] rows, int j) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i][j];
        return out;
    }

    /** The largest finite entry (0 when there is none). */
    private static double max(double[] x) { return java.util.Arrays.stream(x).filter(Double::isFinite).max().orElse(0); }

    /** Zeros and non-finite values drawn at 1e-17 / 1e17 on a log axis. */
    private static double[] floor(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Double.isFinite(x[i]) ? Math.max(x[i], 1e-17) : 1e17;
        return out;
    }
}
