package org.odeon.experiments.lipschitz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.data.Augmentation;
import org.odeon.data.Dataset;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.ExperimentException;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.io.Cifar;
import org.odeon.models.lipschitz.Classifiers;
import org.odeon.models.lipschitz.Regime;
import org.odeon.nn.Module;
import org.odeon.optim.Schedule;
import org.odeon.optim.Sgd;
import org.odeon.tensor.NDArray;

/**
 * The robustness pipeline of {@link RobustPipeline} on CIFAR-10 or CIFAR-100 binary batches, with
 * the convolutional network of "Dynamical systems' based neural networks": three stages of
 * 32/64/128 channels, each a norm-constrained lift conv and {@code blocksPerStage} blocks (two
 * pairs = four 3×3 convolutions), 2×2 max pooling, a norm-constrained linear head; SGD with momentum
 * 0.9, learning rate ×0.1 every 30 epochs, random crop (4 px) and horizontal flip, hinge margin
 * 0.07, PGD with 10 steps on the first 1024 test images. Quick scale shrinks the channels, images
 * and steps so it finishes in about a minute.
 */
public final class RobustCifar implements Experiment<RobustCifar.Config> {

    /**
     * @param data           folder with {@code data_batch_1..5.bin} and {@code test_batch.bin} (CIFAR-10) or {@code train.bin} and {@code test.bin} (CIFAR-100)
     * @param regimes        the regimes to train
     * @param trainSize      training images used
     * @param testSize       test images for clean accuracy
     * @param channels       channels of the first stage (doubled at each of the three stages)
     * @param blocksPerStage blocks per stage
     * @param epochs         training epochs
     * @param batch          minibatch size
     * @param lr             initial SGD learning rate (×0.1 every {@code decayEvery} epochs)
     * @param decayEvery     epochs between learning-rate decays
     * @param margin         hinge-loss margin
     * @param attackImages   test images attacked and certified
     * @param pgdSteps       PGD iterations
     * @param restarts       PGD random restarts
     * @param lowerBoundStarts test images that start the Lipschitz pair search
     * @param lowerBoundSteps  ascent steps of that search
     */
    public record Config(String data, List<Regime> regimes, int trainSize, int testSize, int channels, int blocksPerStage, int epochs, int batch,
                         double lr, int decayEvery, double margin, int attackImages, int pgdSteps, int restarts, int lowerBoundStarts, int lowerBoundSteps) {
        public Config {
            Require.nonEmpty("regimes", regimes, 0);
            Require.atLeast(1, "trainSize", trainSize, "testSize", testSize, "channels", channels, "blocksPerStage", blocksPerStage, "epochs", epochs,
                    "batch", batch, "decayEvery", decayEvery, "attackImages", attackImages, "pgdSteps", pgdSteps, "restarts", restarts, "lowerBoundStarts", lowerBoundStarts);
            Require.atLeast(0, "lowerBoundSteps", lowerBoundSteps);
            Require.positive("lr", lr, "margin", margin);
        }
    }

    static final double[] MEAN = {0.4914, 0.4822, 0.4465}, STD = {0.2470, 0.2435, 0.2616};

    @Override public Info info() {
        return new Info("robust-cifar", "CIFAR-10/100 convolutional classifiers in the Lipschitz regimes; clean, L2-PGD and certified accuracy over ε", "Celledoni et al., Dynamical systems' based neural networks (2023), CIFAR experiments", "lipschitz");
    }

    @Override public Config config(Scale scale) {
        Config quick = new Config("/usr/share/datasets/cifar-10", List.of(Regime.BASELINE, Regime.CONTRACTIVE, Regime.FLEXIBLE), 512, 256, 4, 1, 1, 64,
                1e-2, 30, 0.07, 32, 2, 1, 4, 3);
        return scale == Scale.QUICK ? quick : Configs.with(quick, "regimes", RobustFashion.ALL, "trainSize", 50000, "testSize", 10000, "channels", 32,
                "blocksPerStage", 2, "epochs", 100, "batch", 128, "attackImages", 1024, "pgdSteps", 10, "lowerBoundStarts", 64, "lowerBoundSteps", 40);
    }

