package org.odeon.experiments;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.lipschitz.LipschitzMoons;
import org.odeon.report.RunFiles;

class SweepTest {
    @TempDir Path tmp;
    private final Registry registry = new Registry().add(new LipschitzMoons());
    /** lipschitz-moons cut down to a fraction of a second per run. */
    private static final Map<String, String> TINY = Map.of("points", "200", "depths", "2", "steps", "20", "grid", "4", "batch", "32");

    private Sweep.Spec widthsBySeeds() {
        return new Sweep.Spec("lipschitz-moons", "quick", Map.of("widths", List.of("4", "5", "6")), List.of(1L, 2L), TINY);
    }

    @Test void theGridIsTheCartesianProductWithTheSeedVaryingFastest() {
        var grid = new java.util.LinkedHashMap<String, List<String>>();
        grid.put("lr", List.of("0.01", "0.1"));
        grid.put("widths", List.of("4,8", "16"));
        var cells = new Sweep.Spec("x", "quick", grid, List.of(1L, 2L, 3L), Map.of()).cells();
        assertEquals(12, cells.size());
        assertEquals(new Sweep.Cell(Map.of("lr", "0.01", "widths", "4,8"), 1), cells.get(0));
        assertEquals(new Sweep.Cell(Map.of("lr", "0.01", "widths", "4,8"), 2), cells.get(1));
        assertEquals(new Sweep.Cell(Map.of("lr", "0.1", "widths", "16"), 3), cells.get(11));
        assertEquals("lr-0.01_widths-16_seed-3", cells.get(5).folderName());
        String listValued = cells.get(0).folderName();
        assertTrue(listValued.matches("lr-0\\.01_widths-4~8_seed-1-[0-9a-f]{8}"), "a comma is replaced and the name made unique by a hash: " + listValued);
        assertEquals(cells.size(), cells.stream().map(Sweep.Cell::folderName).distinct().count(), "one folder per cell");
    }

    @Test void gridsAndSeedsParseAndBadOnesAreNamed() {
        assertEquals(Map.of("widths", List.of("4", "8"), "depths", List.of("2,4", "8")), Sweep.parseGrid(List.of("widths=4,8", "depths=2,4;8")));
        assertEquals(List.of(1L, 2L, 3L, 7L), Sweep.parseSeeds("1-3,7"));
        assertTrue(assertThrows(ExperimentException.class, () -> Sweep.parseGrid(List.of("widths"))).getMessage().contains("KEY=V1,V2"));
        assertTrue(assertThrows(ExperimentException.class, () -> Sweep.parseGrid(List.of("w=1,,2"))).getMessage().contains("empty value"));
        assertTrue(assertThrows(ExperimentException.class, () -> Sweep.parseSeeds("5-1")).getMessage().contains("LOW ≤ HIGH"));
        assertTrue(assertThrows(ExperimentException.class, () -> Sweep.parseSeeds("one")).getMessage().contains("like 1-5"));
        assertTrue(assertThrows(ExperimentException.class, () -> new Sweep.Spec("x", "quick", Map.of("a", List.of("1", "1")), List.of(1L), Map.of()))
                .getMessage().contains("repeats"));
    }

