package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
    @TempDir Path tmp;

    private Path run(String name, String experiment, long seed, double lr, Map<String, String> overrides, Map<String, Double> metrics) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        var config = new LinkedHashMap<String, Object>();
        config.put("steps", 100);
        config.put("lr", lr);
        Json.write(dir.resolve(RunFiles.CONFIG), new RunInfo(experiment, "Fit a thing.", "Someone 2024", "things", "quick", seed,
                overrides, config, Map.of("odeon", "test"), "2026-01-01T00:00:00Z", "Short runs only."));
        if (metrics != null) Json.write(dir.resolve(RunFiles.METRICS), metrics);
        return dir;
    }

    @Test void rebuildsReportAndPngsFromTheRunFilesAlone() throws IOException {
        Path dir = run("a", "fit", 3, 0.01, Map.of("lr", "0.01"), metrics(0.125, 2.5e-7));
        var plot = Plot.of("curve", "A curve").axes("t", "u").line("u", new double[] {0, 1}, new double[] {1, 2}).build();
        Json.write(dir.resolve(RunFiles.PLOTS), List.of(plot));

        Path report = RunReport.rebuild(dir);
        String md = Files.readString(report);
        assertTrue(Files.exists(dir.resolve("curve.png")), "PNG re-rendered from plots.json");
        assertTrue(md.startsWith("# fit (quick scale, seed 3)"), md);
        assertTrue(md.contains("| **error** (headline) | 0.125 |\n| drift | 2.5e-07 |"), md);
        assertTrue(md.contains("![A curve](curve.png)"), md);
        assertTrue(md.contains("| lr | 0.01 (set) |"), md);
        assertTrue(md.contains("| steps | 100 |"), md);
        assertTrue(md.contains("odeon run fit --scale quick --seed 3 --set lr=0.01"), md);
        assertTrue(md.contains("**What the quick scale cannot show:** Short runs only."), md);
    }

    @Test void tablesTheExperimentWroteAppearInTheReportUnderTheirNames() throws IOException {
        Path dir = run("t", "fit", 1, 0.01, Map.of(), metrics(0.5, 1));
        Files.writeString(dir.resolve("table.md"), "| model | error |\n|---|---|\n| a | 0.5 |\n");
        String md = Files.readString(RunReport.rebuild(dir));
        assertTrue(md.contains("## table\n\n| model | error |\n|---|---|\n| a | 0.5 |\n"), md);
        assertFalse(md.contains("## report"), "the report does not embed itself: " + md);
    }

    @Test void aRunRecordedBeforeLimitsExistedStillHasAReport() throws IOException {
        Path dir = run("old", "fit", 1, 0.01, Map.of(), metrics(0.5, 1));
        var json = Json.readObject(dir.resolve(RunFiles.CONFIG));
        json.remove("limits");
        Json.write(dir.resolve(RunFiles.CONFIG), json);
        String md = Files.readString(RunReport.rebuild(dir));
        assertFalse(md.contains("cannot show"), md);
    }

    @Test void numbersAreShortWithoutLosingTheFourthDigit() {
        assertEquals("0.125", RunReport.number(0.125));
        assertEquals("3.142", RunReport.number(Math.PI));
        assertEquals("1.5e-07", RunReport.number(1.5e-7));
        assertEquals("120", RunReport.number(120.0));
        assertEquals("NaN", RunReport.number(Double.NaN));
    }

    @Test void anUnfinishedRunIsReportedAsSuch() throws IOException {
        Path dir = run("a", "fit", 3, 0.01, Map.of(), null);
        Files.writeString(dir.resolve("checkpoint-fit.safetensors"), "x");
        assertTrue(Files.readString(RunReport.rebuild(dir)).contains("**Stopped before finishing**; continue with `odeon run --resume"));
    }

    @Test void comparesRunsShowingOnlyTheSettingsThatDifferAndEveryMetric() throws IOException {
        Path a = run("a", "fit", 1, 0.01, Map.of(), metrics(0.5, 1e-3));
        Path b = run("b", "fit", 1, 0.02, Map.of(), metrics(0.25, 2e-3));
        String table = RunReport.compare(List.of(a, b));
        assertEquals("""
                # fit: 2 runs

                | run | lr | error | drift |
                | --- | --- | --- | --- |
                | a | 0.01 | 0.5 | 0.001 |
                | b | 0.02 | 0.25 | 0.002 |
                """, table);
    }

    @Test void refusesToCompareDifferentExperimentsOrNonRunFolders() throws IOException {
        Path a = run("a", "fit", 1, 0.01, Map.of(), metrics(0.5, 1e-3));
        Path b = run("b", "other", 1, 0.01, Map.of(), metrics(0.5, 1e-3));
        var e = assertThrows(ReportException.class, () -> RunReport.compare(List.of(a, b)));
        assertTrue(e.getMessage().contains("a is fit but " + b + " is other"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(ReportException.class, () -> RunReport.rebuild(tmp.resolve("empty")));
        assertEquals(tmp.resolve("empty") + " is not a run folder: it has no config.json", e.getMessage());
    }

    @Test void malformedMetricsAreReportedWithFileAndKey() throws IOException {
        Path dir = run("a", "fit", 1, 0.01, Map.of(), null);
        Files.writeString(dir.resolve(RunFiles.METRICS), "{\"error\": \"low\"}");
        var e = assertThrows(ReportException.class, () -> RunReport.rebuild(dir));
        assertEquals(dir.resolve(RunFiles.METRICS) + ": \"error\" should be a number, got low", e.getMessage());
    }

    private static Map<String, Double> metrics(double error, double drift) {
        var m = new LinkedHashMap<String, Double>();
        m.put("error", error);
        m.put("drift", drift);
        return m;
    }
}
