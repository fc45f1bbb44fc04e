package org.odeon.experiments.flowmap;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.Dataset;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.nn.Losses;
import org.odeon.nn.Mlp;
import org.odeon.nn.Module;
import org.odeon.optim.Adam;
import org.odeon.optim.Optimizer;
import org.odeon.ode.SplittingMethod;
import org.odeon.optim.Schedule;
import org.odeon.optim.Training;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.report.Plot;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * An unstructured MLP learns the time-{@code Δt} flow map of the harmonic oscillator
 * {@code H(q, p) = (q² + p²)/2}, whose exact flow is the rotation
 * <pre>  Φ_Δt(q, p) = (q cos Δt + p sin Δt,  −q sin Δt + p cos Δt).</pre>
 * The network is trained in residual form, {@code x ↦ x + N(x)}, on pairs {@code (x, Φ_Δt(x))} with
 * {@code x} uniform in the disk of radius {@code radius}, by Adam on the mean squared error with the
 * learning rate annealed on a cosine, {@code η_t = η (1 + cos(π t / T)) / 2}.
 *
 * <p>Measured: the one-step test error, and what composing the learned map 1,000 times from
 * {@code (q, p) = (1, 0)} does to the energy. Nothing constrains the network to be symplectic, so its
 * energy error may drift without bound; the Störmer–Verlet method with the same step, which is
 * symplectic, keeps it bounded by {@code O(Δt²)} and is reported alongside as the reference that
 * structure-preserving models aim for.
 */
public final class OscillatorFlowMap implements Experiment<OscillatorFlowMap.Config> {
    /** m = k = 1, so ω = 1 and H = (q² + p²)/2. */
    private static final HarmonicOscillator OSCILLATOR = HarmonicOscillator.standard();

    /**
     * @param dt           time step of the flow map Δt
     * @param hidden       width of each hidden layer
     * @param layers       number of hidden layers
     * @param trainPoints  training pairs
     * @param testPoints   held-out pairs for the test error
     * @param radius       the states are drawn from the disk {@code q² + p² ≤ radius²}
     * @param steps        Adam steps
     * @param batch        minibatch size
     * @param lr           initial Adam learning rate
     * @param rollout      composed steps for the energy drift
     */
    public record Config(double dt, int hidden, int layers, int trainPoints, int testPoints, double radius,
                         int steps, int batch, double lr, int rollout) {
        public Config {
            Require.positive("dt", dt, "radius", radius, "lr", lr);
            Require.atLeast(1, "hidden", hidden, "layers", layers, "trainPoints", trainPoints, "testPoints", testPoints, "steps", steps, "batch", batch, "rollout", rollout);
        }
    }

    @Override public Info info() {
        return new Info("oscillator-flowmap", "MLP fitted to the harmonic oscillator's flow map over Δt; test error and energy drift over composed steps", "Canizares, Murari, Schönlieb et al., Symplectic Neural Flows (2024): the unstructured baseline", "flow maps");
    }

    /** Paper scale is a larger net trained longer on more data; the sizes are ours, not copied from the paper. */
    @Override public Config config(Scale scale) {
        Config quick = new Config(0.1, 32, 2, 2048, 1024, 1.5, 10000, 128, 3e-3, 1000);
        return scale == Scale.QUICK ? quick : Configs.with(quick, "hidden", 64, "layers", 3, "trainPoints", 20000, "testPoints", 5000,
                "steps", 50000, "batch", 256, "lr", 1e-3);
    }

    @Override public String limits(Scale scale) {
        return scale != Scale.QUICK ? "" : "A 2×32 net trained 10,000 steps: it shows that the unstructured map's energy error grows over the 1,000 "
                + "composed steps while Störmer–Verlet's stays near Δt²/4; how the drift falls as the fit improves needs the paper scale's larger net.";
    }

