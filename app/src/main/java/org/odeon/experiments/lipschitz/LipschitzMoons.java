package org.odeon.experiments.lipschitz;

import java.util.ArrayList;
import java.util.List;
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
import org.odeon.models.lipschitz.FixedWidthResNet;
import org.odeon.nn.Losses;
import org.odeon.optim.Adam;
import org.odeon.optim.Optimizer;
import org.odeon.optim.Schedule;
import org.odeon.optim.Training;
import org.odeon.report.Plot;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Two moons classified by the fixed-width 1-Lipschitz ResNets of "Approximation theory for
 * 1-Lipschitz ResNets" ({@link FixedWidthResNet}: norm-constrained lift, negative gradient steps
 * alternating with norm-constrained interlayers, norm-constrained head), over depths at the
 * width {@code d + 3 = 5} of the fixed-width theorem and over widths at a fixed depth. Each network
 * is trained by Adam on a one-cycle schedule with the multi-class hinge loss; measured: test
 * accuracy per depth and per width, and the certified Lipschitz bound of every network (1 by
 * construction, up to the tolerance of the conv bounds; exactly 1 for these dense ones).
 */
public final class LipschitzMoons implements Experiment<LipschitzMoons.Config> {

    /**
     * @param points       points in the data set (half per moon)
     * @param noise        standard deviation of the Gaussian noise added to each point
     * @param testFraction held-out fraction
     * @param depths       depths trained at width d + 3
     * @param widths       widths trained at depth {@code widthDepth}
     * @param widthDepth   the depth of the width sweep
     * @param steps        Adam steps per network
     * @param batch        minibatch size
     * @param lr           peak learning rate of the one-cycle schedule
     * @param margin       hinge-loss margin
     * @param grid         points per side of the decision-boundary grid
     */
    public record Config(int points, double noise, double testFraction, List<Integer> depths, List<Integer> widths, int widthDepth,
                         int steps, int batch, double lr, double margin, int grid) {
        public Config {
            Require.atLeast(10, "points", points);
            Require.nonNegative("noise", noise);
            Require.fraction("testFraction", testFraction);
            Require.nonEmpty("depths", depths, 1);
            Require.nonEmpty("widths", widths, 1);
            Require.atLeast(1, "widthDepth", widthDepth, "batch", batch);
            Require.atLeast(2, "steps", steps, "grid", grid);
            Require.positive("lr", lr, "margin", margin);
        }
    }

    static final int DIM = 2;
    /** Test points per forward pass (the whole test set at our sizes). */
    private static final int EVAL_CHUNK = 4096;

    @Override public Info info() {
        return new Info("lipschitz-moons", "Fixed-width 1-Lipschitz ResNets on two moons over depth and width; test accuracy and certified bounds", "Murari, Furuya, Schönlieb, Approximation theory for 1-Lipschitz ResNets (2025)", "lipschitz");
    }

    /**
     * Peak learning rate 5e-3 at both scales: with 1e-2 or 2e-2, one seed in three left a depth-32 or
     * depth-64 net at an almost linear boundary (test accuracy ≈ 0.88); with 5e-3 seeds 1–4 reached
     * ≥ 0.989 at depths 16–64 in 400 steps.
     */
    @Override public Config config(Scale scale) {
        Config quick = new Config(4000, 0.1, 0.2, List.of(2, 4, 8, 16, 32, 64), List.of(10, 20, 30, 40), 10, 400, 128, 5e-3, 0.1, 40);
        return scale == Scale.QUICK ? quick : Configs.with(quick, "steps", 3000, "grid", 80);
    }

    @Override public String limits(Scale scale) {
        return scale != Scale.QUICK ? "" : "400 steps per network (paper scale 3,000): every certified bound is 1 and the accuracies are near their "
                + "plateau, but the deepest networks may not have converged, so a dip at one depth is not evidence against the theorem.";
    }

