package org.odeon.experiments;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.io.Safetensors;
import org.odeon.report.Json;
import org.odeon.tensor.NDArray;
import org.odeon.report.RunFiles;

class RunnerTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Runner runner = new Runner(new PrintStream(console, true), false);
    private final Registry registry = new Registry().flagship(new LineFit());

    @Test void aFinishedRunLeavesTheFullRecord() throws Exception {
        Path dir = tmp.resolve("run");
        var r = runner.run(new LineFit(), Scale.QUICK, 7, Map.of("steps", "80"), dir, false);
        assertEquals(Runner.Status.FINISHED, r.status());

        var config = Json.readObject(dir.resolve(RunFiles.CONFIG));
        assertEquals("line-fit", config.get("experiment"));
        assertEquals(7, config.get("seed"));
        assertEquals("quick", config.get("scale"));
        assertEquals(Map.of("steps", "80"), config.get("overrides"));
        assertEquals(80, ((Map<?, ?>) config.get("config")).get("steps"));
        assertEquals(9, ((Map<?, ?>) config.get("config")).size(), "every setting is recorded, not only the overridden ones");
        assertTrue(((Map<?, ?>) config.get("versions")).keySet().containsAll(List.of("odeon", "java", "blas")));

        var metrics = Json.readNumbers(dir.resolve(RunFiles.METRICS));
        assertEquals(List.of("weight_error", "final_loss"), List.copyOf(metrics.keySet()), "headline first");
        assertEquals(r.metrics(), metrics);
        assertTrue(metrics.get("weight_error") < 0.1, "the fixture actually learns: " + metrics);

        String report = Files.readString(dir.resolve(RunFiles.REPORT));
        assertTrue(report.contains("| **weight_error** (headline) |"), report);
        assertTrue(report.contains("![Training loss (fit)](loss-fit.png)"), report);
        assertTrue(report.contains("odeon run line-fit --scale quick --seed 7 --set steps=80"), report);
        for (String png : List.of("loss-fit.png", "weights.png"))
            assertNotNull(ImageIO.read(dir.resolve(png).toFile()), png + " is a readable image");
        assertTrue(Files.readString(dir.resolve(RunFiles.LOG)).contains("finished in"));
        assertTrue(RunFiles.checkpoints(dir).isEmpty(), "a finished run deletes its checkpoints");
        var model = Safetensors.read(dir.resolve(RunFiles.MODEL));
        assertEquals(List.of("w"), List.copyOf(model.keySet()));
        assertEquals(metrics.get("weight_error"), model.get("w").sub(NDArray.of(new int[] {3}, LineFit.TRUE_W)).norm(), 1e-12,
                "the saved weights are the evaluated ones");
        assertTrue(report.contains("The trained model is in `model.safetensors`."), report);
    }

    @Test void aBadOverrideFailsBeforeTheFolderIsCreated() {
        Path dir = tmp.resolve("never");
        assertThrows(ExperimentException.class, () -> runner.run(new LineFit(), Scale.QUICK, 1, Map.of("nope", "1"), dir, false));
        assertFalse(Files.exists(dir));
    }

    @Test void aFolderInUseByALiveRunIsRefusedEvenWithForceAndNothingIsDeleted() throws Exception {
        Path dir = tmp.resolve("run");
        runner.run(new LineFit(), Scale.QUICK, 7, Map.of("steps", "10"), dir, false);
        String before = Files.readString(dir.resolve(RunFiles.CONFIG));
        try (var live = org.odeon.report.RunLock.acquire(dir)) {
            for (boolean force : new boolean[] {false, true}) {
                var e = assertThrows(org.odeon.report.ReportException.class,
                        () -> runner.run(new LineFit(), Scale.QUICK, 8, Map.of(), dir, force));
                assertTrue(e.getMessage().contains("in use by a running odeon"), e.getMessage());
            }
            assertThrows(org.odeon.report.ReportException.class, () -> runner.resume(registry, dir));
        }
        assertEquals(before, Files.readString(dir.resolve(RunFiles.CONFIG)), "the live run's files are untouched");
        assertTrue(Files.exists(dir.resolve(RunFiles.METRICS)));
    }

    @Test void aLossThatBlowsUpStopsTheRunNamingTheStep() {
        var e = assertThrows(ExperimentException.class,
                () -> runner.run(new LineFit(), Scale.QUICK, 1, Map.of("lr", "40"), tmp.resolve("blown"), false));
        assertTrue(e.getMessage().matches("fit diverged at step \\d+ \\(loss .*\\); try a smaller learning rate with --set"), e.getMessage());
    }

    @Test void divergenceMeansNonFiniteOrAMillionfoldGrowth() {
        assertTrue(Run.diverged(Double.NaN, 1));
        assertTrue(Run.diverged(Double.POSITIVE_INFINITY, 1));
        assertTrue(Run.diverged(2e6, 1));
        assertTrue(Run.diverged(2e6, 0.01), "a small first loss is measured against 1");
        assertFalse(Run.diverged(9e5, 1));
        assertFalse(Run.diverged(5e8, 1000));
    }

    @Test void anExistingFolderIsRefusedUnlessForced() throws Exception {
        Path dir = tmp.resolve("run");
        runner.run(new LineFit(), Scale.QUICK, 1, Map.of("steps", "10"), dir, false);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        String before = Files.readString(dir.resolve(RunFiles.CONFIG));

        var e = assertThrows(ExperimentException.class, () -> runner.run(new LineFit(), Scale.QUICK, 2, Map.of(), dir, false));
        assertTrue(e.getMessage().contains("exists and is not empty; use --force"), e.getMessage());
        assertEquals(before, Files.readString(dir.resolve(RunFiles.CONFIG)), "nothing was touched");

        runner.run(new LineFit(), Scale.QUICK, 2, Map.of("steps", "12"), dir, true);
        assertEquals(2, Json.readObject(dir.resolve(RunFiles.CONFIG)).get("seed"));
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")), "--force replaces run files only");
        assertEquals(1, Files.readString(dir.resolve(RunFiles.LOG)).lines().filter(l -> l.contains("finished in")).count(),
                "the old log went with the old run");
    }

    @Test void aResumedRunEndsWithTheSameMetricsAsAnUninterruptedOne() throws Exception {
        var straight = runner.run(new LineFit(), Scale.QUICK, 11, Map.of(), tmp.resolve("straight"), false);

        Path dir = tmp.resolve("interrupted");
        var first = runner.run(new LineFit(), Scale.QUICK, 11, Map.of(), dir, false, StopSignal.afterSteps(37));
        assertEquals(Runner.Status.STOPPED, first.status());
        assertFalse(RunFiles.finished(dir), "no metrics for a stopped run");
        assertEquals(List.of(dir.resolve("checkpoint-fit.safetensors")), RunFiles.checkpoints(dir));
        assertTrue(Files.readString(dir.resolve(RunFiles.REPORT)).contains("Stopped before finishing"));

        var resumed = runner.resume(registry, dir);
        assertEquals(Runner.Status.FINISHED, resumed.status());
        assertEquals(straight.metrics(), resumed.metrics(), "bit-identical metrics");
        assertEquals(Files.readString(tmp.resolve("straight").resolve(RunFiles.PLOTS)), Files.readString(dir.resolve(RunFiles.PLOTS)),
                "identical loss history and weights");
        assertTrue(Files.readString(dir.resolve(RunFiles.LOG)).contains("fit: resuming at step 37/120"));
    }

    @Test void theOscillatorExperimentResumesToTheSameMetricsToo() throws Exception {
        var osc = new org.odeon.experiments.flowmap.OscillatorFlowMap();
        var small = Map.of("hidden", "8", "trainPoints", "128", "testPoints", "64", "steps", "60", "batch", "16", "rollout", "50");
        var straight = runner.run(osc, Scale.QUICK, 5, small, tmp.resolve("straight"), false);
        Path dir = tmp.resolve("interrupted");
        assertEquals(Runner.Status.STOPPED, runner.run(osc, Scale.QUICK, 5, small, dir, false, StopSignal.afterSteps(23)).status());
        var resumed = runner.resume(new Registry().flagship(osc), dir);
        assertEquals(straight.metrics(), resumed.metrics(), "parameters and Adam moments restored exactly");
    }

    @Test void resumeRefusesFinishedRunsAndRunsWithoutCheckpoint() throws Exception {
        Path done = tmp.resolve("done");
        runner.run(new LineFit(), Scale.QUICK, 1, Map.of("steps", "5"), done, false);
        var e = assertThrows(ExperimentException.class, () -> runner.resume(registry, done));
        assertTrue(e.getMessage().contains("has finished already"), e.getMessage());

        Files.delete(done.resolve(RunFiles.METRICS));
        e = assertThrows(ExperimentException.class, () -> runner.resume(registry, done));
        assertTrue(e.getMessage().contains("has no checkpoint to resume from"), e.getMessage());
    }

    @Test void aDivergingLossStopsTheRunWithAHint() {
        var e = assertThrows(ExperimentException.class,
                () -> runner.run(new LineFit(), Scale.QUICK, 1, Map.of("lr", "1e6"), tmp.resolve("boom"), false));
        assertTrue(e.getMessage().matches("fit diverged at step \\d+ \\(loss .*\\); try a smaller learning rate with --set"), e.getMessage());
    }

    @Test void weightsThatOverflowBehindAFiniteLossStopTheRunNamingThem() {
        Experiment<Overflow.Config> overflow = new Overflow();
        var e = assertThrows(ExperimentException.class, () -> runner.run(overflow, Scale.QUICK, 1, Map.of(), tmp.resolve("overflow"), false));
        assertEquals("fit diverged: 'w' holds Infinity after 3 steps; try a smaller learning rate with --set", e.getMessage());
    }

    /** A loop whose loss stays finite while its one weight overflows on the last step. */
    static class Overflow implements Experiment<Overflow.Config> {
        record Config(int steps) {}

        @Override public Info info() { return new Info("overflow", "test fixture", "none", "test"); }

        @Override public Config config(Scale scale) { return new Config(3); }

        @Override public Outcome run(Config c, Run run) throws Exception {
            double[] w = {1};
            TrainState state = new TrainState() {
                @Override public Map<String, NDArray> save() { return Map.of("w", NDArray.of(new int[] {1}, w.clone())); }
                @Override public void restore(Map<String, NDArray> a) { w[0] = a.get("w").item(); }
            };
            run.train("fit", c.steps(), state, (t, rnd) -> {
                double loss = w[0];
                w[0] *= t == c.steps() - 1 ? Double.MAX_VALUE * 4 : 2;
                return loss;
            });
            return Outcome.builder().metric("w", w[0]).build();
        }
    }

    /** A second loop of the same name would take the first one's finished checkpoint for its own and skip its training. */
    @Test void twoTrainingLoopsOfOneNameAreRefused() {
        Experiment<Overflow.Config> twice = new Overflow() {
            @Override public Outcome run(Config c, Run run) throws Exception {
                TrainState none = new TrainState() {
                    @Override public Map<String, NDArray> save() { return Map.of(); }
                    @Override public void restore(Map<String, NDArray> a) {}
                };
                run.train("fit", 2, none, (t, rnd) -> 1.0);
                run.train("fit", 2, none, (t, rnd) -> 1.0);
                return Outcome.builder().build();
            }
        };
        var e = assertThrows(IllegalStateException.class, () -> runner.run(twice, Scale.QUICK, 1, Map.of(), tmp.resolve("twice"), false));
        assertEquals("two training loops of this run are named 'fit'; each needs its own checkpoint", e.getMessage());
    }

    @Test void logLinesGoToTheConsoleWhenItIsNotATerminal() throws Exception {
        runner.run(new LineFit(), Scale.QUICK, 1, Map.of(), tmp.resolve("r"), false);
        String out = console.toString();
        assertTrue(out.contains("fit: step 60/120 (50%)  loss "), out);
        assertFalse(out.contains("\r"), "no bar redraws in a log");
    }

    @Test void registryNamesCloseMatchesForUnknownExperiments() {
        var e = assertThrows(ExperimentException.class, () -> registry.get("line"));
        assertEquals("unknown experiment 'line'; did you mean 'line-fit'?; known: line-fit", e.getMessage());
        assertThrows(IllegalStateException.class, () -> registry.flagship(new LineFit()));
    }
}
