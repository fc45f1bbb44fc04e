package org.odeon.experiments.symplectic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.Dataset;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.models.symplectic.FlowLosses;
import org.odeon.models.symplectic.HamiltonianNet;
import org.odeon.models.symplectic.KnownHamiltonian;
import org.odeon.models.symplectic.MlpFlow;
import org.odeon.models.symplectic.Rollout;
import org.odeon.models.symplectic.SympFlow;
import org.odeon.models.symplectic.SympNet;
import org.odeon.models.symplectic.Symplecticity;
import org.odeon.models.symplectic.TimeFlow;
import org.odeon.nn.Module;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.ode.HipparchusReference;
import org.odeon.ode.ImplicitMidpoint;
import org.odeon.ode.SeparableHamiltonian;
import org.odeon.ode.SplittingMethod;
import org.odeon.optim.Adam;
import org.odeon.optim.Optimizer;
import org.odeon.optim.Schedule;
import org.odeon.report.Plot;
import org.odeon.systems.DampedOscillator;
import org.odeon.systems.Fput;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.systems.HenonHeiles;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * SympFlow against its baselines on a Hamiltonian system. SympFlow {@code Φ_θ(z, t)}, symplectic for
 * every {@code t}, learns the flow over {@code t ∈ [0, 1]} in one of three modes: unsupervised (the
 * residual of Hamilton's equations {@code ‖∂_tΦ_θ − J∇H(Φ_θ)‖²} on fresh random {@code (z, t)}),
 * Hamiltonian matching (the same plus {@code ‖H_θ − H‖²} for its recovered Hamiltonian), or supervised
 * (noisy trajectory samples {@code (z₀, t, z(t))}). Long-time prediction composes the unit-time map
 * {@code Φ_θ(·, 1)}.
 *
 * <p>Baselines on the same data and epochs: an unstructured flow map {@code z + t·N(z, t)} (same mode;
 * matching falls back to unsupervised), a Hamiltonian neural network (vector-field samples of the known
 * {@code H}, or the trajectory samples through one RK4 step of length {@code t}), LA- and G-SympNets (pairs
 * one time unit apart, from the reference, with the same noise), and RK4 and leapfrog (implicit midpoint for
 * the non-separable damped system) on the true equations with the same unit step.
 *
 * <p>Measured for every model over {@code rollout} composed unit steps from the system's standard state:
 * mean and max {@code |H(z_n) − H(z₀)|}, the largest trajectory error against the Hipparchus reference over
 * the first {@code compare} steps, the symplecticity defect {@code ‖JᵀΩJ − Ω‖} of the one-step map, and for
 * the models that have one the error of the recovered Hamiltonian (SympFlow's {@code H_θ(·, 1)}, the HNN's
 * {@code H_θ}; centred, since a Hamiltonian is fixed only up to a constant), and each model's training time.
 * {@code late_over_early} is the mean energy error over the last tenth of the rollout divided by that over the
 * first tenth: near 1 when the error stays bounded, large when it drifts. A rollout that blows up is measured
 * over its finite part; {@code finite_steps} says how long that was.
 */
public final class SympFlowExperiment implements Experiment<SympFlowExperiment.Config> {
    private static final List<String> SYSTEMS = List.of("harmonic", "damped", "henon-heiles", "fput");
    private static final List<String> MODES = List.of("unsupervised", "matching", "supervised");

    /**
     * @param system         harmonic | damped | henon-heiles | fput
     * @param mode           unsupervised | matching | supervised
     * @param layers         SympFlow layers (two shears each)
     * @param width          width of every network's hidden layers
     * @param depth          hidden layers per network
     * @param epochs         optimiser steps for every model
     * @param batch          samples per step
     * @param lr             initial Adam learning rate (cosine-annealed to 0)
     * @param matchingWeight weight of the Hamiltonian-matching term
     * @param samples        trajectory samples (supervised) and SympNet pairs
     * @param noise          standard deviation of the Gaussian noise on observed states
     * @param rollout        composed unit steps for the long-time metrics
     * @param compare        steps compared with the reference trajectory
     * @param hnnSubsteps    RK4 substeps per unit time when rolling out the HNN
     * @param particles      FPUT chain length
     */
    public record Config(String system, String mode, int layers, int width, int depth, int epochs, int batch, double lr,
                         double matchingWeight, int samples, double noise, int rollout, int compare, int hnnSubsteps, int particles) {
        public Config {
            if (!SYSTEMS.contains(system)) throw new IllegalArgumentException("system must be one of " + SYSTEMS + ", got '" + system + "'");
            if (!MODES.contains(mode)) throw new IllegalArgumentException("mode must be one of " + MODES + ", got '" + mode + "'");
            if (layers < 1 || width < 1 || depth < 1) throw new IllegalArgumentException("layers, width, depth must be at least 1, got " + layers + ", " + width + ", " + depth);
            if (epochs < 1 || batch < 1 || samples < 1) throw new IllegalArgumentException("epochs, batch, samples must be at least 1, got " + epochs + ", " + batch + ", " + samples);
            if (!(lr > 0) || !(matchingWeight >= 0) || !(noise >= 0)) throw new IllegalArgumentException("need lr > 0, matchingWeight ≥ 0, noise ≥ 0; got " + lr + ", " + matchingWeight + ", " + noise);
            if (rollout < 1 || compare < 1 || compare > rollout) throw new IllegalArgumentException("need 1 ≤ compare ≤ rollout, got compare=" + compare + ", rollout=" + rollout);
            if (hnnSubsteps < 1 || particles < 1) throw new IllegalArgumentException("hnnSubsteps and particles must be at least 1, got " + hnnSubsteps + ", " + particles);
        }
    }

    @Override public Info info() {
        return new Info("sympflow",
                "SympFlow (unsupervised | matching | supervised) vs HNN, SympNets, MLP flow, RK4, leapfrog: energy error over long rollouts, trajectory error, symplecticity, recovered H",
                "Canizares, Murari, Schönlieb, Sherry, Shumaylov: Symplectic Neural Flows (2024); Hamiltonian Matching for Symplectic Neural Integrators",
                "symplectic flows");
    }

    /** Our sizes, not the papers': quick is about a minute on two cores. */
    @Override public Config config(Scale scale) {
        return switch (scale) {
            case QUICK -> new Config("harmonic", "unsupervised", 2, 16, 2, 300, 128, 5e-3, 1, 256, 0, 1000, 20, 4, 4);
            case PAPER -> new Config("harmonic", "unsupervised", 4, 32, 2, 3000, 512, 2e-3, 1, 2000, 0, 100_000, 100, 10, 32);
        };
    }

    /** The system, the box the training states are drawn from and the rollout's initial state. */
    private record Problem(HamiltonianSystem system, double box, double[] z0) {}

    private static Problem problem(Config c) {
        return switch (c.system()) {
            case "harmonic" -> new Problem(HarmonicOscillator.standard(), 1.2, new double[] {1, 0});
            case "damped" -> { var s = new DampedOscillator(1, 0.01, 1, 0); yield new Problem(s, 1.2, s.initialState()); }
            case "henon-heiles" -> new Problem(HenonHeiles.standard(), 0.5, HenonHeiles.standard().initialState());
            case "fput" -> { var s = new Fput(c.particles(), 0.25, 0, 1); yield new Problem(s, 1.0, s.initialState()); }
            default -> throw new IllegalStateException(c.system());
        };
    }

    /** A learned or classical one-unit step with the name it is reported under. */
    private record Model(String name, String label, UnaryOperator<Tensor> step, double trainSeconds) {}

    @Override public Outcome run(Config c, Run run) throws Exception {
        Problem pb = problem(c);
        HamiltonianSystem sys = pb.system();
        KnownHamiltonian h = KnownHamiltonian.of(sys);
        int d = sys.degreesOfFreedom();
        boolean supervised = c.mode().equals("supervised");
        run.log("%s, %s mode: %d degrees of freedom, states in [−%s, %s]^%d, t in [0, 1]", sys.name(), c.mode(), d, pb.box(), pb.box(), 2 * d);

        // Observed data: trajectory samples (z₀, t, z(t)) and unit-time pairs (z₀, z(1)), noisy, from the reference.
        Rng data = run.random("data");
        HipparchusReference ref = HipparchusReference.tight();
        int n2 = 2 * d;
        double[] traj = new double[c.samples() * (n2 + 1)], end = new double[c.samples() * n2], pz0 = new double[c.samples() * n2], pz1 = new double[c.samples() * n2];
        for (int i = 0; i < c.samples(); i++) {
            double[] z0 = uniform(data, n2, pb.box());
            double t = data.uniform();
            double[] zt = noisy(ref.solve(sys, 0, z0, t), c.noise(), data);
            double[] p0 = uniform(data, n2, pb.box());
            double[] p1 = noisy(ref.solve(sys, 0, p0, 1), c.noise(), data);
            System.arraycopy(z0, 0, traj, i * (n2 + 1), n2);
            traj[i * (n2 + 1) + n2] = t;
            System.arraycopy(zt, 0, end, i * n2, n2);
            System.arraycopy(p0, 0, pz0, i * n2, n2);
            System.arraycopy(p1, 0, pz1, i * n2, n2);
        }
        // (z₀, t) → z(t) and z₀ → z(1)
        Dataset samples = new Dataset(NDArray.of(new int[] {c.samples(), n2 + 1}, traj), NDArray.of(new int[] {c.samples(), n2}, end));
        Dataset pairs = new Dataset(NDArray.of(new int[] {c.samples(), n2}, pz0), NDArray.of(new int[] {c.samples(), n2}, pz1));
        run.log("data: %d trajectory samples and %d unit-time pairs, noise σ = %s", c.samples(), c.samples(), c.noise());

        Rng init = run.random("init");
        List<Model> models = new ArrayList<>();
        Map<String, Double> hamiltonianError = new LinkedHashMap<>();

        // SympFlow
        SympFlow flow = new SympFlow(d, c.layers(), c.width(), c.depth(), init);
        double tFlow = train(run, "sympflow", c, flow, (rnd) -> switch (c.mode()) {
            case "unsupervised" -> FlowLosses.unsupervised(flow, h, FlowLosses.Batch.uniform(c.batch(), d, -pb.box(), pb.box(), 1, rnd));
            case "matching" -> FlowLosses.matching(flow, h, FlowLosses.Batch.uniform(c.batch(), d, -pb.box(), pb.box(), 1, rnd), c.matchingWeight());
            default -> supervised(flow, samples.sampleWithReplacement(rnd, c.batch()));
        });
        models.add(new Model("sympflow", "SympFlow", Rollout.stepOf(flow, 1), tFlow));
        hamiltonianError.put("sympflow", sympFlowHamiltonianError(flow, h, pb, d, run.random("test")));

        // Unstructured flow map, same mode (matching has no Hamiltonian to match: unsupervised)
        MlpFlow mlp = new MlpFlow(d, c.width(), c.depth() + 1, init);
        double tMlp = train(run, "mlp", c, mlp, (rnd) -> {
            if (!supervised) return FlowLosses.unsupervised(mlp, h, FlowLosses.Batch.uniform(c.batch(), d, -pb.box(), pb.box(), 1, rnd));
            return supervised(mlp, samples.sampleWithReplacement(rnd, c.batch()));
        });
        models.add(new Model("mlp", "MLP flow map", Rollout.stepOf(mlp, 1), tMlp));

        // Hamiltonian neural network
        HamiltonianNet hnn = HamiltonianNet.general(d, c.width(), c.depth(), init);
        double tHnn = train(run, "hnn", c, hnn, (rnd) -> {
            if (!supervised) {
                Tensor z = Tensor.constant(rnd.uniform(DType.F64, -pb.box(), pb.box(), c.batch(), 2 * d));
                return hnn.vectorFieldLoss(z, h.vectorField(z));
            }
            Batch b = samples.sampleWithReplacement(rnd, c.batch());
            Tensor x = Tensor.constant(b.features());
            return hnn.trajectoryLoss(x.slice(1, 0, n2), Tensor.constant(b.labels()), x.slice(1, n2, n2 + 1), HamiltonianNet.Integrator.RK4);
        });
        double sub = 1.0 / c.hnnSubsteps();
        models.add(new Model("hnn", "HNN + RK4", z -> { for (int k = 0; k < c.hnnSubsteps(); k++) z = hnn.step(z, sub, HamiltonianNet.Integrator.RK4); return z; }, tHnn));
        hamiltonianError.put("hnn", centredError(hnn::energy, h, pb, d, run.random("test")));

        // SympNets on unit-time pairs
        for (var net : List.of(Map.entry("la_sympnet", SympNet.la(d, 3 * c.layers(), 4, init)), Map.entry("g_sympnet", SympNet.g(d, 2 * c.layers(), c.width(), init)))) {
            SympNet s = net.getValue();
            double tNet = train(run, net.getKey().replace('_', '-'), c, s, (rnd) -> {
                Batch b = pairs.sampleWithReplacement(rnd, c.batch());
                return s.loss(Tensor.constant(b.features()), Tensor.constant(b.labels()));
            });
            models.add(new Model(net.getKey(), net.getKey().startsWith("la") ? "LA-SympNet" : "G-SympNet", s, tNet));
        }

        // Rollouts and the reference
        int n = c.rollout();
        double[][] reference = new double[c.compare() + 1][];
        reference[0] = pb.z0().clone();
        for (int k = 1; k <= c.compare(); k++) reference[k] = ref.solve(sys, k - 1, reference[k - 1], k);
        Map<String, double[][]> trajectories = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Model m : models) {
            long s = System.nanoTime();
            trajectories.put(m.name(), Rollout.trajectory(m.step(), pb.z0(), n));
            labels.put(m.name(), m.label());
            run.log("%s: %d composed steps in %.1f s", m.label(), n, (System.nanoTime() - s) * 1e-9);
        }
        trajectories.put("rk4", classical(sys, ExplicitRungeKutta.rk4(), pb.z0(), n));
        labels.put("rk4", "RK4");
        boolean separable = sys instanceof SeparableHamiltonian;
        trajectories.put("leapfrog", separable ? leapfrog((SeparableHamiltonian) sys, pb.z0(), n) : classical(sys, new ImplicitMidpoint(), pb.z0(), n));
        labels.put("leapfrog", separable ? "leapfrog" : "implicit midpoint");

        // A rollout that blows up is measured over its finite part, and the step where it left is reported.
        trajectories.replaceAll((k, t) -> finitePart(t));
        Outcome.Builder out = Outcome.builder();
        Map<String, double[]> energyErrors = new LinkedHashMap<>();
        for (var e : trajectories.entrySet()) energyErrors.put(e.getKey(), energyError(sys, e.getValue()));
        out.metric("sympflow_max_energy_error", max(energyErrors.get("sympflow")));
        for (var e : trajectories.entrySet()) {
            String k = e.getKey();
            double[] err = energyErrors.get(k);
            out.metric(k + "_mean_energy_error", mean(err));
            if (!k.equals("sympflow")) out.metric(k + "_max_energy_error", max(err));
            out.metric(k + "_late_over_early_energy_error", trend(err));
            out.metric(k + "_finite_steps", e.getValue().length - 1);
            out.metric(k + "_trajectory_error", trajectoryError(e.getValue(), reference));
        }
        for (Model m : models) {
            out.metric(m.name() + "_symplecticity_defect", Symplecticity.defect(m.step(), pb.z0()));
            out.metric(m.name() + "_train_seconds", m.trainSeconds());
        }
        hamiltonianError.forEach((k, v) -> out.metric(k + "_hamiltonian_error", v));

        out.plot(energyPlot(energyErrors, labels, sys.name()));
        out.plot(phasePlot(trajectories, labels, reference, Math.min(n, 500)));
        if (sys instanceof HenonHeiles hh) out.plot(poincarePlot(trajectories, labels, fineSection(hh, pb.z0(), n)));
        return out.model(flow.stateDict()).build();
    }

    // ------------------------------------------------------------------ training

    /** Adam with a cosine schedule for {@code epochs} steps; returns the wall-clock seconds. */
    private static double train(Run run, String name, Config c, Module model, Run.Objective loss) throws Exception {
        Optimizer adam = new Adam(model.namedParameters(), c.lr()).schedule(Schedule.cosine(c.lr(), 0, c.epochs()));
        long start = System.nanoTime();
        run.fit(name, c.epochs(), model, adam, loss);
        return (System.nanoTime() - start) * 1e-9;
    }

    /** The supervised flow loss on a batch of samples {@code (z₀, t) → z(t)}. */
    private static Tensor supervised(TimeFlow model, Batch b) {
        Tensor x = Tensor.constant(b.features());
        int n2 = b.labels().dim(1);
        return FlowLosses.supervised(model, x.slice(1, 0, n2), x.slice(1, n2, n2 + 1), Tensor.constant(b.labels()));
    }

    // ------------------------------------------------------------------ data helpers

    private static double[] uniform(Rng rng, int n, double box) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = rng.uniform(-box, box);
        return z;
    }

    private static double[] noisy(double[] z, double sigma, Rng rng) {
        if (sigma > 0) for (int i = 0; i < z.length; i++) z[i] += sigma * rng.normal();
        return z;
    }

    // ------------------------------------------------------------------ metrics

    /**
     * RMS of {@code H_θ(y, 1) − H(y)} about its mean over 512 random states {@code y} in the box: the
     * Hamiltonian that generates the unit-time map at its end, compared up to its constant.
     */
    private static double sympFlowHamiltonianError(SympFlow flow, KnownHamiltonian h, Problem pb, int d, Rng rng) {
        try (var off = GradMode.off()) {
            Tensor y = Tensor.constant(rng.uniform(DType.F64, -pb.box(), pb.box(), 512, 2 * d));
            return centredRms(flow.hamiltonian(y, Tensor.constant(NDArray.full(DType.F64, 1, 512, 1))).sub(h.energy(y)).value().toArray());
        }
    }

    /** RMS of {@code H_θ(z) − H(z)} about its mean over 512 random states in the box. */
    private static double centredError(UnaryOperator<Tensor> energy, KnownHamiltonian h, Problem pb, int d, Rng rng) {
        try (var off = GradMode.off()) {
            Tensor z = Tensor.constant(rng.uniform(DType.F64, -pb.box(), pb.box(), 512, 2 * d));
            return centredRms(energy.apply(z).sub(h.energy(z)).value().toArray());
        }
    }

    private static double centredRms(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    /** {@code |H(z_n) − H(z₀)|} for n = 1..N. */
    static double[] energyError(HamiltonianSystem sys, double[][] traj) {
        double h0 = sys.energy(traj[0]);
        double[] out = new double[traj.length - 1];
        for (int k = 1; k < traj.length; k++) out[k - 1] = Math.abs(sys.energy(traj[k]) - h0);
        return out;
    }

    /** Mean of the last tenth over the mean of the first tenth: about 1 for a bounded error, large for a drift. */
    static double trend(double[] err) {
        if (err.length == 0) return 1;
        int m = Math.max(1, err.length / 10);
        double early = 0, late = 0;
        for (int i = 0; i < m; i++) { early += err[i]; late += err[err.length - 1 - i]; }
        return late / Math.max(early, 1e-300);
    }

    /** {@code max_n ‖z_n − z_ref(n)‖} over the reference's horizon (over the finite part of a rollout that blew up). */
    private static double trajectoryError(double[][] traj, double[][] reference) {
        double worst = 0;
        for (int k = 1; k < Math.min(traj.length, reference.length); k++) {
            double s = 0;
            for (int i = 0; i < reference[k].length; i++) s += (traj[k][i] - reference[k][i]) * (traj[k][i] - reference[k][i]);
            worst = Math.max(worst, Math.sqrt(s));
        }
        return worst;
    }

    /** The states before the first one with a non-finite or huge (|z| > 1e8) coordinate; at least the initial state. */
    static double[][] finitePart(double[][] traj) {
        int n = 1;
        while (n < traj.length && java.util.Arrays.stream(traj[n]).allMatch(v -> Math.abs(v) <= 1e8)) n++;
        return n == traj.length ? traj : java.util.Arrays.copyOf(traj, n);
    }

    private static double[][] classical(HamiltonianSystem sys, org.odeon.ode.Stepper<org.odeon.ode.VectorField> method, double[] z0, int n) {
        double[][] out = new double[n + 1][];
        double[] y = z0.clone();
        out[0] = y.clone();
        for (int k = 1; k <= n; k++) { method.step(sys, k - 1, 1, y); out[k] = y.clone(); }
        return out;
    }

    private static double[][] leapfrog(SeparableHamiltonian sys, double[] z0, int n) {
        var method = SplittingMethod.stormerVerlet();
        double[][] out = new double[n + 1][];
        double[] y = z0.clone();
        out[0] = y.clone();
        for (int k = 1; k <= n; k++) { method.step(sys, k - 1, 1, y); out[k] = y.clone(); }
        return out;
    }

    private static double mean(double[] a) { double s = 0; for (double v : a) s += v; return a.length == 0 ? 0 : s / a.length; }

    private static double max(double[] a) { double m = 0; for (double v : a) m = Math.max(m, v); return m; }

    // ------------------------------------------------------------------ plots

    /**
     * The error's envelope: the maximum over consecutive windows of {@code k ≥ 10} steps (at most about
     * 1,000 windows), plotted at each window's last step. Raw samples of an oscillating error alias badly;
     * the envelope shows whether the error stays bounded or drifts.
     */
    private static Plot energyPlot(Map<String, double[]> errors, Map<String, String> labels, String system) {
        Plot.Builder p = Plot.of("energy-error", "Energy error |H(z_n) − H(z₀)| over composed unit steps (max per window), " + system)
                .axes("time", "energy error").logX().logY();
        for (var e : errors.entrySet()) {
            double[] err = e.getValue();
            int k = Math.max(10, err.length / 1000), windows = (err.length + k - 1) / k;
            double[] x = new double[windows], y = new double[windows];
            for (int w = 0; w < windows; w++) {
                int end = Math.min(err.length, (w + 1) * k);
                double m = 0;
                for (int i = w * k; i < end; i++) m = Math.max(m, err[i]);
                x[w] = end;
                y[w] = Math.max(m, 1e-16);
            }
            p.line(labels.get(e.getKey()), x, y);
        }
        return p.build();
    }

    private static Plot phasePlot(Map<String, double[][]> trajs, Map<String, String> labels, double[][] reference, int steps) {
        Plot.Builder p = Plot.of("phase-portrait", String.format(Locale.ROOT, "Phase portrait (q₁, p₁), first %d unit steps", steps)).axes("q₁", "p₁");
        for (var e : trajs.entrySet()) {
            double[][] t = e.getValue();
            int d = t[0].length / 2, m = Math.min(steps, t.length - 1);
            double[] q = new double[m + 1], pp = new double[m + 1];
            for (int k = 0; k <= m; k++) { q[k] = clip(t[k][0]); pp[k] = clip(t[k][d]); }
            p.scatter(labels.get(e.getKey()), q, pp);
        }
        int d = reference[0].length / 2;
        double[] q = new double[reference.length], pp = new double[reference.length];
        for (int k = 0; k < reference.length; k++) { q[k] = reference[k][0]; pp[k] = reference[k][d]; }
        return p.scatter("reference (Hipparchus)", q, pp).build();
    }

    /** Hénon–Heiles: crossings of {@code q₁ = 0} with {@code p₁ > 0}, linearly interpolated, in the {@code (q₂, p₂)} plane. */
    /** The unstructured MLP, then the true flow, then SympFlow on top: the section the papers compare. */
    private static Plot poincarePlot(Map<String, double[][]> trajs, Map<String, String> labels, List<double[]> fine) {
        Plot.Builder p = Plot.of("poincare-section", "Poincaré section q₁ = 0, p₁ > 0 (Hénon–Heiles)").axes("q₂", "p₂");
        addSection(p, labels.get("mlp"), poincare(trajs.get("mlp")));
        addSection(p, "true flow (Yoshida-4, h = 0.01)", fine);
        addSection(p, labels.get("sympflow"), poincare(trajs.get("sympflow")));
        return p.build();
    }

    private static void addSection(Plot.Builder p, String name, List<double[]> pts) {
        if (!pts.isEmpty()) p.scatter(name, pts.stream().mapToDouble(v -> v[0]).toArray(), pts.stream().mapToDouble(v -> v[1]).toArray());
    }

    /** The section of the true flow over the same time span, from Yoshida's 4th-order method with {@code h = 0.01}. */
    private static List<double[]> fineSection(HenonHeiles sys, double[] z0, int units) {
        var method = SplittingMethod.yoshida4();
        double[] prev = z0.clone(), y = z0.clone();
        List<double[]> pts = new ArrayList<>();
        for (int k = 1; k <= 100 * units; k++) {
            System.arraycopy(y, 0, prev, 0, 4);
            method.step(sys, 0, 0.01, y);
            pts.addAll(poincare(new double[][] {prev, y}));
        }
        return pts;
    }

    /**
     * Crossings of {@code q₁ = 0} upwards with {@code p₁ > 0} between consecutive states, as {@code (q₂, p₂)};
     * only those inside {@code [−1, 1]²}, which holds the bounded motion, so a trajectory that escaped the
     * potential well does not set the axes.
     */
    static List<double[]> poincare(double[][] t) {
        List<double[]> pts = new ArrayList<>();
        for (int k = 1; k < t.length; k++) {
            double a = t[k - 1][0], b = t[k][0];
            if (a < 0 && b >= 0 && t[k][2] > 0) {
                double s = -a / (b - a);
                double q2 = t[k - 1][1] + s * (t[k][1] - t[k - 1][1]), p2 = t[k - 1][3] + s * (t[k][3] - t[k - 1][3]);
                if (Math.abs(q2) <= 1 && Math.abs(p2) <= 1) pts.add(new double[] {q2, p2});
            }
        }
        return pts;
    }

    /** Keeps a diverged trajectory from stretching the axes to infinity. */
    private static double clip(double v) { return Double.isFinite(v) ? Math.max(-10, Math.min(10, v)) : 10; }
}
