package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepReportTest {
    @TempDir Path tmp;

    /** A sweep folder written by hand: widths 4 and 8 × seeds 1–3, width 8's third seed unfinished. */
    static Path fakeSweep(Path dir) throws Exception {
        Files.createDirectories(dir);
        double[][] acc = {{0.5, 0.6, 0.7}, {0.9, 0.8}};
        var runs = new ArrayList<Map<String, Object>>();
        String[] widths = {"4", "8"};
        for (int w = 0; w < 2; w++)
            for (int seed = 1; seed <= 3; seed++) {
                String folder = "width-" + widths[w] + "_seed-" + seed;
                Path run = Files.createDirectories(dir.resolve(folder));
                var overrides = Map.of("width", widths[w]);
                Json.write(run.resolve(RunFiles.CONFIG), new RunInfo("toy", "A toy", "none", "test", "quick", seed, overrides,
                        Map.of("width", Integer.parseInt(widths[w])), Map.of("odeon", "test"), "2026-01-01T00:00:00Z", ""));
                boolean done = seed <= acc[w].length;
                if (done) {
                    var m = new LinkedHashMap<String, Object>();
                    m.put("accuracy", acc[w][seed - 1]);
                    m.put("loss", w == 0 ? -1.0 + seed : 2.0 * seed);
                    Json.write(run.resolve(RunFiles.METRICS), m);
                }
                runs.add(Map.of("folder", folder, "settings", overrides, "seed", seed, "status", done ? "FINISHED" : "PENDING",
                        "command", "odeon run toy --scale quick --seed " + seed + " --set width=" + widths[w]));
            }
        Json.write(dir.resolve(RunFiles.SWEEP), Map.of("experiment", "toy", "scale", "quick", "grid", Map.of("width", List.of("4", "8")),
                "seeds", List.of(1, 2, 3), "set", Map.of(), "runs", runs));
        return dir;
    }

    @Test void everyMetricIsAggregatedPerSettingOverTheFinishedSeeds() throws Exception {
        var s = SweepReport.read(fakeSweep(tmp.resolve("sweep")));
        assertEquals(2, s.settings().size());
        var w4 = s.settings().get(0).stats();
        assertEquals(0.6, w4.get("accuracy").mean(), 1e-15);
        assertEquals(0.1, w4.get("accuracy").std(), 1e-15);
        assertEquals(Math.cbrt(0.5 * 0.6 * 0.7), w4.get("accuracy").geomean(), 1e-15);
        assertTrue(Double.isNaN(w4.get("loss").geomean()), "no geometric mean of a metric that reaches 0 or below");
        var w8 = s.settings().get(1);
        assertEquals(2, w8.finished(), "the unfinished seed is not averaged");
        assertEquals(2, w8.stats().get("accuracy").n());
        assertEquals(0.85, w8.stats().get("accuracy").mean(), 1e-15);
    }

    @Test void theReportHasTheTableGeometricMeansPlotsAndTheCommandOfEveryRun() throws Exception {
        Path dir = fakeSweep(tmp.resolve("sweep"));
        String md = Files.readString(SweepReport.write(dir, true));
        assertTrue(md.contains("| width | n | accuracy | loss |"), md);
        assertTrue(md.contains("| 4 | 3/3 | 0.6 ± 0.1 [0.5944] | 1 ± 1 [] |"), md);
        assertTrue(md.contains("| 8 | 2/3 | 0.85 ± 0.07071 [0.8485] | 3 ± 1.414 [2.828] |"), md);
        assertTrue(md.contains("`odeon run toy --scale quick --seed 3 --set width=8`"), md);
        assertTrue(md.contains("| width-8_seed-3 | 3 | pending |"), md);
        for (String png : List.of("sweep-accuracy.png", "sweep-loss.png")) {
            assertTrue(md.contains("](" + png + ")"), md);
            assertNotNull(ImageIO.read(dir.resolve(png).toFile()), png);
        }
        assertFalse(SweepReport.markdown(SweepReport.read(dir), List.of(), false).contains("["), "brackets only when geometric means are asked for");
    }

    @Test void aRunFolderNameThatLeavesTheSweepIsRefused() throws Exception {
        Path dir = fakeSweep(tmp.resolve("sweep"));
        String json = Files.readString(dir.resolve(RunFiles.SWEEP)).replace("\"width-4_seed-1\"", "\"../elsewhere\"");
        Files.writeString(dir.resolve(RunFiles.SWEEP), json);
        var e = assertThrows(ReportException.class, () -> SweepReport.read(dir));
        assertTrue(e.getMessage().contains("not a plain folder name"), e.getMessage());
    }
}
