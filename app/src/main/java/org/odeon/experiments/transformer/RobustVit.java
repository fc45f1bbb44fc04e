package org.odeon.experiments.transformer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.odeon.autograd.Tensor;
import org.odeon.data.Dataset;
import org.odeon.data.FashionMnist;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.ExperimentException;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.models.transformer.Patches;
import org.odeon.models.transformer.TokenNet;
import org.odeon.nn.Losses;
import org.odeon.nn.Module;
import org.odeon.nn.Sequential;
import org.odeon.optim.Adam;
import org.odeon.optim.Optimizer;
import org.odeon.optim.Schedule;
import org.odeon.optim.Training;
import org.odeon.report.Plot;
import org.odeon.robust.Attacks;
import org.odeon.robust.Lipschitz;
import org.odeon.robust.Margins;
import org.odeon.robust.Normalize;
import org.odeon.tensor.NDArray;

/**
 * Fashion-MNIST as 16 tokens of 7×7 patches, classified by the standard pre-norm transformer and
 * by the Lipschitz transformer of the same width, depth, readout, loss and training budget (by
 * default cross-entropy of the logits times a temperature τ = 2, the head reading all 16 tokens;
 * Adam, one-cycle), then measured on raw images in [0, 1]: clean accuracy, L2-PGD robust
 * accuracy over ε, and — for the Lipschitz model — certified accuracy (margin {@code > √2·L·ε})
 * from its end-to-end bound {@code L = (1/std)·1·r_in·Πᵦ(Lip_x + 4·C)ᵦ·readout·r_out} with readout
 * 1 for the concatenation and 1/4 for the mean ({@link TokenNet#lipschitzBound} on T = 16 tokens),
 * beside an empirical lower bound from a pair search. The temperature acts in the loss only: the
 * certified map is the network's own logits. The run also records how much of its admissible step
 * each Lipschitz block uses ({@code ηβ/2}, {@code τ/τ_max}), since a block at step 0 is the identity.
 */
public final class RobustVit implements Experiment<RobustVit.Config> {

    /**
     * @param data         folder with the Fashion-MNIST IDX files; empty: $ODEON_FASHION_MNIST or the system location
     * @param models       the models to train (standard, lipschitz)
     * @param trainSize    training images used (the first ones)
     * @param testSize     test images for clean accuracy
     * @param readout      how the classification head sees the tokens: their mean, or all of them concatenated
     * @param width        model width D
     * @param depth        blocks
     * @param heads        attention heads (the standard model's heads have width D/heads)
     * @param headDim      width of a gradient-flow attention head
     * @param hidden       MLP width
     * @param radius       token radius R of the gradient-flow attention
     * @param embedRadius  norm bound of the Lipschitz model's patch embedding
     * @param headRadius   norm bound of its classification head
     * @param stepCap      κ ∈ (0, 1]: its attention steps stay below κ·2/β, which scales the context term of the certificate
     * @param steps        optimizer steps per model
     * @param batch        minibatch size
     * @param lr           peak learning rate
     * @param loss         the training loss: {@code hinge} (multi-class, margin {@code margin}) or {@code cross-entropy} of
     *                     the logits times {@code temperature} (the temperature lives in the loss only: the certified map and
     *                     its bound are the network's own logits)
     * @param margin       hinge-loss margin
     * @param temperature  τ > 0 multiplying the logits inside the cross-entropy (a 1-Lipschitz net needs τ ≫ 1 to reach
     *                     confident softmax outputs; smaller τ trains larger margins, Béthune et al. 2022)
     * @param attackImages test images attacked and certified
     * @param pgdSteps     PGD iterations (step 2.5ε/pgdSteps)
     * @param restarts     PGD random restarts
     * @param lowerBoundSteps ascent steps of the empirical Lipschitz lower bound (from 16 test images)
     */
    public record Config(String data, List<TokenNet.Kind> models, int trainSize, int testSize, TokenNet.Readout readout, int width, int depth, int heads, int headDim, int hidden,
                         double radius, double embedRadius, double headRadius, double stepCap, int steps, int batch, double lr, Loss loss, double margin, double temperature,
                         int attackImages, int pgdSteps, int restarts, int lowerBoundSteps) {
        public Config {
            Require.nonEmpty("models", models, 1);
            if (trainSize < 1 || testSize < 1 || width < 1 || depth < 1 || heads < 1 || headDim < 1 || hidden < 1 || steps < 2 || batch < 1
                    || attackImages < 1 || pgdSteps < 1 || restarts < 1 || lowerBoundSteps < 0)
                throw new IllegalArgumentException("sizes, steps and counts must be positive (steps ≥ 2, lowerBoundSteps ≥ 0)");
            if (width % heads != 0) throw new IllegalArgumentException("width " + width + " must be a multiple of heads " + heads);
            if (readout == null || readout == TokenNet.Readout.LAST) throw new IllegalArgumentException("readout must be mean or flatten, got " + readout);
            if (loss == null) throw new IllegalArgumentException("loss must be hinge or cross-entropy");
            if (!(lr > 0) || !(margin > 0) || !(temperature > 0 && Double.isFinite(temperature)) || !(radius > 0) || !(embedRadius > 0) || !(headRadius > 0) || !(stepCap > 0 && stepCap <= 1))
                throw new IllegalArgumentException("lr, margin, temperature and radii must be positive, stepCap in (0, 1]");
        }
    }

