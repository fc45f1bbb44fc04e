package org.odeon.experiments.flowmap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.data.Dataset;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.experiments.lipschitz.LipschitzMoons;
import org.odeon.models.flowmap.FlowMapActivation;
import org.odeon.models.flowmap.FlowMapNetwork;
import org.odeon.nn.Activation;
import org.odeon.nn.Linear;
import org.odeon.nn.Losses;
import org.odeon.nn.Module;
import org.odeon.nn.Sequential;
import org.odeon.ode.ButcherTableau;
import org.odeon.optim.Adam;
import org.odeon.optim.Optimizer;
import org.odeon.report.Plot;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Shallow networks with a learned flow-map activation, after "Approximation properties of neural
 * ODEs": {@code f(x) = C Φ_T(Ax + b) + e} with a scalar neural ODE {@code Φ_T} (Heun steps), with and
 * without each of the paper's constraints — a one-sided Lipschitz bound on the vector field
 * ({@code μ ≤ mu}, so {@code Lip(Φ_T) ≤ e^{T·mu}} for the exact flow) and unit spectral norm of
 * {@code A} and {@code C} — against shallow and deep tanh MLPs of the same parameter count. Two
 * tasks: regression of a random LeakyReLU network in each input dimension (relative RMSE on held-out
 * points) and two-moons classification (test error). Measured per model and parameter budget: the
 * error, the parameter count, the certified Lipschitz bound (the discrete integrator's for the
 * flow-map networks, the product of layer norms for the MLPs) and a searched lower bound on the
 * Lipschitz constant (adversarial pairs), which must stay below it; all of it also as {@code table.md}.
 */
public final class FlowMapActivations implements Experiment<FlowMapActivations.Config> {

    /**
     * @param dims        input dimensions of the random LeakyReLU targets
     * @param budgets     parameter budgets; each model is sized to the smallest count ≥ the budget
     * @param points      training points per task (as many again held out)
     * @param steps       Adam steps per model
     * @param lr          Adam learning rate
     * @param time        final time T of the flow-map activation
     * @param odeSteps    Heun steps over [0, T]
     * @param odeHidden   hidden width of the activation's vector field
     * @param mu          the one-sided Lipschitz bound of the constrained field
     */
    public record Config(List<Integer> dims, List<Integer> budgets, int points, int steps, double lr, double time, int odeSteps, int odeHidden, double mu) {
        public Config {
            Require.nonEmpty("dims", dims, 1);
            Require.nonEmpty("budgets", budgets, 1);
            Require.atLeast(10, "points", points);
            Require.atLeast(1, "steps", steps, "odeSteps", odeSteps, "odeHidden", odeHidden);
            Require.positive("lr", lr, "time", time);
            if (!Double.isFinite(mu)) throw new IllegalArgumentException("mu must be finite, got " + mu);
        }
    }

    @Override public Info info() {
        return new Info("flowmap-activation",
                "Shallow networks with a neural-ODE flow-map activation, with and without the Lipschitz and unit-norm constraints, against shallow and deep MLPs at equal parameter count; error and certified bounds",
                "De Marinis, Murari, Celledoni et al., Approximation properties of neural ODEs (2025)",
                "neural-ode activations");
    }

    @Override public String limits(Scale scale) {
        return switch (scale) {
            case QUICK -> "Input dimension 2 only and two parameter budgets on 500 points: the table's trend with the parameter count "
                    + "and the higher dimensions need the paper scale.";
            case PAPER -> "";
        };
    }

    @Override public Config config(Scale scale) {
        Config quick = new Config(List.of(2), List.of(50, 200), 500, 250, 1e-2, 1, 4, 8, 0);
        return scale == Scale.QUICK ? quick : Configs.with(quick, "dims", List.of(2, 5, 10), "budgets", List.of(50, 100, 200, 400, 800),
                "points", 4000, "steps", 3000, "lr", 5e-3, "odeSteps", 8, "odeHidden", 16);
    }

