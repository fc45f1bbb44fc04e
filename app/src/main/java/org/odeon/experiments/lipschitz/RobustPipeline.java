package org.odeon.experiments.lipschitz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.odeon.autograd.Tensor;
import org.odeon.data.Augmentation;
import org.odeon.data.Batch;
import org.odeon.data.Dataset;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Run;
import org.odeon.models.lipschitz.Regime;
import org.odeon.nn.Losses;
import org.odeon.nn.Module;
import org.odeon.optim.Optimizer;
import org.odeon.optim.Training;
import org.odeon.report.Plot;
import org.odeon.robust.Attacks;
import org.odeon.robust.Lipschitz;
import org.odeon.robust.Margins;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The robustness pipeline shared by {@code robust-fashion} and {@code robust-cifar}: for each regime,
 * train a classifier with the multi-class hinge loss (projecting onto the constraint sets after
 * every step), then measure on raw test images in [0, 1]
 * <ul>
 *   <li>clean accuracy on the whole test set;</li>
 *   <li>on the first {@code attackImages} test images, for each ε of {@link #EPSILONS}: L2-PGD robust
 *       accuracy and certified accuracy (margin {@code > √2·L·ε});</li>
 *   <li>the area under the robust-accuracy curve over ε (trapezoid rule);</li>
 *   <li>the certified Lipschitz bound {@code L} and an empirical lower bound from a pair search.</li>
 * </ul>
 */
final class RobustPipeline {
    private RobustPipeline() {}

    static final double[] EPSILONS = {0, 8 / 255.0, 16 / 255.0, 36 / 255.0, 0.3, 0.5, 0.6, 0.8, 1.0};
    static final double TOL = 1e-3;

    /** How to train and attack; {@code optimizer} builds the optimizer for a model and the number of steps. */
    record Settings(int steps, int batch, double margin, Augmentation augmentation, Function<Module, Optimizer> optimizer,
                    int attackImages, int pgdSteps, int restarts, int lowerBoundStarts, int lowerBoundSteps) {}

    /** The measurements of one regime. */
    record Result(Regime regime, double clean, double[] robust, double[] certified, double auc, double bound, double lower, double seconds) {}

    static Result trainAndEvaluate(Run run, Regime regime, Module model, Dataset train, Dataset test, Settings s) throws Exception {
        long t0 = System.nanoTime();
        Optimizer opt = s.optimizer().apply(model).projecting(model);
        model.train(true);
        Training fit = run.fit("train-" + regime.label(), s.steps(), model, opt, rnd -> {
            Batch b = train.sample(rnd, s.batch());
            NDArray x = b.features().astype(DType.F64);  // images are float32-valued; the networks train in float64
            if (s.augmentation() != null) x = s.augmentation().apply(x, rnd);
            return Losses.multiClassHinge(model.forward(Tensor.constant(x)), b.labels(), s.margin());
        });
        model.eval();
        double clean = Training.accuracy(model, test, 500);
        int m = Math.min(s.attackImages(), test.size());
        int[] first = new int[m];
        for (int i = 0; i < m; i++) first[i] = i;
        Dataset attacked = test.subset(first);
        double bound = Lipschitz.bound(model, TOL);
        NDArray margins = Attacks.margins(model, attacked.features(), attacked.labels());
        double[] robust = new double[EPSILONS.length], certified = new double[EPSILONS.length];
        Rng attackSeeds = run.random("attack-" + regime.label());
        for (int e = 0; e < EPSILONS.length; e++) {
            double eps = EPSILONS[e];
            // L2-PGD with step 2.5ε/steps (the usual choice), 256 images at a time
            robust[e] = Attacks.pgdAccuracy(model, attacked, Attacks.Norm.L2, eps, s.pgdSteps(), 2.5 * eps / s.pgdSteps(), s.restarts(), attackSeeds.nextLong(), 256);
            certified[e] = Margins.certifiedAccuracy(margins, bound, eps);
        }
        double auc = Margins.area(EPSILONS, robust);
        NDArray starts = test.subset(java.util.Arrays.copyOf(first, Math.min(m, s.lowerBoundStarts()))).features();
        double lower = Lipschitz.lowerBound(model, starts, 0.1, s.lowerBoundSteps(), 0.1, run.random("lower-" + regime.label()).nextLong()).ratio();
        double seconds = (System.nanoTime() - t0) / 1e9;
        run.log("%s: clean %.4f, robust@0.5 %.4f, certified@36/255 %.4f, AUC %.4f, L ≤ %.4g, L ≥ %.4g, final loss %.4f (%.0f s)",
                regime.label(), clean, robust[5], certified[3], auc, bound, lower, fit.finalLoss(), seconds);
        return new Result(regime, clean, robust, certified, auc, bound, lower, seconds);
    }

    /** Metrics (headline: the best constrained regime's robust accuracy at ε = 0.5), the ε plots, a table in the log. */
    static Outcome outcome(Run run, List<Result> results, Map<Regime, Module> models) {
        var b = Outcome.builder();
        Result best = null;
        for (Result r : results) if (r.regime().constrained() && (best == null || r.robust()[5] > best.robust()[5])) best = r;
        if (best != null) b.metric("best_constrained_robust_accuracy_eps_0_5", best.robust()[5]);
        for (Result r : results) {
            String p = r.regime().label();
            b.metric(p + "_clean_accuracy", r.clean());
            for (int e = 1; e < EPSILONS.length; e++) {
                b.metric(p + "_robust_accuracy_eps_" + epsName(EPSILONS[e]), r.robust()[e]);
                b.metric(p + "_certified_accuracy_eps_" + epsName(EPSILONS[e]), r.certified()[e]);
            }
            b.metric(p + "_robust_auc", r.auc());
            b.metric(p + "_lipschitz_bound", r.bound());
            b.metric(p + "_lipschitz_lower_bound", r.lower());
            b.metric(p + "_seconds", r.seconds());
        }
        var robust = Plot.of("robust-accuracy", "L2-PGD robust accuracy against ε").axes("ε (L2, inputs in [0, 1])", "robust accuracy");
        var cert = Plot.of("certified-accuracy", "Certified accuracy (margin > √2·L·ε) against ε").axes("ε (L2)", "certified accuracy");
        for (Result r : results) {
            robust.line(r.regime().label(), EPSILONS, r.robust());
            cert.line(r.regime().label(), EPSILONS, r.certified());
        }
        b.plot(robust.build()).plot(cert.build()).model(weights(models));
        models.forEach((r, m) -> b.structure(r.label(), m));
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-12s %6s", "regime", "clean"));
        for (int e = 1; e < EPSILONS.length; e++) t.append(String.format(Locale.ROOT, " %7s", "r@" + epsName(EPSILONS[e])));
        t.append(String.format(Locale.ROOT, " %6s %10s %10s", "AUC", "L ≤", "L ≥"));
        run.log("%s", t);
        for (Result r : results) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-12s %6.4f", r.regime().label(), r.clean()));
            for (int e = 1; e < EPSILONS.length; e++) row.append(String.format(Locale.ROOT, " %7.4f", r.robust()[e]));
            row.append(String.format(Locale.ROOT, " %6.4f %10.4g %10.4g", r.auc(), r.bound(), r.lower()));
            run.log("%s", row);
        }
        return b.build();
    }

    /** {@code 8/255 → "8_255"}, {@code 0.5 → "0_5"}. */
    static String epsName(double eps) {
        for (int k : new int[] {8, 16, 36}) if (Math.abs(eps - k / 255.0) < 1e-12) return k + "_255";
        return String.format(Locale.ROOT, "%.1f", eps).replace('.', '_');
    }

    /** Every regime's weights under {@code <regime>.<name>}. */
    static Map<String, NDArray> weights(Map<Regime, Module> models) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        models.forEach((r, m) -> m.stateDict().forEach((k, v) -> out.put(r.label() + "." + k, v)));
        return out;
    }
}