    @Override public Outcome run(Config c, Run run) throws Exception {
        Dataset.Split split = moons(c.points(), c.noise(), run.random("data")).split(c.testFraction(), run.random("split").nextLong());
        run.log("two moons: %d points, noise %s, %d train / %d test", c.points(), c.noise(), split.train().size(), split.test().size());
        int[] depths = c.depths().stream().mapToInt(Integer::intValue).toArray(), widths = c.widths().stream().mapToInt(Integer::intValue).toArray();
        double[] depthAcc = new double[depths.length], widthAcc = new double[widths.length];
        var b = Outcome.builder();
        List<double[]> metrics = new ArrayList<>();
        FixedWidthResNet deepest = null, widest = null;
        double maxBound = 0;
        for (int i = 0; i < depths.length; i++) {
            FixedWidthResNet net = fit(run, c, split.train(), DIM + 3, depths[i], "depth-" + depths[i]);
            depthAcc[i] = Training.accuracy(net, split.test(), EVAL_CHUNK);
            double bound = Lipschitz.bound(net, 1e-6);
            maxBound = Math.max(maxBound, bound);
            metrics.add(new double[] {depths[i], depthAcc[i], bound});
            run.log("width %d, depth %d: test accuracy %.4f, certified Lipschitz bound %.6f", DIM + 3, depths[i], depthAcc[i], bound);
            deepest = net;
        }
        List<double[]> wm = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            FixedWidthResNet net = fit(run, c, split.train(), widths[i], c.widthDepth(), "width-" + widths[i]);
            widthAcc[i] = Training.accuracy(net, split.test(), EVAL_CHUNK);
            double bound = Lipschitz.bound(net, 1e-6);
            maxBound = Math.max(maxBound, bound);
            wm.add(new double[] {widths[i], widthAcc[i], bound});
            run.log("width %d, depth %d: test accuracy %.4f, certified Lipschitz bound %.6f", widths[i], c.widthDepth(), widthAcc[i], bound);
            widest = net;
        }
        double best = 0;
        for (double a : depthAcc) best = Math.max(best, a);
        for (double a : widthAcc) best = Math.max(best, a);
        b.metric("best_test_accuracy", best).metric("max_certified_lipschitz_bound", maxBound);
        for (double[] m : metrics) b.metric("test_accuracy_depth_" + (int) m[0], m[1]).metric("lipschitz_bound_depth_" + (int) m[0], m[2]);
        for (double[] m : wm) b.metric("test_accuracy_width_" + (int) m[0], m[1]).metric("lipschitz_bound_width_" + (int) m[0], m[2]);
        double[] dx = java.util.Arrays.stream(depths).asDoubleStream().toArray(), wx = java.util.Arrays.stream(widths).asDoubleStream().toArray();
        b.plot(Plot.of("accuracy-vs-depth", "Test accuracy against depth (width " + (DIM + 3) + ")").axes("depth", "test accuracy").logX()
                .line("1-Lipschitz ResNet", dx, depthAcc).build());
        b.plot(Plot.of("accuracy-vs-width", "Test accuracy against width (depth " + c.widthDepth() + ")").axes("width", "test accuracy")
                .line("1-Lipschitz ResNet", wx, widthAcc).build());
        b.plot(boundary("boundary-deepest", "Decision regions, width " + (DIM + 3) + ", depth " + depths[depths.length - 1], deepest, split.test(), c.grid()));
        b.plot(boundary("boundary-widest", "Decision regions, width " + widths[widths.length - 1] + ", depth " + c.widthDepth(), widest, split.test(), c.grid()));
        return b.model("deepest", deepest).structure("widest", widest).build();
    }

    private static FixedWidthResNet fit(Run run, Config c, Dataset train, int width, int depth, String name) throws Exception {
        FixedWidthResNet net = new FixedWidthResNet(DIM, width, depth, 2, run.random("init-" + name));
        Optimizer adam = new Adam(net.namedParameters(), c.lr()).schedule(Schedule.oneCycle(c.lr(), c.steps())).projecting(net);
        net.train(true);
        run.fit(name, c.steps(), net, adam, rnd -> {
            Batch b = train.sample(rnd, c.batch());
            return Losses.multiClassHinge(net.forward(Tensor.constant(b.features())), b.labels(), c.margin());
        });
        net.eval();
        return net;
    }

    /** The moons of scikit-learn's {@code make_moons}: upper {@code (cos t, sin t)}, lower {@code (1 − cos t, ½ − sin t)}, t evenly in [0, π], plus noise. */
    public static Dataset moons(int points, double noise, Rng rng) {
        int upper = points / 2, lower = points - upper;
        double[] x = new double[2 * points];
        int[] y = new int[points];
        for (int i = 0; i < points; i++) {
            boolean up = i < upper;
            int k = up ? i : i - upper, m = up ? upper : lower;
            double t = Math.PI * k / Math.max(1, m - 1);
            x[2 * i] = (up ? Math.cos(t) : 1 - Math.cos(t)) + noise * rng.normal();
            x[2 * i + 1] = (up ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * rng.normal();
            y[i] = up ? 0 : 1;
        }
        return Dataset.ofClasses(NDArray.of(DType.F64, new int[] {points, 2}, x), y);
    }

    private static Plot boundary(String file, String title, FixedWidthResNet net, Dataset test, int grid) {
        double x0 = -1.5, x1 = 2.5, y0 = -1.0, y1 = 1.5;
        double[] g = new double[2 * grid * grid];
        for (int i = 0; i < grid; i++)
            for (int j = 0; j < grid; j++) {
                g[2 * (i * grid + j)] = x0 + (x1 - x0) * j / (grid - 1);
                g[2 * (i * grid + j) + 1] = y0 + (y1 - y0) * i / (grid - 1);
            }
        NDArray pred;
        try (var ng = GradMode.off()) { pred = net.forward(Tensor.constant(NDArray.of(new int[] {grid * grid, 2}, g))).value().argmax(1, false); }
        List<Double> rx = new ArrayList<>(), ry = new ArrayList<>();
        for (int k = 0; k < grid * grid; k++) if (pred.data()[k] == 1) { rx.add(g[2 * k]); ry.add(g[2 * k + 1]); }
        var p = Plot.of(file, title).axes("x₁", "x₂").equalAxes()
                .scatter("predicted lower", unbox(rx), unbox(ry));
        for (int cls = 0; cls < 2; cls++) {
            List<Double> px = new ArrayList<>(), py = new ArrayList<>();
            for (int k = 0; k < test.size(); k++)
                if (test.labels().data()[k] == cls) { px.add(test.features().data()[2 * k]); py.add(test.features().data()[2 * k + 1]); }
            p.scatter((cls == 0 ? "upper" : "lower") + " moon (test)", unbox(px), unbox(py));
        }
        return p.build();
    }

    private static double[] unbox(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).toArray(); }
}
