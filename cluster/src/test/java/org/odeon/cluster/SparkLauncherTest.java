package org.odeon.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.cli.Catalog;
import org.odeon.experiments.Sweep;
import org.odeon.report.RunFiles;

class SparkLauncherTest {
    @TempDir Path tmp;
    private static final Map<String, String> TINY = Map.of("points", "200", "depths", "2", "steps", "20", "grid", "4", "batch", "32");

    /** Embedded Spark on two cores, on loopback, without its web UI. */
    static JavaSparkContext local2() {
        return new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("odeon-sweep-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1").set("spark.ui.enabled", "false"));
    }

    @Test void aSweepOnSparkLocal2GivesTheMetricsOfTheLocalExecutor() throws Exception {
        var spec = new Sweep.Spec("lipschitz-moons", "quick", Map.of("widths", List.of("4", "5")), List.of(1L, 2L), TINY);
        var local = new Sweep(Catalog.standard(), spec, tmp.resolve("local"));
        assertEquals(4, local.run(1, null).count(Sweep.Status.FINISHED));
        try (var spark = local2()) {
            var onSpark = new Sweep(Catalog.standard(), spec, tmp.resolve("spark")).launcher(new SparkLauncher(spark));
            var s = onSpark.run(2, null);
            assertEquals(4, s.count(Sweep.Status.FINISHED), s.runs().toString());
            for (Sweep.Cell c : local.cells()) {
                assertEquals(Files.readString(local.folder(c).resolve(RunFiles.METRICS)), Files.readString(onSpark.folder(c).resolve(RunFiles.METRICS)), c.toString());
                assertTrue(Files.exists(onSpark.folder(c).resolve(RunFiles.REPORT)), "the whole run folder comes back");
            }
            try (var left = Files.list(tmp.resolve("spark"))) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(), "no staging folder left");
            }
            // again: nothing is shipped
            assertEquals(4, new Sweep(Catalog.standard(), spec, tmp.resolve("spark")).launcher((sp, c, f, r) -> fail("ran " + c)).run(2, null)
                    .count(Sweep.Status.FINISHED));
        }
    }

    /** The CLI finds the spark executor on the class path and gives the local executor's metrics. */
    @Test void odeonSweepWithExecutorSparkMatchesTheLocalExecutor() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var cli = new org.odeon.cli.Cli(Catalog.standard(), tmp.resolve("runs"), new java.io.PrintStream(out, true), new java.io.PrintStream(out, true), false);
        for (String executor : List.of("local", "spark")) {
            var args = new java.util.ArrayList<>(List.of("sweep", "lipschitz-moons", "--grid", "widths=4,5", "--seeds", "1", "--workers", "2",
                    "--out", tmp.resolve(executor).toString(), "--executor", executor, "--set"));
            TINY.forEach((k, v) -> args.add(k + "=" + v));
            if (executor.equals("spark")) args.addAll(List.of("--master", "local[2]"));
            assertEquals(org.odeon.cli.Main.OK, org.odeon.cli.Main.execute(cli, args.toArray(String[]::new)), out.toString());
        }
        for (String run : List.of("widths-4_seed-1", "widths-5_seed-1"))
            assertEquals(Files.readString(tmp.resolve("local").resolve(run).resolve(RunFiles.METRICS)),
                    Files.readString(tmp.resolve("spark").resolve(run).resolve(RunFiles.METRICS)), run);
    }

    @Test void installReplacesAFolderWholeAndRefusesPathsOutOfIt() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("checkpoint-a.safetensors"), "old");
        SparkLauncher.install(run, Map.of("metrics.json", "{}".getBytes()));
        try (var s = Files.list(run)) { assertEquals(List.of("metrics.json"), s.map(p -> p.getFileName().toString()).toList()); }
        assertThrows(java.io.IOException.class, () -> SparkLauncher.install(run, Map.of("../x", new byte[0])));
    }

    @Test void aBadMasterIsOneLineNamingIt() throws Exception {
        for (String ok : List.of("local", "local[2]", "local[*]", "local[2,3]")) SparkLauncher.check(ok);
        var e = assertThrows(org.odeon.experiments.ExperimentException.class, () -> SparkLauncher.check("yarn"));
        assertEquals("--master 'yarn' should be local, local[N], local[*] or spark://HOST:PORT", e.getMessage());
        assertThrows(org.odeon.experiments.ExperimentException.class, () -> SparkLauncher.check("spark://127.0.0.1:99999"));
        try (var listening = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            SparkLauncher.check("spark://127.0.0.1:" + listening.getLocalPort());
            int closed = listening.getLocalPort();
            listening.close();
            e = assertThrows(org.odeon.experiments.ExperimentException.class, () -> SparkLauncher.check("spark://127.0.0.1:" + closed));
            assertTrue(e.getMessage().startsWith("cannot reach the Spark master at spark://127.0.0.1:" + closed + " ("), e.getMessage());
        }
        // through the CLI: one line, usage exit code, nothing run
        for (String master : List.of("mesos://x:5050", "spark://127.0.0.1:1")) {
            var err = new java.io.ByteArrayOutputStream();
            var cli = new org.odeon.cli.Cli(Catalog.standard(), tmp.resolve("runs"), new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true),
                    new java.io.PrintStream(err, true), false);
            int code = org.odeon.cli.Main.execute(cli, "sweep", "lipschitz-moons", "--grid", "widths=4", "--out", tmp.resolve("bad").toString(),
                    "--executor", "spark", "--master", master);
            assertEquals(org.odeon.cli.Main.USAGE, code, err.toString());
            var lines = err.toString().lines().filter(l -> !l.startsWith("sweep ")).toList();
            assertEquals(1, lines.size(), err.toString());
            assertTrue(lines.getFirst().startsWith("odeon: ") && lines.getFirst().contains(master), lines.getFirst());
        }
    }
}