    @Override public String limits(Scale scale) {
        return "The paper's networks and 100 epochs are out of reach on 2 cores (days per regime); "
                + (scale == Scale.QUICK ? "this quick run (512 images, 4 channels, one epoch) checks the pipeline end to end, not the accuracies." : "");
    }

    @Override public Outcome run(Config c, Run run) throws Exception {
        Path dir = Path.of(c.data());
        Dataset[] sets = load(dir, c.trainSize(), c.testSize());
        Dataset train = sets[0], test = sets[1];
        int classes = Files.isRegularFile(dir.resolve("train.bin")) ? 100 : 10;
        run.log("CIFAR-%d from %s: %d training, %d test images", classes, dir, train.size(), test.size());
        int stepsPerEpoch = (train.size() + c.batch() - 1) / c.batch(), steps = c.epochs() * stepsPerEpoch;
        var settings = new RobustPipeline.Settings(steps, c.batch(), c.margin(), Augmentation.randomCrop(4).then(Augmentation.horizontalFlip(0.5)),
                m -> new Sgd(m.namedParameters(), c.lr(), 0.9, false, 0).schedule(Schedule.step(c.lr(), 0.1, (long) c.decayEvery() * stepsPerEpoch)),
                c.attackImages(), c.pgdSteps(), c.restarts(), c.lowerBoundStarts(), c.lowerBoundSteps());
        int[] channels = {c.channels(), 2 * c.channels(), 4 * c.channels()};
        List<RobustPipeline.Result> results = new ArrayList<>();
        Map<Regime, Module> models = new LinkedHashMap<>();
        for (Regime r : c.regimes()) {
            Module m = Classifiers.conv(r, new int[] {3, 32, 32}, MEAN, STD, channels, c.blocksPerStage(), classes, run.random("init-" + r.label()));
            models.put(r, m);
            results.add(RobustPipeline.trainAndEvaluate(run, r, m, train, test, settings));
        }
        return RobustPipeline.outcome(run, results, models);
    }

    /** CIFAR-10 ({@code data_batch_*.bin}, {@code test_batch.bin}) or CIFAR-100 ({@code train.bin}, {@code test.bin}); images in [0, 1]. */
    static Dataset[] load(Path dir, int trainSize, int testSize) throws IOException {
        boolean hundred = Files.isRegularFile(dir.resolve("train.bin"));
        List<Path> trainFiles = new ArrayList<>();
        if (hundred) trainFiles.add(dir.resolve("train.bin"));
        else for (int i = 1; i <= 5; i++) if (Files.isRegularFile(dir.resolve("data_batch_" + i + ".bin"))) trainFiles.add(dir.resolve("data_batch_" + i + ".bin"));
        Path testFile = dir.resolve(hundred ? "test.bin" : "test_batch.bin");
        if (trainFiles.isEmpty() || !Files.isRegularFile(testFile))
            throw new ExperimentException("no CIFAR binary batches in " + dir + " (expected data_batch_1.bin … and test_batch.bin, or train.bin and test.bin); set the folder with --set data=DIR");
        return new Dataset[] {read(trainFiles, hundred, trainSize), read(List.of(testFile), hundred, testSize)};
    }

    private static Dataset read(List<Path> files, boolean hundred, int limit) throws IOException {
        List<double[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path f : files) {
            if (labels.size() >= limit) break;
            Cifar.Batch b = hundred ? Cifar.read100(f) : Cifar.read10(f);
            int per = b.images().size() / b.size();
            double[] d = b.images().data();
            for (int i = 0; i < b.size() && labels.size() < limit; i++) {
                images.add(java.util.Arrays.copyOfRange(d, i * per, (i + 1) * per));
                labels.add(b.labels()[i]);
            }
        }
        int n = labels.size(), per = images.get(0).length;
        double[] x = new double[n * per];
        for (int i = 0; i < n; i++) System.arraycopy(images.get(i), 0, x, i * per, per);
        return Dataset.ofClasses(NDArray.of(new int[] {n, 3, 32, 32}, x), labels.stream().mapToInt(Integer::intValue).toArray());
    }
}
