package org.odeon.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.lipschitz.LipschitzExperimentsTest;
import org.odeon.experiments.lipschitz.LipschitzMoons;
import org.odeon.experiments.lipschitz.RobustFashion;
import org.odeon.experiments.symplectic.SympFlowExperiment;

/**
 * Every piece of state that steers training is in the checkpoint: a run stopped at any step of any of
 * its training loops and resumed ends with exactly the metrics of the uninterrupted run.
 */
@Tag("slow")
class ResumeExactnessTest {
    @TempDir Path tmp;
    private int cases;
    private final Runner runner = new Runner(new PrintStream(new ByteArrayOutputStream(), true), false);

    /**
     * Runs straight, then for each stop step stops there and resumes; every metric must match to the last
     * bit, except wall-clock times.
     */
    private <C extends Record> void resumesExactly(Experiment<C> e, Map<String, String> settings, long... stops) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("case-" + ++cases));   // a test may compare several settings
        var straight = withoutTimes(runner.run(e, Scale.QUICK, 3, settings, root.resolve("straight"), false).metrics());
        for (long stop : stops) {
            Path dir = root.resolve("stopped-at-" + stop);
            assertEquals(Runner.Status.STOPPED, runner.run(e, Scale.QUICK, 3, settings, dir, false, StopSignal.afterSteps(stop)).status());
            var resumed = withoutTimes(runner.resume(new Registry().add(e), dir).metrics());
            for (var m : straight.entrySet())
                assertEquals(m.getValue(), resumed.get(m.getKey()), e.info().name() + " stopped after " + stop + " steps and resumed: " + m.getKey());
            assertEquals(straight.keySet(), resumed.keySet());
        }
    }

    /** Settings from alternating names and values (Map.of stops at ten). */
    private static Map<String, String> settings(String... namesAndValues) {
        var out = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < namesAndValues.length; i += 2) out.put(namesAndValues[i], namesAndValues[i + 1]);
        return out;
    }

    private static Map<String, Double> withoutTimes(Map<String, Double> metrics) {
        var out = new java.util.LinkedHashMap<>(metrics);
        out.keySet().removeIf(k -> k.contains("seconds"));
        return out;
    }

    @Test void robustFashionResumesExactlyInEveryRegime() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("fashion"));
        LipschitzExperimentsTest.writeFashionLike(data, "train", 200, 1);
        LipschitzExperimentsTest.writeFashionLike(data, "t10k", 40, 2);
        var settings = new HashMap<>(Map.of("data", data.toString(), "regimes", "baseline,naive,contractive,flexible,prescribed,adaptive",
                "width", "8", "blocks", "1", "steps", "12", "attackImages", "20", "pgdSteps", "2", "lowerBoundStarts", "2", "lowerBoundSteps", "2"));
        settings.put("batch", "16");
        // one stop inside each regime's loop of 12 steps, at a different step each time
        resumesExactly(new RobustFashion(), settings, 5, 12 + 7, 24 + 3, 36 + 9, 48 + 1, 60 + 11);
    }

    @Test void lipschitzMoonsResumesExactly() throws Exception {
        resumesExactly(new LipschitzMoons(), Map.of("points", "200", "depths", "2,4", "widths", "4", "steps", "20", "grid", "4"), 13, 20 + 5, 40 + 17);
    }

    @Test void sympFlowResumesExactly() throws Exception {
        resumesExactly(new SympFlowExperiment(), Map.of("epochs", "30", "samples", "64", "batch", "32", "rollout", "50", "compare", "2"), 11);
    }

    @Test void pixelPdeResumesExactly() throws Exception {
        resumesExactly(new org.odeon.experiments.pixel.PixelPde(), Map.of("equation", "heat", "model", "all", "grid", "16",
                "trainSequences", "4", "testSequences", "3", "frames", "6", "curriculum", "3,4", "stepsPerStage", "6", "batch", "4", "rollout", "10"), 4, 12 + 3);
    }

    @Test void pixelPdeResumesExactlyInsideTheLbfgsPhase() throws Exception {
        // the stops fall inside L-BFGS (after 12 Adam steps): its pairs and cached loss and gradient must come back
        resumesExactly(new org.odeon.experiments.pixel.PixelPde(), settings("equation", "heat", "model", "pixel", "grid", "16",
                "trainSequences", "4", "testSequences", "3", "frames", "6", "curriculum", "3,4", "stepsPerStage", "6", "batch", "4", "rollout", "10",
                "optimizer", "lbfgs", "lbfgsSteps", "8", "lbfgsBatch", "6"), 12 + 3, 12 + 6);
    }

    @Test void constrainedHamiltonianResumesExactly() throws Exception {
        resumesExactly(new org.odeon.experiments.constrained.ConstrainedHamiltonianExperiment(), Map.of("integrator", "cf4,rk4", "trainSize", "20",
                "batch", "10", "epochs", "3", "testSize", "2", "longSteps", "20", "width", "10", "depth", "1"), 3, 6 + 2);
    }

    @Test void neuralOperatorResumesExactly() throws Exception {
        resumesExactly(new org.odeon.experiments.operator.NeuralOperator(), Map.of("train", "16", "test", "4", "fine", "128", "stored", "128",
                "resolution", "32", "width", "8", "modes", "4", "layers", "2", "epochs", "3", "batch", "8"), 3);
    }

    @Test void flowMapActivationResumesExactly() throws Exception {
        resumesExactly(new org.odeon.experiments.flowmap.FlowMapActivations(), Map.of("budgets", "50", "points", "100", "steps", "12",
                "odeSteps", "2", "odeHidden", "4"), 7);
    }

    @Test void iclRegressionResumesExactly() throws Exception {
        resumesExactly(new org.odeon.experiments.transformer.IclRegression(), Map.of("context", "4", "width", "8", "depth", "1",
                "headDim", "4", "hidden", "8", "steps", "10", "batch", "8", "evalPrompts", "16", "searchSteps", "2"), 4, 10 + 6);
    }

    /** Two steps per arm; stops in the reflection, partial-isometry, regularised and ResNet arms. The regularised one draws its Jacobian probes from the step's generator. */
    @Test void deepIsometricResumesExactlyInEveryArm() throws Exception {
        resumesExactly(new org.odeon.experiments.isometric.DeepIsometric(), Map.of("depths", "3", "width", "8",
                "variants", "reflection,orthogonal-feedforward,partial-isometry,plain,plain-orthogonal-init,regularised,resnet",
                "epochs", "1", "trainSize", "32", "testSize", "16", "batch", "16", "spectrumInputs", "1"), 1, 4 + 1, 10 + 1, 12 + 1);
    }

    /** Every model and attack: each clean, surrogate and poisoned training keeps its best validation weights in the checkpoint. */
    @Test void graphRobustnessResumesExactlyForEveryModelAndAttack() throws Exception {
        var settings = new HashMap<>(Map.of("nodes", "60", "featureDim", "6", "model", "gcn,grand,contractive", "attack", "random,pgd,metattack,feature-l2",
                "rates", "0,0.1", "seeds", "1", "epochs", "6", "metaInnerSteps", "3", "metaFlipsPerStep", "4", "pgdSteps", "3"));
        settings.putAll(Map.of("hidden", "4", "channels", "4"));
        // loops of 6 epochs: 3 clean, 3 poisoned under random, the PGD surrogate then 3 poisoned, 3 poisoned under Metattack
        resumesExactly(new org.odeon.experiments.graph.GraphRobustness(), settings, 2, 30 + 2, 36 + 4, 72 + 1);
    }

    /** The averaged denoiser (projected onto its norm budgets), the DnCNN and the spectrally normalised DnCNN (power-iteration vectors). */
    @Test void denoiseResumesExactly() throws Exception {
        Path photos = org.odeon.experiments.denoise.DenoiseExperimentsTest.photographs(tmp.resolve("photos"));
        resumesExactly(new org.odeon.experiments.denoise.Denoise(), Map.of("data", photos.toString(), "patch", "16", "patches", "20", "steps", "4",
                "width", "4", "depth", "2", "dncnnWidth", "4", "dncnnDepth", "3"), 2, 4 + 3, 8 + 1);
    }

    @Test void pnpDeblurResumesExactly() throws Exception {
        Path photos = org.odeon.experiments.denoise.DenoiseExperimentsTest.photographs(tmp.resolve("photos"));
        var settings = new java.util.HashMap<>(Map.of("data", photos.toString(), "patch", "16", "patches", "20", "steps", "4",
                "width", "4", "depth", "2", "dncnnWidth", "4", "dncnnDepth", "3", "iterations", "30"));
        settings.putAll(Map.of("crops", "1", "validationCrops", "1", "relaxations", "0.5,1.0")); // a light evaluation: resuming is about training
        resumesExactly(new org.odeon.experiments.denoise.PnpDeblur(), settings, 3, 4 + 2);
    }

    /** The convolutional network of every regime (spectrally normalised convolutions keep power-iteration buffers); stops in naive, contractive, flexible and adaptive. */
    @Test void robustCifarResumesExactlyInEveryRegime() throws Exception {
        Path data = LipschitzExperimentsTest.writeCifarLike(tmp.resolve("cifar"), 16);
        resumesExactly(new org.odeon.experiments.lipschitz.RobustCifar(), settings("data", data.toString(), "regimes", "baseline,naive,contractive,flexible,prescribed,adaptive",
                "channels", "2", "trainSize", "16", "testSize", "8", "batch", "8", "attackImages", "4", "pgdSteps", "1", "lowerBoundStarts", "2", "lowerBoundSteps", "1"),
                2 + 1, 4, 6 + 1, 10 + 1);
    }

    /** The matching and supervised modes train on other losses than the default unsupervised one. */
    @Test void sympFlowResumesExactlyInTheOtherModes() throws Exception {
        for (String mode : new String[] {"matching", "supervised"})
            resumesExactly(new SympFlowExperiment(), Map.of("mode", mode, "epochs", "12", "samples", "32", "batch", "16", "rollout", "20", "compare", "2"), 5, 12 + 3);
    }

    /** The Lie-group integrators other than CF4, and explicit Euler. */
    @Test void constrainedHamiltonianResumesExactlyWithEveryIntegrator() throws Exception {
        resumesExactly(new org.odeon.experiments.constrained.ConstrainedHamiltonianExperiment(), Map.of("integrator", "lie-euler,rkmk4,euler", "trainSize", "20",
                "batch", "10", "epochs", "2", "testSize", "2", "longSteps", "10", "width", "10", "depth", "1"), 4 + 3, 8 + 2);
    }

    /** The CNN- and UNet-lifted operators, and the Darcy problem. */
    @Test void neuralOperatorResumesExactlyForEveryModelAndProblem() throws Exception {
        for (String model : new String[] {"cnn-fno", "unet-fno"})
            resumesExactly(new org.odeon.experiments.operator.NeuralOperator(), settings("model", model, "train", "16", "test", "4", "fine", "128", "stored", "128",
                    "resolution", "32", "width", "8", "modes", "4", "layers", "2", "epochs", "2", "batch", "8"), 3);
        resumesExactly(new org.odeon.experiments.operator.NeuralOperator(), Map.of("problem", "darcy", "train", "8", "test", "2", "fine", "33",
                "resolution", "17", "width", "4", "modes", "3", "layers", "1", "epochs", "2", "batch", "4"), 3);
    }

    @Test void robustVitResumesExactly() throws Exception {
        var settings = new HashMap<>(Map.of("trainSize", "64", "testSize", "32", "width", "8", "depth", "1", "heads", "1", "headDim", "8",
                "hidden", "8", "steps", "6", "batch", "16", "attackImages", "8"));
        settings.putAll(Map.of("pgdSteps", "1", "lowerBoundSteps", "1"));
        resumesExactly(new org.odeon.experiments.transformer.RobustVit(), settings, 2, 6 + 4);
    }
}
