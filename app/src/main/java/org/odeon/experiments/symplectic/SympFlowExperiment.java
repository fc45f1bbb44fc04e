package org.odeon.experiments.symplectic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.Dataset;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.models.symplectic.Benchmark;
import org.odeon.models.symplectic.FlowData;
import org.odeon.models.symplectic.FlowLosses;
import org.odeon.models.symplectic.HamiltonianNet;
import org.odeon.models.symplectic.KnownHamiltonian;
import org.odeon.models.symplectic.LongTime;
import org.odeon.models.symplectic.MlpFlow;
import org.odeon.models.symplectic.PoincareSection;
import org.odeon.models.symplectic.Rollout;
import org.odeon.models.symplectic.SympFlow;
import org.odeon.models.symplectic.SympNet;
import org.odeon.models.symplectic.Symplecticity;
import org.odeon.models.symplectic.TimeFlow;
import org.odeon.nn.Module;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.ode.SeparableHamiltonian;
import org.odeon.ode.SplittingMethod;
import org.odeon.optim.Adam;
import org.odeon.optim.Schedule;
import org.odeon.report.Plot;
import org.odeon.report.Plots;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.systems.HenonHeiles;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * SympFlow against its baselines on a Hamiltonian system. SympFlow {@code Φ_θ(z, t)}, symplectic for every
 * {@code t}, learns the flow over {@code t ∈ [0, 1]} in one of three modes: unsupervised (the residual of
 * Hamilton's equations {@code ‖∂_tΦ_θ − J∇H(Φ_θ)‖²} on fresh random {@code (z, t)}), Hamiltonian matching (the same
 * plus {@code ‖H_θ − H‖²} for its recovered Hamiltonian), or supervised (noisy trajectory samples
 * {@code (z₀, t, z(t))}). Long-time prediction composes the unit-time map {@code Φ_θ(·, 1)}.
 *
 * <p>Baselines on the same data and epochs: an unstructured flow map {@code z + t·N(z, t)} (same mode; matching falls
 * back to unsupervised), an HNN (vector-field samples of the known {@code H}, or the samples through one RK4 step of
 * length {@code t}), LA- and G-SympNets (noisy unit-time pairs), and RK4 and leapfrog (implicit midpoint for the
 * non-separable damped system) on the true equations with the same unit step.
 *
 * <p>Measured for every model over {@code rollout} composed unit steps from the system's standard state (see
 * {@link LongTime}): mean and max energy error and its late-over-early trend, the trajectory error against the
 * Hipparchus reference over the first {@code compare} steps, the length of the finite part of the rollout, the
 * symplecticity defect of the one-step map, the recovered Hamiltonian's centred error (SympFlow's
 * {@code H_θ(·, 1)}, the HNN's {@code H_θ}), and each model's training time.
 */
public final class SympFlowExperiment implements Experiment<SympFlowExperiment.Config> {
    public enum Mode { UNSUPERVISED, MATCHING, SUPERVISED }

    /**
     * @param system         the Hamiltonian system
     * @param mode           how SympFlow and the MLP flow learn
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
    public record Config(Benchmark system, Mode mode, int layers, int width, int depth, int epochs, int batch, double lr,
                         double matchingWeight, int samples, double noise, int rollout, int compare, int hnnSubsteps, int particles) {
        public Config {
            Require.atLeast(1, "layers", layers, "width", width, "depth", depth, "epochs", epochs, "batch", batch, "samples", samples, "compare", compare, "hnnSubsteps", hnnSubsteps, "particles", particles);
            Require.positive("lr", lr); Require.nonNegative("matchingWeight", matchingWeight, "noise", noise);
            if (compare > rollout) throw new IllegalArgumentException("need compare ≤ rollout, got compare=" + compare + ", rollout=" + rollout);
        }
    }

    @Override public Info info() {
        return new Info("sympflow", "SympFlow (unsupervised | matching | supervised) vs HNN, SympNets, MLP flow, RK4, leapfrog: energy error over long rollouts, trajectory error, symplecticity, recovered H", "Canizares, Murari, Schönlieb, Sherry, Shumaylov: Symplectic Neural Flows (2024); Hamiltonian Matching for Symplectic Neural Integrators", "symplectic flows");
    }

    /** Hénon–Heiles (the papers' headline system) trained long enough for SympFlow's claim to show; our sizes, not the papers'. */
    static final Config QUICK = new Config(Benchmark.HENON_HEILES, Mode.UNSUPERVISED, 2, 32, 2, 2000, 128, 5e-3, 1, 256, 0, 1000, 20, 4, 4);

