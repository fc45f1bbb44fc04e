package org.odeon.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.LineFit;
import org.odeon.experiments.Registry;
import org.odeon.report.RunFiles;

class SweepCommandTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int odeon(String... args) {
        out.reset();
        err.reset();
        var cli = new Cli(new Registry().flagship(new LineFit()), tmp.resolve("runs"), new PrintStream(out, true), new PrintStream(err, true), false);
        return Main.execute(cli, args);
    }

    @Test void aSweepRunsEveryCellThenAgainRunsNothingAndReportAggregates() throws Exception {
        Path dir = tmp.resolve("s");
        assertEquals(Main.OK, odeon("sweep", "line-fit", "--grid", "steps=10,20", "lr=0.01,0.02", "--seeds", "1-2", "--out", dir.toString(), "--workers", "2"), err.toString());
        assertTrue(out.toString().contains("8 finished, 0 stopped, 0 failed, 0 not started"), out.toString());
        assertTrue(RunFiles.finished(dir.resolve("steps-20_lr-0.02_seed-2")));
        long modified = Files.getLastModifiedTime(dir.resolve("steps-10_lr-0.01_seed-1").resolve(RunFiles.METRICS)).toMillis();

        assertEquals(Main.OK, odeon("sweep", "line-fit", "--grid", "steps=10,20", "lr=0.01,0.02", "--seeds", "1-2", "--out", dir.toString()), err.toString());
        assertFalse(err.toString().contains("running"), "nothing is run again: " + err);
        assertEquals(modified, Files.getLastModifiedTime(dir.resolve("steps-10_lr-0.01_seed-1").resolve(RunFiles.METRICS)).toMillis());

        assertEquals(Main.OK, odeon("report", dir.toString(), "--geomean"), err.toString());
        assertTrue(out.toString().contains("| steps | lr | n | weight_error | final_loss |"), out.toString());
        assertTrue(out.toString().contains("| 20 | 0.02 | 2/2 | "), out.toString());
        assertTrue(Files.exists(dir.resolve("sweep-report.md")));
    }

    @Test void badSweepOptionsAreOneLine() {
        assertEquals(Main.USAGE, odeon("sweep", "line-fit", "--grid", "steps", "--out", tmp.resolve("x").toString()));
        assertTrue(err.toString().startsWith("odeon: --grid 'steps' should be KEY=V1,V2"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertEquals(Main.USAGE, odeon("sweep", "line-fit", "--grid", "nope=1,2", "--out", tmp.resolve("y").toString()));
        assertTrue(err.toString().contains("nope"), err.toString());
        assertFalse(Files.exists(tmp.resolve("y")), "nothing written for a bad setting");
        assertEquals(Main.USAGE, odeon("sweep", "line-fit", "--grid", "steps=1", "--executor", "cloud"));
        assertTrue(err.toString().contains("unknown --executor 'cloud'; this build has: local"), err.toString());
        assertEquals(Main.USAGE, odeon("sweep", "line-fit", "--grid", "steps=1", "--executor", "spark"));
        assertTrue(err.toString().contains("spark comes with the cluster module"), "the app alone has no Spark: " + err);
        assertEquals(Main.USAGE, odeon("sweep", "line-fit", "--grid", "steps=1", "--master", "local[2]"));
        assertTrue(err.toString().contains("--master is for --executor spark"), err.toString());
    }
}
