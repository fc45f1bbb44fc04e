package org.odeon.experiments.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;

class PixelPdeTest {
    @TempDir Path tmp;

    @Test void aTinyAdvectionRunReportsEveryModelAndKeepsTheNormWhereItPromisedTo() throws Exception {
        var runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);
        var r = runner.run(new PixelPde(), Scale.QUICK, 3,
                Map.of("equation", "advection", "grid", "16", "trainSequences", "4", "testSequences", "3", "stepsPerStage", "4", "batch", "4", "rollout", "10"),
                tmp.resolve("run"), false);
        var m = r.metrics();
        for (String model : new String[] {"pixel", "pixel_norm", "resnet", "exact"})
            for (String what : new String[] {"rel_error_5", "mse_5", "max_error_5", "finite_steps", "rel_error_end", "max_error_end", "growth_5_to_end", "norm_drift", "extrema_drift", "parameters", "train_seconds"})
                assertTrue(m.containsKey(model + "_" + what), "missing " + model + "_" + what + " in " + m.keySet());
        assertEquals("pixel_rel_error_5", m.keySet().iterator().next());
        assertTrue(m.get("pixel_norm_norm_drift") <= 1e-12, "norm-preserving net drifted by " + m.get("pixel_norm_norm_drift"));
        var structure = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("run/metrics.json").toFile()).path("structure");
        assertTrue(structure.path("pixel_norm").path("norm_drift").asDouble(1) <= 1e-12, structure.toString());
        for (String png : new String[] {"error-over-time.png", "frames-step-5.png", "frames-step-10.png"})
            assertTrue(Files.exists(tmp.resolve("run").resolve(png)), png);
    }

    @Test void aRolloutWhoseErrorOverflowsWhileItsFieldsAreFiniteStillReportsEveryMetric() throws Exception {
        // The centred explicit advection scheme is unstable at Δt = 2h: over 400 steps its fields grow past 1e154, so
        // squared errors overflow to ∞ while the fields themselves stay finite for a while.
        var runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);
        var r = runner.run(new PixelPde(), Scale.QUICK, 3,
                Map.of("equation", "advection", "model", "exact", "grid", "16", "trainSequences", "1", "testSequences", "2", "rollout", "400"),
                tmp.resolve("run"), false);
        var m = r.metrics();
        assertTrue(m.get("exact_max_error_end") > 1e200, "the fields grew but stayed finite: " + m);
        assertEquals(Double.MAX_VALUE, m.get("exact_rel_error_end"), "the overflowed relative error is reported as the largest double: " + m);
        for (var e : m.entrySet()) assertTrue(Double.isFinite(e.getValue()), e.getKey() + " = " + e.getValue());
        assertTrue(Files.exists(tmp.resolve("run/error-over-time.png")));
    }

    @Test void theNormPreservingModelIsRefusedForEquationsThatDoNotKeepTheNorm() {
        var e = assertThrows(RuntimeException.class,
                () -> Configs.override(new PixelPde().config(Scale.QUICK), Map.of("equation", "heat", "model", "norm")));
        assertTrue(e.getMessage().contains("norm-preserving"), e.getMessage());
    }
}
