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
    private final Runner runner = new Runner(new PrintStream(new ByteArrayOutputStream(), true), false);

    /**
     * Runs straight, then for each stop step stops there and resumes; every metric must match to the last
     * bit, except wall-clock times.
     */
    private <C extends Record> void resumesExactly(Experiment<C> e, Map<String, String> settings, long... stops) throws Exception {
        var straight = withoutTimes(runner.run(e, Scale.QUICK, 3, settings, tmp.resolve("straight"), false).metrics());
        for (long stop : stops) {
            Path dir = tmp.resolve("stopped-at-" + stop);
            assertEquals(Runner.Status.STOPPED, runner.run(e, Scale.QUICK, 3, settings, dir, false, StopSignal.afterSteps(stop)).status());
            var resumed = withoutTimes(runner.resume(new Registry().add(e), dir).metrics());
            for (var m : straight.entrySet())
                assertEquals(m.getValue(), resumed.get(m.getKey()), e.info().name() + " stopped after " + stop + " steps and resumed: " + m.getKey());
            assertEquals(straight.keySet(), resumed.keySet());
        }
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

    @Test void deepIsometricResumesExactly() throws Exception {
        resumesExactly(new org.odeon.experiments.isometric.DeepIsometric(), Map.of("depths", "4", "width", "16", "variants", "reflection,plain",
                "epochs", "2", "trainSize", "64", "testSize", "32", "batch", "16", "spectrumInputs", "1"), 3, 8 + 5);
    }

    @Test void robustVitResumesExactly() throws Exception {
        var settings = new HashMap<>(Map.of("trainSize", "64", "testSize", "32", "width", "8", "depth", "1", "heads", "1", "headDim", "8",
                "hidden", "8", "steps", "6", "batch", "16", "attackImages", "8"));
        settings.putAll(Map.of("pgdSteps", "1", "lowerBoundSteps", "1"));
        resumesExactly(new org.odeon.experiments.transformer.RobustVit(), settings, 2, 6 + 4);
    }
}
