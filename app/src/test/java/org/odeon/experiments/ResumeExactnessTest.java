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
        out.keySet().removeIf(k -> k.endsWith("seconds"));
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
}
