package org.odeon.experiments.lipschitz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.data.Dataset;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.ExperimentException;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.io.Idx;
import org.odeon.models.lipschitz.Classifiers;
import org.odeon.models.lipschitz.Regime;
import org.odeon.nn.Module;
import org.odeon.optim.Adam;
import org.odeon.optim.Schedule;
import org.odeon.tensor.NDArray;

/**
 * Fashion-MNIST classifiers in the six regimes of {@link Regime} — the baseline ResNet, the
 * unconstrained ("naive") gradient-step network, and the contractive, flexible, prescribed and
 * adaptive non-expansive ones — trained with the multi-class hinge loss by Adam on a one-cycle
 * schedule, then attacked with L2-PGD and certified by their Lipschitz bounds (see
 * {@link RobustPipeline}). The networks are dense ResNets on the flattened image (lift 784 → w,
 * {@code blocks} blocks of width w, head w → 10) with the normalisation inside the model, so ε is
 * measured on raw pixels in [0, 1].
 */
public final class RobustFashion implements Experiment<RobustFashion.Config> {

    /**
     * @param data         folder with the four Fashion-MNIST IDX files (gzip or plain)
     * @param regimes      the regimes to train
     * @param trainSize    training images used (the first ones of the training set)
     * @param testSize     test images for clean accuracy (the first ones of the test set)
     * @param width        feature width of the residual blocks
     * @param blocks       residual blocks (each a pair of gradient steps, or an adaptive flow)
     * @param steps        optimizer steps per regime
     * @param batch        minibatch size
     * @param lr           peak learning rate of the one-cycle schedule
     * @param margin       hinge-loss margin
     * @param attackImages test images attacked and certified
     * @param pgdSteps     PGD iterations (step 2.5ε/pgdSteps)
     * @param restarts     PGD random restarts
     * @param lowerBoundStarts test images that start the pair search for the empirical Lipschitz lower bound
     * @param lowerBoundSteps  ascent steps of that search
     */
    public record Config(String data, List<Regime> regimes, int trainSize, int testSize, int width, int blocks, int steps, int batch,
                         double lr, double margin, int attackImages, int pgdSteps, int restarts, int lowerBoundStarts, int lowerBoundSteps) {
        public Config {
            Require.nonEmpty("regimes", regimes, 0);
            Require.atLeast(1, "trainSize", trainSize, "testSize", testSize, "width", width, "blocks", blocks, "batch", batch, "attackImages", attackImages,
                    "pgdSteps", pgdSteps, "restarts", restarts, "lowerBoundStarts", lowerBoundStarts);
            Require.atLeast(2, "steps", steps);
            Require.atLeast(0, "lowerBoundSteps", lowerBoundSteps);
            Require.positive("lr", lr, "margin", margin);
        }
    }

    static final double MEAN = 0.2860, STD = 0.3530;
    static final List<Regime> ALL = List.of(Regime.values());

    @Override public Info info() {
        return new Info("robust-fashion", "Fashion-MNIST classifiers in six Lipschitz regimes; clean, L2-PGD and certified accuracy over ε, Lipschitz bounds", "Celledoni et al., Dynamical systems' based neural networks (2023); Sherry et al., Designing Stable Neural Networks using Convex Analysis and ODEs (2024)", "lipschitz");
    }

    /**
     * Quick: 6k images, a narrow network, a few hundred steps. Paper: the whole sets, 20 epochs per
     * regime (about 35 minutes for all six on a quiet machine here), PGD on the first 1024 test images. The hinge margin
     * 2 is about √2·L·ε at ε = 0.5 for the certified L ≈ 1/0.353 of the constrained networks; a margin
     * of 0.5 gave 4–10 points less robust accuracy at ε ≥ 0.5 in every constrained regime.
     */
    @Override public Config config(Scale scale) {
        Config quick = new Config("/usr/share/datasets/fashion-mnist", ALL, 6000, 1000, 64, 2, 300, 64, 3e-3, 2, 128, 5, 1, 16, 10);
        return scale == Scale.QUICK ? quick : Configs.with(quick, "trainSize", 60000, "testSize", 10000, "width", 256, "blocks", 4, "steps", 9380,
                "batch", 128, "lr", 2e-3, "attackImages", 1024, "pgdSteps", 10, "lowerBoundStarts", 64, "lowerBoundSteps", 40);
    }

    @Override public Outcome run(Config c, Run run) throws Exception {
        Path dir = Path.of(c.data());
        Dataset train = load(dir, "train", c.trainSize()), test = load(dir, "t10k", c.testSize());
        run.log("Fashion-MNIST from %s: %d training, %d test images", dir, train.size(), test.size());
        var settings = new RobustPipeline.Settings(c.steps(), c.batch(), c.margin(), null,
                m -> new Adam(m.namedParameters(), c.lr()).schedule(Schedule.oneCycle(c.lr(), c.steps())),
                c.attackImages(), c.pgdSteps(), c.restarts(), c.lowerBoundStarts(), c.lowerBoundSteps());
        List<RobustPipeline.Result> results = new ArrayList<>();
        Map<Regime, Module> models = new LinkedHashMap<>();
        for (Regime r : c.regimes()) {
            Module m = Classifiers.dense(r, new int[] {1, 28, 28}, new double[] {MEAN}, new double[] {STD}, c.width(), c.blocks(), 10, run.random("init-" + r.label()));
            models.put(r, m);
            results.add(RobustPipeline.trainAndEvaluate(run, r, m, train, test, settings));
        }
        return RobustPipeline.outcome(run, results, models);
    }

    /** The first {@code limit} images of {@code <prefix>-images-idx3-ubyte[.gz]} as {@code [N, 1, 28, 28]} in [0, 1]. */
    static Dataset load(Path dir, String prefix, int limit) throws IOException {
        Path images = find(dir, prefix + "-images-idx3-ubyte"), labels = find(dir, prefix + "-labels-idx1-ubyte");
        NDArray x = Idx.readImagesScaled(images);
        int[] y = Idx.readLabels(labels);
        if (x.dim(0) != y.length) throw new ExperimentException(images + " has " + x.dim(0) + " images but " + labels + " has " + y.length + " labels");
        int n = Math.min(limit, y.length);
        NDArray head = NDArray.of(x.dtype(), new int[] {n, 1, x.dim(1), x.dim(2)}, java.util.Arrays.copyOf(x.data(), n * x.dim(1) * x.dim(2)));
        return Dataset.ofClasses(head, java.util.Arrays.copyOf(y, n));
    }

    static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) if (Files.isRegularFile(dir.resolve(name))) return dir.resolve(name);
        throw new ExperimentException("Fashion-MNIST file " + base + "[.gz] not found in " + dir + "; set the folder with --set data=DIR");
    }
}