    @Override public Config config(Scale scale) {
        return scale == Scale.QUICK ? QUICK : Configs.with(QUICK, "layers", 4, "epochs", 3000, "batch", 512, "lr", 2e-3,
                "samples", 2000, "rollout", 100_000, "compare", 100, "hnnSubsteps", 10, "particles", 32);
    }

    @Override public String limits(Scale scale) {
        return scale != Scale.QUICK ? "" : "1,000 composed unit steps (paper scale 10⁵): SympFlow's energy error is the lowest and does not drift, "
                + "but how far the unstructured baselines drift over very long times, and a well-filled Poincaré section, need the paper scale.";
    }

    private record Model(String name, String label, UnaryOperator<Tensor> step, double trainSeconds) {}  // a learned unit step

    @Override public Outcome run(Config c, Run run) throws Exception {
        Benchmark.Problem pb = c.system().problem(c.particles());
        HamiltonianSystem sys = pb.system();
        KnownHamiltonian h = KnownHamiltonian.of(sys);
        int d = sys.degreesOfFreedom();
        run.log("%s, %s mode: %d degrees of freedom, states in [−%s, %s]^%d, t in [0, 1]", sys.name(), Configs.choice(c.mode()), d, pb.box(), pb.box(), 2 * d);
        FlowData observed = FlowData.observe(sys, pb.box(), c.samples(), c.noise(), run.random("data"));
        Dataset samples = observed.samples(), pairs = observed.pairs();
        run.log("data: %d trajectory samples and %d unit-time pairs, noise σ = %s", c.samples(), c.samples(), c.noise());
        Rng init = run.random("init");
        List<Model> models = new ArrayList<>();
        SympFlow flow = new SympFlow(d, c.layers(), c.width(), c.depth(), init);
        models.add(fit(run, c, "sympflow", "SympFlow", flow, Rollout.stepOf(flow, 1), rnd -> switch (c.mode()) {
            case UNSUPERVISED -> FlowLosses.unsupervised(flow, h, uniform(c, pb, d, rnd));
            case MATCHING -> FlowLosses.matching(flow, h, uniform(c, pb, d, rnd), c.matchingWeight());
            case SUPERVISED -> supervised(flow, samples.sampleWithReplacement(rnd, c.batch()));
        }));
        MlpFlow mlp = new MlpFlow(d, c.width(), c.depth() + 1, init);   // matching has no Hamiltonian to match: unsupervised
        models.add(fit(run, c, "mlp", "MLP flow map", mlp, Rollout.stepOf(mlp, 1), rnd -> c.mode() != Mode.SUPERVISED
                ? FlowLosses.unsupervised(mlp, h, uniform(c, pb, d, rnd)) : supervised(mlp, samples.sampleWithReplacement(rnd, c.batch()))));
        HamiltonianNet hnn = HamiltonianNet.general(d, c.width(), c.depth(), init);
        models.add(fit(run, c, "hnn", "HNN + RK4", hnn, z -> { for (int k = 0; k < c.hnnSubsteps(); k++) z = hnn.step(z, 1.0 / c.hnnSubsteps(), HamiltonianNet.Integrator.RK4); return z; }, rnd -> {
            if (c.mode() != Mode.SUPERVISED) {
                Tensor z = Tensor.constant(rnd.uniform(DType.F64, -pb.box(), pb.box(), c.batch(), 2 * d));
                return hnn.vectorFieldLoss(z, h.vectorField(z));
            }
            Tensor[] s = FlowData.parts(samples.sampleWithReplacement(rnd, c.batch()));
            return hnn.trajectoryLoss(s[0], s[2], s[1], HamiltonianNet.Integrator.RK4);
        }));
        SympNet la = SympNet.la(d, 3 * c.layers(), 4, init), g = SympNet.g(d, 2 * c.layers(), c.width(), init);
        models.add(fit(run, c, "la_sympnet", "LA-SympNet", la, la, rnd -> pairLoss(la, pairs.sampleWithReplacement(rnd, c.batch()))));
        models.add(fit(run, c, "g_sympnet", "G-SympNet", g, g, rnd -> pairLoss(g, pairs.sampleWithReplacement(rnd, c.batch()))));
        // Rollouts of every model and of the classical methods with the same unit step, measured against the reference
        int n = c.rollout();
        double[][] reference = Rollout.reference(sys, pb.z0(), c.compare());
        Map<String, LongTime.Summary> summary = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Model m : models) {
            long s = System.nanoTime();
            summary.put(m.name(), LongTime.summarise(sys, Rollout.trajectory(m.step(), pb.z0(), n), reference));
            labels.put(m.name(), m.label());
            run.log("%s: %d composed steps in %.1f s", m.label(), n, (System.nanoTime() - s) * 1e-9);
        }
        summary.put("rk4", LongTime.summarise(sys, ExplicitRungeKutta.rk4().trajectory(sys, 0, pb.z0(), n, 1), reference));
        summary.put("leapfrog", LongTime.summarise(sys, Rollout.symplecticBaseline(sys, pb.z0(), n), reference));
        labels.put("rk4", "RK4"); labels.put("leapfrog", sys instanceof SeparableHamiltonian ? "leapfrog" : "implicit midpoint");
        Outcome.Builder out = Outcome.builder().metric("sympflow_max_energy_error", summary.get("sympflow").max());
        summary.forEach((k, s) -> {
            out.metric(k + "_mean_energy_error", s.mean());
            if (!k.equals("sympflow")) out.metric(k + "_max_energy_error", s.max());
            out.metric(k + "_late_over_early_energy_error", s.trend()).metric(k + "_finite_steps", s.finiteSteps()).metric(k + "_trajectory_error", s.trajectoryError());
        });
        for (Model m : models)
            out.metric(m.name() + "_symplecticity_defect", Symplecticity.defect(m.step(), pb.z0())).metric(m.name() + "_train_seconds", m.trainSeconds());
        out.metric("sympflow_hamiltonian_error", LongTime.hamiltonianError(y -> flow.hamiltonian(y, Tensor.constant(NDArray.full(DType.F64, 1, y.dim(0), 1))), h, d, pb.box(), 512, run.random("test")));
        out.metric("hnn_hamiltonian_error", LongTime.hamiltonianError(hnn::energy, h, d, pb.box(), 512, run.random("test")));
        Plot.Builder energy = Plot.of("energy-error", "Energy error |H(z_n) − H(z₀)| over composed unit steps (max per window), " + sys.name()).axes("time", "energy error").logX().logY();
        Plot.Builder phase = Plot.of("phase-portrait", String.format(Locale.ROOT, "Phase portrait (q₁, p₁), first %d unit steps", Math.min(n, 500))).axes("q₁", "p₁");
        summary.forEach((k, s) -> {
            double[][] e = Plots.envelope(s.energyError()), qp = Plots.portrait(s.finite(), 0, d, Math.min(n, 500));
            energy.line(labels.get(k), e[0], e[1]);
            phase.scatter(labels.get(k), qp[0], qp[1]);
        });
        double[][] qp = Plots.portrait(reference, 0, d, reference.length - 1);
        out.plot(energy.build()).plot(phase.scatter("reference (Hipparchus)", qp[0], qp[1]).build());
        if (sys instanceof HenonHeiles hh) {   // the unstructured MLP, the true flow, SympFlow on top: the section the papers compare
            PoincareSection section = new PoincareSection(1);
            Plot.Builder p = Plot.of("poincare-section", "Poincaré section q₁ = 0, p₁ > 0 (Hénon–Heiles)").axes("q₂", "p₂");
            Plots.points(p, labels.get("mlp"), section.of(summary.get("mlp").finite()));
            Plots.points(p, "true flow (Yoshida-4, h = 0.01)", section.ofFlow(SplittingMethod.yoshida4(), hh, pb.z0(), 0.01, 100 * n));
            out.plot(Plots.points(p, labels.get("sympflow"), section.of(summary.get("sympflow").finite())).build());
        }
        return out.model("sympflow", flow).build();
    }

    /** Adam with a cosine schedule for {@code epochs} steps, timed. */
    private static Model fit(Run run, Config c, String name, String label, Module model, UnaryOperator<Tensor> step, Run.Objective loss) throws Exception {
        long start = System.nanoTime();
        run.fit(name.replace('_', '-'), c.epochs(), model, new Adam(model.namedParameters(), c.lr()).schedule(Schedule.cosine(c.lr(), 0, c.epochs())), loss);
        return new Model(name, label, step, (System.nanoTime() - start) * 1e-9);
    }

    private static FlowLosses.Batch uniform(Config c, Benchmark.Problem pb, int d, Rng rnd) { return FlowLosses.Batch.uniform(c.batch(), d, -pb.box(), pb.box(), 1, rnd); }

    /** The supervised flow loss on a batch of samples {@code (z₀, t) → z(t)}. */
    private static Tensor supervised(TimeFlow model, Batch b) { Tensor[] s = FlowData.parts(b); return FlowLosses.supervised(model, s[0], s[1], s[2]); }

    private static Tensor pairLoss(SympNet net, Batch b) { return net.loss(Tensor.constant(b.features()), Tensor.constant(b.labels())); }
}
