package org.odeon.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.cli.Catalog;
import org.odeon.experiments.Sweep;
import org.odeon.report.RunFiles;

/**
 * Sweeps on a standalone Spark cluster on 127.0.0.1 (master in this JVM, two one-core workers as child JVMs): the
 * lipschitz-moons study of 3 widths × 3 seeds gives the local executor's {@code metrics.json} byte for byte; losing
 * a worker mid-sweep loses and duplicates nothing; a driver stopped mid-sweep and started again runs only the
 * missing runs; Parareal's fine solves on the cluster give the local executor's iterates. Runs are shortened by {@link #SETTINGS} ; most of the time goes into
 * starting JVMs (drivers, their executors): 711 s on 2 cores at load average 30–35.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    @TempDir static Path tmp;
    static LoopbackCluster cluster;
    static Sweep.Spec spec;
    static Sweep local;

    static final Map<String, String> SETTINGS = Map.of("points", "200", "depths", "2", "steps", "20", "grid", "4", "batch", "32");

    @BeforeAll static void clusterAndTheLocalReference() throws Exception {
        cluster = new LoopbackCluster(tmp.resolve("spark"), 2, "1g");
        spec = new Sweep.Spec("lipschitz-moons", "quick", Map.of("widths", List.of("4", "5", "6")), List.of(1L, 2L, 3L), SETTINGS);
        local = new Sweep(Catalog.standard(), spec, tmp.resolve("local"));
        assertEquals(9, local.run(1, null).count(Sweep.Status.FINISHED));
    }

    @AfterAll static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    /** Every run's metrics.json equals the local executor's; the folder holds the nine runs and nothing else. */
    static void assertSameAsLocal(Path dir) throws Exception {
        for (Sweep.Cell c : local.cells())
            assertEquals(Files.readString(local.folder(c).resolve(RunFiles.METRICS)), Files.readString(dir.resolve(c.folderName()).resolve(RunFiles.METRICS)),
                    c.folderName());
        try (var s = Files.list(dir)) {
            var names = s.map(p -> p.getFileName().toString()).sorted().toList();
            var expected = new ArrayList<>(local.cells().stream().map(Sweep.Cell::folderName).toList());
            expected.add(Sweep.FILE);
            assertEquals(expected.stream().sorted().toList(), names, "nine run folders and the record: no staging folder, no stray copy");
        }
        var record = Sweep.read(dir);
        assertEquals(9, record.runs().stream().filter(e -> e.status() == Sweep.Status.FINISHED).count(), record.runs().toString());
    }

    @Test @Order(1) void aSweepOnTheClusterGivesTheLocalExecutorsMetrics() throws Exception {
        try (var spark = cluster.driver("odeon-cluster-test", "512m")) {
            var s = new Sweep(Catalog.standard(), spec, tmp.resolve("cluster")).launcher(new SparkLauncher(spark)).run(2, null);
            assertEquals(9, s.count(Sweep.Status.FINISHED), s.runs().toString());
        }
        assertSameAsLocal(tmp.resolve("cluster"));
    }

    /** The CLI as a separate driver process, stopped (SIGTERM, as Ctrl-C) after three runs, then the same command again. */
    @Test @Order(2) void aDriverStoppedMidSweepAndStartedAgainRunsOnlyTheMissingRuns() throws Exception {
        Path dir = tmp.resolve("interrupted");
        Process first = cli(dir, tmp.resolve("first.log"));
        long until = System.nanoTime() + 300_000_000_000L;
        while (finished(dir).size() < 3 && first.isAlive() && System.nanoTime() < until) Thread.sleep(100);
        assertTrue(first.isAlive(), () -> "the driver ended before it was stopped: " + read(tmp.resolve("first.log")));
        first.destroy();
        assertTrue(first.waitFor(120, TimeUnit.SECONDS), "the stopped driver exits");
        String firstLog = read(tmp.resolve("first.log"));
        assertEquals(143, first.exitValue(), "stopped by SIGTERM (128 + 15): " + firstLog);

        var before = new HashMap<String, Object>();
        for (String run : finished(dir)) before.put(run, Files.readAttributes(dir.resolve(run).resolve(RunFiles.METRICS), "unix:ino"));
        assertTrue(before.size() >= 3 && before.size() < 9, before.keySet().toString());

        Process again = cli(dir, tmp.resolve("again.log"));
        assertTrue(again.waitFor(300, TimeUnit.SECONDS), "the second driver finishes");
        String againLog = read(tmp.resolve("again.log"));
        assertEquals(0, again.exitValue(), againLog);
        for (var e : before.entrySet())
            assertEquals(e.getValue(), Files.readAttributes(dir.resolve(e.getKey()).resolve(RunFiles.METRICS), "unix:ino"), e.getKey() + " was not run again");
        assertEquals(9 - before.size(), againLog.lines().filter(l -> l.matches("\\[\\d+/9] running .*")).count(), againLog);
        assertSameAsLocal(dir);
    }

    /** Parareal's fine solves on the cluster's two executors: the local executor's iterates, bit for bit. */
    @Test @Order(3) void pararealOnTheClusterGivesTheIteratesOfTheLocalExecutorBitForBit() {
        try (var spark = cluster.driver("odeon-cluster-parareal-test", "512m")) {
            for (String problem : List.of("sir", "burgers-sin"))
                SparkFineExecutorTest.assertSameIterates(SparkFineExecutorTest.onThreads(problem), SparkFineExecutorTest.onSpark(spark, problem));
        }
    }

    /**
     * One worker is killed (with its executor) once the first run is in and both executors are running a task, so
     * that a run is cut off: Spark runs it again on the other worker, and the driver installs each run once.
     */
    @Test @Order(4) void losingAWorkerMidSweepLosesAndDuplicatesNothing() throws Exception {
        var lost = new AtomicInteger();
        var running = new AtomicInteger();
        var done = new AtomicInteger();
        try (var spark = cluster.driver("odeon-cluster-kill-test", "512m")) {
            spark.sc().addSparkListener(new SparkListener() {
                @Override public void onTaskStart(SparkListenerTaskStart start) { running.incrementAndGet(); }

                @Override public void onTaskEnd(SparkListenerTaskEnd end) {
                    running.decrementAndGet();
                    TaskEndReason r = end.reason();
                    if (!(r instanceof org.apache.spark.Success$)) lost.incrementAndGet();
                }
            });
            var killer = new Thread(() -> {
                try {
                    while (done.get() < 1 || running.get() < 2) Thread.sleep(5);
                    cluster.kill(1);
                } catch (InterruptedException e) {
                    // the sweep ended first; the assertion below says so
                }
            });
            killer.start();
            var sweep = new Sweep(Catalog.standard(), spec, tmp.resolve("killed")).launcher(new SparkLauncher(spark));
            var s = sweep.run(2, (entry, d, total) -> done.set(d));
            boolean wasKilled = !killer.isAlive();
            killer.interrupt();
            killer.join();
            assertTrue(wasKilled, "the worker was killed mid-sweep");
            assertEquals(9, s.count(Sweep.Status.FINISHED), s.runs().toString());
        }
        assertTrue(lost.get() >= 1, "the killed worker was running a task: " + lost.get() + " task attempts lost");
        assertSameAsLocal(tmp.resolve("killed"));
    }

    /** {@code odeon sweep … --executor spark --master spark://…} in a child JVM on this class path. */
    private static Process cli(Path dir, Path log) throws Exception {
        var cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx768m", "-Xss16m"));
        cmd.addAll(LoopbackCluster.opens());
        // the executors read the application's classes from this machine's class path
        cmd.addAll(List.of("-Dspark.executor.extraClassPath=" + System.getProperty("java.class.path"), "-Dspark.executor.memory=512m",
                "-Dspark.executor.cores=1", "-cp", System.getProperty("java.class.path"), "org.odeon.cli.Main",
                "sweep", "lipschitz-moons", "--grid", "widths=4,5,6", "--seeds", "1-3", "--workers", "2", "--out", dir.toString(),
                "--executor", "spark", "--master", cluster.url(), "--set"));
        SETTINGS.forEach((k, v) -> cmd.add(k + "=" + v));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        cluster.environment(pb.environment());
        return pb.start();
    }

    private static List<String> finished(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve(RunFiles.METRICS))).map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String read(Path p) {
        try { return Files.readString(p, StandardCharsets.UTF_8); } catch (java.io.IOException e) { return e.toString(); }
    }
}
