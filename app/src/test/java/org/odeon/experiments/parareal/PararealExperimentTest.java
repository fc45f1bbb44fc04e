package org.odeon.experiments.parareal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.experiments.Configs;
import org.odeon.experiments.ExperimentException;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;

class PararealExperimentTest {
    @TempDir Path tmp;

    @Test void aShortRunOnSirConvergesToTheFineSolutionAndReportsTimesAndProjections() throws Exception {
        var runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);
        var r = runner.run(new PararealExperiment(), Scale.QUICK, 1,
                Map.of("coarse", "classical", "repetitions", "1", "seconds", "0"), tmp.resolve("run"), false);
        var metrics = r.metrics();
        assertEquals("speedup", metrics.keySet().iterator().next());
        assertEquals(1, metrics.get("converged"));
        assertTrue(metrics.get("error") <= 1e-8, metrics.toString());
        assertTrue(metrics.get("iterations") >= 1, metrics.toString());
        assertTrue(metrics.get("sequential_ms") > 0 && metrics.get("parareal_ms") > 0, metrics.toString());
        // Projections come from measured costs, which a cold, loaded JVM makes noisy: assert only
        // what holds for any costs, that more workers never make the simulated schedule slower.
        assertTrue(metrics.get("projected_speedup_8") > 0, metrics.toString());
        assertTrue(metrics.get("projected_speedup_64") >= metrics.get("projected_speedup_8"), metrics.toString());
        assertTrue(metrics.get("projected_speedup_512") >= metrics.get("projected_speedup_64"), metrics.toString());
        try (var files = Files.walk(tmp.resolve("run"))) {
            var names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("error-per-iteration")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("solution")), names.toString());
        }
    }

    @Test void unknownProblemsAndCoarsePropagatorsAreNamedInTheError() {
        var base = new PararealExperiment().config(Scale.QUICK);
        var e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("problem", "vanderpol")));
        assertTrue(e.getMessage().contains("vanderpol") && e.getMessage().contains("burgers-poly"), e.getMessage());
        e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("coarse", "gp")));
        assertTrue(e.getMessage().contains("gp") && e.getMessage().contains("mlp"), e.getMessage());
    }

    /** 10⁵ workers once spent 91 s starting 32,000 threads before failing; the config refuses it, before a thread is started. */
    @Test void aWorkerCountFarBeyondTheCoresIsRefusedBeforeAnythingRuns() {
        var base = new PararealExperiment().config(Scale.QUICK);
        var e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("workers", "100000")));
        assertTrue(e.getMessage().contains("workers must be between 1 and") && e.getMessage().contains("got 100000")
                && e.getMessage().lines().count() == 1, e.getMessage());
    }

    @Test void everyProblemChoiceNamesAProblemTheLibraryKnows() {
        for (var p : PararealExperiment.Problem.values()) assertTrue(org.odeon.parareal.PararealProblem.NAMES.contains(Configs.choice(p)), p.name());
        for (var c : org.odeon.models.flowmap.CoarsePropagator.values())
            assertTrue(org.odeon.models.flowmap.CoarsePropagator.named(Configs.choice(c)) == c, c + " is found by the name configs give it");
    }
}
