package org.odeon.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.experiments.Sweep;
import org.odeon.report.RunLock;

/**
 * Runs a sweep's runs as Spark tasks: the task carries the run's settings (and, to resume, the stopped run's
 * files), runs it with the ordinary {@link Runner} in a scratch folder on the executor, and returns the folder's
 * files; the driver writes them next to the run folder and swaps them in with one rename, so the sweep folder only
 * ever holds a whole run. A task lost with its executor is retried by Spark from the same inputs, and only the
 * driver writes, so a lost worker leaves nothing half-written and nothing twice.
 */
public final class SparkLauncher implements Sweep.Launcher {
    private final JavaSparkContext spark;
    private final boolean owned;

    /** Ships runs through {@code spark}, which the caller keeps and stops. */
    public SparkLauncher(JavaSparkContext spark) { this(spark, false); }

    private SparkLauncher(JavaSparkContext spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    /**
     * {@code odeon sweep --executor spark [--master M]}: its own Spark context, without the web UI; {@code local[*]}
     * by default. {@code spark.*} system properties add to its configuration. For a standalone master the
     * application's jars (the {@value #JARS} system property, which the {@code ./odeon} launcher sets) are shipped
     * to the executors, so workers need only a Spark distribution.
     */
    public static final class Factory implements Sweep.LauncherFactory {
        @Override public String name() { return "spark"; }

        @Override public Sweep.Launcher open(String master) {
            String m = master == null ? "local[*]" : master.strip();
            check(m);
            var conf = new org.apache.spark.SparkConf().setMaster(m).setAppName("odeon-sweep").set("spark.ui.enabled", "false");
            String jars = System.getProperty(JARS, "");
            if (m.startsWith("spark://") && !jars.isBlank() && !conf.contains("spark.jars") && !conf.contains("spark.executor.extraClassPath"))
                conf.set("spark.jars", jars);
            return new SparkLauncher(new JavaSparkContext(conf), true);
        }
    }

    /** The comma-separated jars a standalone cluster's executors need: Odeon and what it depends on, not Spark. */
    public static final String JARS = "odeon.spark.jars";

    private static final java.util.regex.Pattern LOCAL = java.util.regex.Pattern.compile("local(\\[(\\*|[1-9]\\d{0,3})(,[1-9]\\d{0,2})?])?"),
            STANDALONE = java.util.regex.Pattern.compile("spark://([^:/,\\s]+):(\\d{1,5})(,([^:/,\\s]+):(\\d{1,5}))*");

    /**
     * Refuses, in one line, a master URL that is neither {@code local[N]} nor {@code spark://HOST:PORT[,HOST:PORT…]},
     * and a standalone master none of whose addresses accepts a connection within 5 s (Spark itself would retry for
     * a minute and then stop with a stack trace).
     */
    static void check(String master) {
        if (LOCAL.matcher(master).matches()) return;
        if (!STANDALONE.matcher(master).matches())
            throw new org.odeon.experiments.ExperimentException("--master '" + master + "' should be local, local[N], local[*] or spark://HOST:PORT");
        String why = "";
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65535) throw new org.odeon.experiments.ExperimentException("--master '" + master + "': port " + port + " is out of range");
            try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(address.substring(0, colon), port), 5000);
                return;
            } catch (IOException e) {
                why = e instanceof java.net.UnknownHostException ? "unknown host " + e.getMessage()
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new org.odeon.experiments.ExperimentException("cannot reach the Spark master at " + master + " (" + why + "); is it running?");
    }

    @Override public void close() {
        if (owned) spark.stop();
    }

    /** What a task needs: plain data, serialised with the closure. */
    record Task(String experiment, String scale, long seed, LinkedHashMap<String, String> overrides, String folder,
                LinkedHashMap<String, byte[]> files, boolean resume) implements Serializable {}

    /** What a task returns: the finished or stopped run folder's files. */
    record Result(boolean finished, LinkedHashMap<String, byte[]> files) implements Serializable {}

    @Override public Sweep.Status launch(Sweep.Spec spec, Sweep.Cell cell, Path folder, boolean resume) throws Exception {
        var task = new Task(spec.experiment(), spec.scale(), cell.seed(), new LinkedHashMap<>(spec.overrides(cell)), cell.folderName(),
                resume ? read(folder) : new LinkedHashMap<>(), resume);
        Result r;
        try {
            r = spark.parallelize(List.of(task), 1).map(SparkLauncher::execute).collect().getFirst();
        } catch (RuntimeException e) {
            // Ctrl-C stops the context (Spark's own shutdown hook): the run was cut off, not failed; the folder is as it was
            if (spark.sc().isStopped()) return Sweep.Status.STOPPED;
            throw e;
        }
        install(folder, r.files());
        return r.finished() ? Sweep.Status.FINISHED : Sweep.Status.STOPPED;
    }

    /** On the executor: the run in a scratch folder, its files back. */
    static Result execute(Task t) throws Exception {
        Path scratch = Files.createTempDirectory("odeon-task");
        try {
            Path dir = Files.createDirectories(scratch.resolve(t.folder()));
            for (var f : t.files().entrySet()) Files.write(dir.resolve(f.getKey()), f.getValue());
            var registry = org.odeon.cli.Catalog.standard();
            var runner = new Runner(new PrintStream(OutputStream.nullOutputStream()), false);
            Runner.Result r = t.resume() ? runner.resume(registry, dir)
                    : runner.run(registry.get(t.experiment()), Scale.parse(t.scale()), t.seed(), t.overrides(), dir, true);
            return new Result(r.status() == Runner.Status.FINISHED, read(dir));
        } finally {
            deleteTree(scratch);
        }
    }

    /** Every file of a run folder but its lock. */
    static LinkedHashMap<String, byte[]> read(Path dir) throws IOException {
        var files = new LinkedHashMap<String, byte[]>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList())
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals(RunLock.NAME)) files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return files;
    }

    /** Writes the files into a sibling staging folder, then replaces {@code folder} with it by renames. */
    static void install(Path folder, Map<String, byte[]> files) throws IOException {
        Path parent = folder.toAbsolutePath().getParent(), staging = parent.resolve("." + folder.getFileName() + "." + UUID.randomUUID() + ".staging");
        Files.createDirectories(staging);
        for (var f : files.entrySet()) {
            if (!f.getKey().matches("[A-Za-z0-9._-]+")) throw new IOException("a task returned a file named '" + f.getKey() + "'");
            Files.write(staging.resolve(f.getKey()), f.getValue());
        }
        Path old = parent.resolve("." + folder.getFileName() + "." + UUID.randomUUID() + ".old");
        if (Files.exists(folder)) Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        if (Files.exists(old)) deleteTree(old);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