    @Override public Outcome run(Config c, Run run) throws Exception {
        Rng data = run.random("data");
        double[] xTrain = disk(data, c.trainPoints(), c.radius()), yTrain = flow(xTrain, c.dt());
        double[] xTest = disk(data, c.testPoints(), c.radius()), yTest = flow(xTest, c.dt());
        run.log("flow map over dt = %s: %d training and %d test states in the disk of radius %s", c.dt(), c.trainPoints(), c.testPoints(), c.radius());

        Module net = Mlp.tanh(run.random("init"), Mlp.widths(2, c.hidden(), c.layers(), 2));
        Optimizer adam = new Adam(net.namedParameters(), c.lr()).schedule(Schedule.cosine(c.lr(), 0, c.steps()));
        Dataset pairs = new Dataset(NDArray.of(new int[] {c.trainPoints(), 2}, xTrain), NDArray.of(new int[] {c.trainPoints(), 2}, yTrain));

        Training fit = run.fit("fit", c.steps(), net, adam, rnd -> {
            Batch b = pairs.sampleWithReplacement(rnd, c.batch());
            Tensor x = Tensor.constant(b.features());
            return Losses.mse(x.add(net.apply(x)), Tensor.constant(b.labels()));
        });

        double[] pred = step(net, xTest);
        double se = 0;
        for (int k = 0; k < pred.length; k++) se += (pred[k] - yTest[k]) * (pred[k] - yTest[k]);
        double testRmse = Math.sqrt(se / c.testPoints());

        // Compose the learned map, the exact flow and Störmer–Verlet from (1, 0).
        int n = c.rollout();
        double[] model = new double[2 * (n + 1)], exact = new double[2 * (n + 1)], verlet = new double[2 * (n + 1)];
        model[0] = exact[0] = verlet[0] = 1;
        var leapfrog = SplittingMethod.stormerVerlet();
        double[] y = {1, 0};
        for (int s = 0; s < n; s++) {
            double[] next = step(net, new double[] {model[2 * s], model[2 * s + 1]});
            model[2 * s + 2] = next[0];
            model[2 * s + 3] = next[1];
            double[] e = flow(new double[] {exact[2 * s], exact[2 * s + 1]}, c.dt());
            exact[2 * s + 2] = e[0];
            exact[2 * s + 3] = e[1];
            leapfrog.step(OSCILLATOR, s * c.dt(), c.dt(), y);
            verlet[2 * s + 2] = y[0];
            verlet[2 * s + 3] = y[1];
        }
        double[] driftModel = relativeEnergyError(model), driftVerlet = relativeEnergyError(verlet);
        double rolloutError = Math.hypot(model[2 * n] - exact[2 * n], model[2 * n + 1] - exact[2 * n + 1]);

        double[] steps = new double[n];
        for (int s = 0; s < n; s++) steps[s] = s + 1;
        return Outcome.builder()
                .metric("test_rmse", testRmse)
                .metric("energy_drift", driftModel[n - 1])
                .metric("max_energy_drift", max(driftModel))
                .metric("rollout_error", rolloutError)
                .metric("verlet_max_energy_drift", max(driftVerlet))
                .metric("final_loss", fit.finalLoss())
                .plot(Plot.of("phase-portrait", "Phase portrait: " + n + " steps of Δt = " + c.dt() + " from (1, 0)")
                        .axes("q", "p").equalAxes()
                        .line("MLP flow map", coordinate(model, 0), coordinate(model, 1))
                        .dashed("exact flow", coordinate(exact, 0), coordinate(exact, 1))
                        .build())
                .plot(Plot.of("energy-error", "Relative energy error |H(xₙ) − H(x₀)| / H(x₀)")
                        .axes("step n", "relative energy error").logX().logY()
                        .line("MLP flow map", steps, floor(driftModel))
                        .dashed("Störmer–Verlet (symplectic)", steps, floor(driftVerlet))
                        .build())
                .plot(Plot.loss(fit))
                .model("flow_map", net)
                .build();
    }

    /** {@code count} states uniform in the disk of the given radius, as rows (q, p). */
    static double[] disk(Rng rng, int count, double radius) {
        double[] x = new double[2 * count];
        for (int i = 0; i < count; i++) {
            double r = radius * Math.sqrt(rng.uniform()), a = 2 * Math.PI * rng.uniform();
            x[2 * i] = r * Math.cos(a);
            x[2 * i + 1] = r * Math.sin(a);
        }
        return x;
    }

    /** The exact flow Φ_Δt applied to each row (q, p). */
    static double[] flow(double[] x, double dt) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i += 2) {
            double[] end = new HarmonicOscillator(1, 1, x[i], x[i + 1]).exact(dt);
            y[i] = end[0];
            y[i + 1] = end[1];
        }
        return y;
    }

    /** One step of the learned map {@code x + N(x)} on rows, without recording a graph. */
    private static double[] step(Module net, double[] x) {
        try (var ignored = GradMode.off()) {
            Tensor t = Tensor.constant(NDArray.of(new int[] {x.length / 2, 2}, x));
            return t.add(net.apply(t)).value().toArray();
        }
    }

    /** {@code |H(xₙ) − H(x₀)| / H(x₀)} for n = 1..N of a trajectory stored as rows. */
    static double[] relativeEnergyError(double[] traj) {
        int n = traj.length / 2 - 1;
        double h0 = energy(traj, 0);
        double[] out = new double[n];
        for (int s = 1; s <= n; s++) out[s - 1] = Math.abs(energy(traj, s) - h0) / h0;
        return out;
    }

    private static double energy(double[] traj, int s) { return OSCILLATOR.energy(new double[] {traj[2 * s], traj[2 * s + 1]}); }

    private static double[] coordinate(double[] traj, int which) {
        double[] out = new double[traj.length / 2];
        for (int s = 0; s < out.length; s++) out[s] = traj[2 * s + which];
        return out;
    }

    private static double max(double[] a) { return java.util.Arrays.stream(a).max().orElseThrow(); }

    /** Exact zeros cannot sit on a log axis; anything below double precision's resolution is shown at 1e-16. */
    private static double[] floor(double[] a) { return java.util.Arrays.stream(a).map(v -> Math.max(v, 1e-16)).toArray(); }
}