    /** Training losses of the classifiers. */
    public enum Loss {
        HINGE, CROSS_ENTROPY;

        Tensor of(Tensor logits, NDArray labels, Config c) {
            return this == HINGE ? Losses.multiClassHinge(logits, labels, c.margin())
                    : Losses.crossEntropy(logits.mul(Tensor.scalar(c.temperature()).astype(logits.dtype())), labels);
        }
    }

    static final double[] EPSILONS = {0, 8 / 255.0, 16 / 255.0, 36 / 255.0, 0.3, 0.5, 0.6, 0.8, 1.0};
    static final double MEAN = 0.2860, STD = 0.3530, TOL = 1e-3;
    static final int PATCH = 7, TOKENS = 16;

    @Override public Info info() {
        return new Info("robust-vit",
                "Fashion-MNIST as 16 patch tokens: standard vs Lipschitz transformer, clean / L2-PGD / certified accuracy over ε",
                "Furuya, Murari, Schönlieb, Approximation Theory for Lipschitz Continuous Transformers (2025)", "transformer");
    }

    @Override public String limits(Scale scale) {
        return switch (scale) {
            case QUICK -> "6,000 images and 300 steps: far from converged, and PGD of 5 steps on 128 images only; the paper scale "
                    + "is the measurement.";
            case PAPER -> "A reduced budget: 1,500 steps of 128 (3.2 epochs of 60k images) with width 32 and two blocks, to fit 40 minutes "
                    + "on two shared cores, not 20 epochs of a four-block width-64 model (several hours).";
        };
    }

    /** Quick: 6k images, width 32, two blocks, 300 steps. Paper: all 60k images, the same model, 1,500 steps of 128; PGD of 10 steps on 1,024 test images. */
    @Override public Config config(Scale scale) {
        String dir = "";   // the located Fashion-MNIST ($ODEON_FASHION_MNIST, then the system folder)
        return switch (scale) {
            case QUICK -> new Config(dir, IclRegression.BOTH, 6000, 1000, TokenNet.Readout.FLATTEN, 32, 2, 2, 16, 64, 8, 1, 1, 0.05, 300, 64, 3e-3, Loss.CROSS_ENTROPY, 2, 2, 128, 5, 1, 10);
            case PAPER -> new Config(dir, IclRegression.BOTH, 60000, 10000, TokenNet.Readout.FLATTEN, 32, 2, 2, 16, 64, 8, 1, 1, 0.05, 1500, 128, 3e-3, Loss.CROSS_ENTROPY, 2, 2, 1024, 10, 1, 40);
        };
    }

    record Result(String model, double clean, double[] robust, double[] certified, double bound, double lower, double seconds) {}