    /** A model kind: its name and a constructor from a size knob. */
    record Kind(String name, boolean flowMap, boolean lipschitz, boolean unitNorm) {}

    static final List<Kind> KINDS = List.of(new Kind("flowmap", true, false, false), new Kind("flowmap-lipschitz", true, true, false),
            new Kind("flowmap-unit-norm", true, false, true), new Kind("flowmap-both", true, true, true),
            new Kind("shallow-mlp", false, false, false), new Kind("deep-mlp", false, false, false));

    /** A task: training and test data and whether it is classification. */
    record Task(String name, Dataset train, Dataset test, int in, int out, boolean classify) {}

    @Override public Outcome run(Config c, Run run) throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (int d : c.dims()) tasks.add(leakyTarget(d, c.points(), run.random("target-" + d)));
        Dataset moons = LipschitzMoons.moons(2 * c.points(), 0.1, run.random("moons"));
        Dataset.Split ms = moons.split(0.5, run.random("moons-split").nextLong());
        tasks.add(new Task("moons", ms.train(), ms.test(), 2, 2, true));
        int[] budgets = c.budgets().stream().mapToInt(Integer::intValue).toArray();
        var out = Outcome.builder();
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<Plot> plots = new ArrayList<>();
        double worstSlack = Double.POSITIVE_INFINITY;
        var table = new StringBuilder(String.format(Locale.ROOT, "| task | model | parameters | test error | certified Lipschitz | searched Lipschitz (lower bound) | bound holds |%n"
                + "|---|---|---:|---:|---:|---:|---|%n"));
        for (Task task : tasks) {
            var errPlot = Plot.of("error-" + task.name(), "Test " + (task.classify() ? "error" : "relative RMSE") + ", " + task.name()).axes("parameters", "error").logX().logY();
            var boundPlot = Plot.of("bound-" + task.name(), "Certified Lipschitz bound, " + task.name()).axes("parameters", "bound").logX().logY();
            for (Kind kind : KINDS) {
                double[] px = new double[budgets.length], err = new double[budgets.length], bnd = new double[budgets.length];
                for (int i = 0; i < budgets.length; i++) {
                    String name = task.name() + "-" + kind.name() + "-p" + budgets[i], key = name.replace('-', '_');
                    Rng init = run.random("init-" + name);
                    Module model = sized(budgets[i], size -> build(kind, task, size, c, new Rng(init.nextLong() ^ size)));
                    train(run, c, task, model, name);
                    px[i] = model.parameterCount();
                    err[i] = error(model, task);
                    bnd[i] = Lipschitz.bound(model, 1e-9);
                    metrics.put("error_" + key, err[i]);
                    metrics.put("parameters_" + key, px[i]);
                    metrics.put("certified_lipschitz_" + key, bnd[i]);
                    double found = Lipschitz.lowerBound(model, task.test().subset(range(16)).features(), 0.3, 30, 0.2, 1).ratio();
                    metrics.put("searched_lipschitz_" + key, found);
                    worstSlack = Math.min(worstSlack, bnd[i] - found);
                    table.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4g | %.4g | %.4g | %s |%n", task.name(), kind.name(), model.parameterCount(),
                            err[i], bnd[i], found, found <= bnd[i] ? "yes" : "**no**"));
                    out.structure(key, model);
                    run.log("%s: %d parameters, error %.4g, certified Lipschitz %.4g, searched %.4g", name, model.parameterCount(), err[i], bnd[i], found);
                }
                double[] shown = err.clone();   // an error of exactly 0 is drawn at half of one test point, so the log axis keeps it
                for (int i = 0; i < shown.length; i++) shown[i] = Math.max(shown[i], 0.5 / task.test().size());
                errPlot.line(kind.name(), px, shown);
                boundPlot.line(kind.name(), px, bnd);
            }
            plots.add(errPlot.build());
            plots.add(boundPlot.build());
        }
        java.nio.file.Files.writeString(run.folder().resolve("table.md"), table.toString());
        run.log("error against parameters, with the certified and searched Lipschitz constants:%n%s", table);
        out.metric("certified_minus_searched_lipschitz_min", worstSlack);
        metrics.forEach(out::metric);
        plots.forEach(out::plot);
        return out.build();
    }

    static Module build(Kind k, Task t, int size, Config c, Rng rng) {
        if (k.flowMap()) {
            FlowMapActivation phi = new FlowMapActivation(1, c.odeHidden(), c.time(), c.odeSteps(), ButcherTableau.HEUN, k.lipschitz() ? c.mu() : Double.NaN, rng);
            return new FlowMapNetwork(t.in(), size, t.out(), phi, k.unitNorm(), rng);
        }
        if (k.name().equals("shallow-mlp")) return new Sequential(new Linear(t.in(), size, rng), Activation.tanh(), new Linear(size, t.out(), rng));
        return new Sequential(new Linear(t.in(), size, rng), Activation.tanh(), new Linear(size, size, rng), Activation.tanh(),
                new Linear(size, size, rng), Activation.tanh(), new Linear(size, t.out(), rng));
    }

    /** The model at the smallest size knob whose parameter count reaches {@code budget}. */
    static Module sized(int budget, IntFunction<Module> make) {
        for (int size = 1; ; size++) {
            Module m = make.apply(size);
            if (m.parameterCount() >= budget) return m;
        }
    }

    static void train(Run run, Config c, Task task, Module model, String name) throws Exception {
        Optimizer adam = new Adam(model.namedParameters(), c.lr()).projecting(model);
        Tensor x = Tensor.constant(task.train().features());
        NDArray y = task.train().labels();
        run.fit(name, c.steps(), model, adam, rnd -> {
            Tensor pred = model.forward(x);
            return task.classify() ? Losses.crossEntropy(pred, y) : Losses.mse(pred, Tensor.constant(y));
        });
    }

    /** Test error rate (classification) or RMSE over the targets' standard deviation (regression). */
    static double error(Module model, Task task) {
        try (var ng = GradMode.off()) {
            NDArray pred = model.forward(Tensor.constant(task.test().features())).value();
            if (task.classify()) return 1 - Losses.accuracy(pred, task.test().labels());
            double[] p = pred.data(), y = task.test().labels().data();
            double se = 0, mean = 0, var = 0;
            for (double v : y) mean += v / y.length;
            for (int i = 0; i < y.length; i++) { se += (p[i] - y[i]) * (p[i] - y[i]); var += (y[i] - mean) * (y[i] - mean); }
            return Math.sqrt(se / var);
        }
    }

    /** {@code y = g(x)}, {@code g} a random LeakyReLU(0.2) network {@code d → 16 → 16 → 1}, {@code x} uniform in {@code [−1, 1]^d}. */
    static Task leakyTarget(int d, int points, Rng rng) {
        Sequential g = new Sequential(new Linear(d, 16, true, org.odeon.nn.Init.normal(0, 1 / Math.sqrt(d)), rng), Activation.leakyRelu(0.2),
                new Linear(16, 16, true, org.odeon.nn.Init.normal(0, 0.25), rng), Activation.leakyRelu(0.2),
                new Linear(16, 1, true, org.odeon.nn.Init.normal(0, 0.25), rng));
        NDArray x = rng.uniform(DType.F64, -1, 1, 2 * points, d);
        NDArray y;
        try (var ng = GradMode.off()) { y = g.forward(Tensor.constant(x)).value(); }
        int[] tr = range(points), te = new int[points];
        for (int i = 0; i < points; i++) te[i] = points + i;
        Dataset all = new Dataset(x, y);
        return new Task("leaky-d" + d, all.subset(tr), all.subset(te), d, 1, false);
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