    @Test void aBadGridValueFailsBeforeAnythingIsWritten() {
        var spec = new Sweep.Spec("lipschitz-moons", "quick", Map.of("steps", List.of("20", "many")), List.of(1L), TINY.entrySet().stream()
                .filter(e -> !e.getKey().equals("steps")).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThrows(ExperimentException.class, () -> new Sweep(registry, spec, tmp.resolve("sweep")));
        assertFalse(Files.exists(tmp.resolve("sweep")));
    }

    /**
     * Interrupted in its third run, the sweep leaves two finished runs, one checkpoint and three runs not started;
     * the same sweep again (two at a time) runs only those four, resuming the stopped one, and every run's
     * metrics.json is byte for byte that of a single run of the same settings.
     */
    @Test void anInterruptedSweepFinishesOnlyWhatWasMissingAndEveryRunMatchesASingleRun() throws Exception {
        Path dir = tmp.resolve("sweep");
        var first = new Sweep(registry, widthsBySeeds(), dir);
        List<Sweep.Cell> cells = first.cells();
        var s1 = first.run(1, null, c -> c.equals(cells.get(2)) ? StopSignal.afterSteps(7) : new StopSignal());
        assertEquals(2, s1.count(Sweep.Status.FINISHED));
        assertEquals(1, s1.count(Sweep.Status.STOPPED));
        assertEquals(3, s1.count(Sweep.Status.PENDING));
        assertFalse(RunFiles.checkpoints(first.folder(cells.get(2))).isEmpty(), "the stopped run left its checkpoint");
        var record = Sweep.read(dir);
        assertEquals(List.of(Sweep.Status.FINISHED, Sweep.Status.FINISHED, Sweep.Status.STOPPED, Sweep.Status.PENDING, Sweep.Status.PENDING,
                Sweep.Status.PENDING), record.runs().stream().map(Sweep.Entry::status).toList());
        var logsBefore = new ArrayList<String>();
        for (int i = 0; i < 2; i++) logsBefore.add(Files.readString(first.folder(cells.get(i)).resolve(RunFiles.LOG)));

        var changes = java.util.Collections.synchronizedList(new ArrayList<String>());
        var s2 = new Sweep(registry, widthsBySeeds(), dir).run(2, (e, done, total) -> changes.add(e.status() + " " + e.folder()));
        assertEquals(6, s2.count(Sweep.Status.FINISHED), s2.runs().toString());
        for (int i = 0; i < 2; i++) {
            assertEquals(logsBefore.get(i), Files.readString(first.folder(cells.get(i)).resolve(RunFiles.LOG)), "finished runs are not touched");
            assertFalse(changes.contains("RUNNING " + cells.get(i).folderName()));
        }
        assertEquals(4, changes.stream().filter(c -> c.startsWith("RUNNING")).count(), changes.toString());
        assertTrue(Files.readString(first.folder(cells.get(2)).resolve(RunFiles.LOG)).contains("resuming at step 7"), "the stopped run was resumed");

        var runner = new Runner(new PrintStream(new ByteArrayOutputStream(), true), false);
        for (Sweep.Cell c : cells) {
            var settings = new HashMap<>(TINY);
            settings.putAll(c.settings());
            Path single = tmp.resolve("single-" + c.folderName());
            runner.run(new LipschitzMoons(), Scale.QUICK, c.seed(), settings, single, false);
            assertEquals(Files.readString(single.resolve(RunFiles.METRICS)), Files.readString(first.folder(c).resolve(RunFiles.METRICS)), c.toString());
        }
        assertEquals(6, Sweep.read(dir).runs().stream().filter(e -> e.status() == Sweep.Status.FINISHED).count());
        assertTrue(Sweep.read(dir).runs().getFirst().command().startsWith("odeon run lipschitz-moons --scale quick --seed 1 --set "),
                Sweep.read(dir).runs().getFirst().command());
    }

    /** Child JVMs on the same class path compute the same runs as this JVM, to the byte. */
    @Test void runsInChildProcessesMatchRunsInThisJvm() throws Exception {
        var spec = new Sweep.Spec("lipschitz-moons", "quick", Map.of("widths", List.of("4")), List.of(1L, 2L), TINY);
        var inJvm = new Sweep(registry, spec, tmp.resolve("threads"));
        var inChildren = new Sweep(registry, spec, tmp.resolve("processes")).isolation(Sweep.Isolation.PROCESSES);
        assertEquals(2, inJvm.run(2, null).count(Sweep.Status.FINISHED));
        var s = inChildren.run(2, null);
        assertEquals(2, s.count(Sweep.Status.FINISHED), s.runs().toString());
        for (Sweep.Cell c : inJvm.cells())
            assertEquals(Files.readString(inJvm.folder(c).resolve(RunFiles.METRICS)), Files.readString(inChildren.folder(c).resolve(RunFiles.METRICS)));
        assertTrue(Files.readString(inChildren.folder(inJvm.cells().getFirst()).resolve(RunFiles.LOG)).contains("finished in"));
    }

    @Test void aFolderHoldingAnotherSweepIsRefused() throws Exception {
        Path dir = tmp.resolve("sweep");
        var spec = new Sweep.Spec("lipschitz-moons", "quick", Map.of("widths", List.of("4")), List.of(1L), TINY);
        assertEquals(1, new Sweep(registry, spec, dir).run(1, null).count(Sweep.Status.FINISHED));
        var other = new Sweep.Spec("lipschitz-moons", "quick", Map.of("widths", List.of("4", "5")), List.of(1L), TINY);
        var e = assertThrows(ExperimentException.class, () -> new Sweep(registry, other, dir).run(1, null));
        assertTrue(e.getMessage().contains("holds a different sweep"), e.getMessage());
    }
}