    @Override public Outcome run(Config c, Run run) throws Exception {
        Path dir = FashionMnist.folder(c.data());
        if (!FashionMnist.isAvailable(dir))
            throw new ExperimentException("Fashion-MNIST not found in " + dir + " (apt-get install dataset-fashion-mnist, or --set data=DIR)");
        Dataset.Split all = FashionMnist.load(dir, c.trainSize(), c.testSize());
        Dataset train = all.train(), test = all.test();
        Dataset attacked = first(test, c.attackImages());
        run.log("Fashion-MNIST from %s: %d training, %d test images, %d attacked", dir, train.size(), test.size(), attacked.size());
        List<Result> results = new java.util.ArrayList<>();
        Map<String, Double> steps = new LinkedHashMap<>();
        Map<String, NDArray> weights = new LinkedHashMap<>();
        Map<String, Module> models = new LinkedHashMap<>();
        for (TokenNet.Kind k : c.models()) {
            String name = IclRegression.label(k);
            Sequential model = model(c, k, run.random("init-" + name));
            TokenNet net = (TokenNet) model.get(2);
            long t0 = System.nanoTime();
            Optimizer opt = new Adam(model.namedParameters(), c.lr()).schedule(Schedule.oneCycle(c.lr(), c.steps())).projecting(model);
            model.train(true);
            Training fit = run.fit("train-" + name, c.steps(), model, opt, rnd -> {
                var b = train.sample(rnd, c.batch());
                return c.loss().of(model.forward(Tensor.constant(b.features())), b.labels(), c);
            });
            model.eval();
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double clean = Training.accuracy(model, test, 500);
            double bound = k == TokenNet.Kind.LIPSCHITZ ? Lipschitz.bound(model, TOL) : Double.NaN;
            NDArray margins = Attacks.margins(model, attacked.features(), attacked.labels());
            double[] robust = new double[EPSILONS.length], certified = new double[EPSILONS.length];
            var seeds = run.random("attack-" + name);
            for (int e = 0; e < EPSILONS.length; e++) {
                double eps = EPSILONS[e];
                robust[e] = Attacks.pgdAccuracy(model, attacked, Attacks.Norm.L2, eps, c.pgdSteps(), 2.5 * eps / c.pgdSteps(), c.restarts(), seeds.nextLong(), 256);
                certified[e] = Double.isNaN(bound) ? Double.NaN : Margins.certifiedAccuracy(margins, bound, eps);
            }
            double lower = Lipschitz.lowerBound(model, first(test, 16).features(), 0.1, c.lowerBoundSteps(), 0.1, run.random("lower-" + name).nextLong()).ratio();
            double seconds = (System.nanoTime() - t0) / 1e9;
            run.log("%s: clean %.4f, PGD@36/255 %.4f, PGD@0.5 %.4f, PGD@1.0 %.4f, certified@36/255 %s, L ≤ %s, L ≥ %.4g, final loss %.4f, train %.0f s, total %.0f s",
                    name, clean, robust[3], robust[5], robust[8], Double.isNaN(bound) ? "—" : String.format(Locale.ROOT, "%.4f", certified[3]),
                    Double.isNaN(bound) ? "—" : String.format(Locale.ROOT, "%.4g", bound), lower, fit.finalLoss(), trainSeconds, seconds);
            if (k == TokenNet.Kind.LIPSCHITZ) IclRegression.logSteps(net, name, run, steps);
            results.add(new Result(name, clean, robust, certified, bound, lower, trainSeconds));
            model.stateDict().forEach((n, v) -> weights.put(name + "." + n, v));
            models.put(name, model);
        }
        var b = outcome(results, weights);
        steps.forEach(b::metric);
        models.forEach(b::structure);
        return b.build();
    }

    /** The classifier of kind {@code k}: normalisation, 7×7 patches as 16 tokens, the {@link TokenNet} of {@code c}'s sizes. */
    static Sequential model(Config c, TokenNet.Kind k, org.odeon.tensor.Rng rng) {
        TokenNet net = new TokenNet(k, c.readout(), true, new TokenNet.Config(PATCH * PATCH, c.width(), c.depth(), c.heads(),
                k == TokenNet.Kind.STANDARD ? c.width() / c.heads() : c.headDim(), c.hidden(), 10, TOKENS, c.radius(), c.embedRadius(), c.headRadius(), c.stepCap()),
                rng);
        return new Sequential(new Normalize(new double[] {MEAN}, new double[] {STD}), new Patches(PATCH), net);
    }

    static Outcome.Builder outcome(List<Result> results, Map<String, NDArray> weights) {
        var b = Outcome.builder();
        Result lip = results.stream().filter(r -> r.model().equals("lipschitz")).findFirst().orElse(null);
        Result std = results.stream().filter(r -> r.model().equals("standard")).findFirst().orElse(null);
        if (lip != null && std != null) b.metric("pgd_gain_lipschitz_over_standard_eps_1_0", lip.robust()[8] - std.robust()[8]);
        var robust = Plot.of("robust-accuracy", "L2-PGD robust accuracy against ε").axes("ε (L2, pixels in [0, 1])", "robust accuracy");
        var cert = Plot.of("certified-accuracy", "Certified accuracy (margin > √2·L·ε) against ε").axes("ε (L2)", "certified accuracy");
        for (Result r : results) {
            b.metric(r.model() + "_clean_accuracy", r.clean());
            for (int e = 1; e < EPSILONS.length; e++) {
                b.metric(r.model() + "_robust_accuracy_eps_" + epsName(EPSILONS[e]), r.robust()[e]);
                if (!Double.isNaN(r.bound())) b.metric(r.model() + "_certified_accuracy_eps_" + epsName(EPSILONS[e]), r.certified()[e]);
            }
            if (!Double.isNaN(r.bound())) b.metric(r.model() + "_lipschitz_bound", r.bound());
            b.metric(r.model() + "_lipschitz_lower_bound", r.lower());
            b.metric(r.model() + "_train_seconds", r.seconds());
            robust.line(r.model(), EPSILONS, r.robust());
            if (!Double.isNaN(r.bound())) cert.line(r.model(), EPSILONS, r.certified());
        }
        return b.plot(robust.build()).plot(cert.build()).model(weights);
    }

    static Dataset first(Dataset d, int n) {
        int m = Math.min(n, d.size());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;
        return d.subset(idx);
    }

    /** {@code 8/255 → "8_255"}, {@code 0.5 → "0_5"}. */
    static String epsName(double eps) {
        for (int k : new int[] {8, 16, 36}) if (Math.abs(eps - k / 255.0) < 1e-12) return k + "_255";
        return String.format(Locale.ROOT, "%.1f", eps).replace('.', '_');
    }
}
