package org.odeon.experiments;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.odeon.report.Json;
import org.odeon.report.ReportException;
import org.odeon.report.RunFiles;
import org.odeon.report.RunInfo;
import org.odeon.report.RunReport;

/**
 * A study: one experiment over the cartesian product of a grid of settings and a list of seeds, each cell a normal
 * run folder under the sweep folder, named from its settings and seed alone so the same command finds the same
 * folders again. {@code sweep.json} records the grid and each run's status and is rewritten as runs change state.
 * Running a sweep again skips finished runs, resumes stopped ones from their checkpoints through
 * {@link Runner#resume} and starts the rest, so nothing is computed twice and nothing is lost.
 */
public final class Sweep {
    public static final String FILE = RunFiles.SWEEP;

    /**
     * What to run: the experiment at a scale, {@code grid} (setting → values, in the order given; a value is a
     * {@code --set} value), every combination with every seed, plus the {@code fixed} settings common to all.
     */
    public record Spec(String experiment, String scale, Map<String, List<String>> grid, List<Long> seeds, Map<String, String> fixed) {
        public Spec {
            Objects.requireNonNull(experiment, "experiment");
            grid = Collections2.copy(grid);
            seeds = List.copyOf(seeds);
            fixed = Map.copyOf(new LinkedHashMap<>(fixed));
            if (seeds.isEmpty()) throw new ExperimentException("a sweep needs at least one seed");
            if (seeds.stream().distinct().count() != seeds.size()) throw new ExperimentException("seeds repeat: " + seeds);
            for (var e : grid.entrySet()) {
                if (e.getValue().isEmpty()) throw new ExperimentException("grid setting '" + e.getKey() + "' has no values");
                if (e.getValue().stream().distinct().count() != e.getValue().size())
                    throw new ExperimentException("grid setting '" + e.getKey() + "' repeats a value: " + e.getValue());
                if (fixed.containsKey(e.getKey())) throw new ExperimentException("'" + e.getKey() + "' is both in --grid and --set");
            }
        }

        /** Every (settings, seed) cell: the first grid key varies slowest, the seed fastest. */
        public List<Cell> cells() {
            List<Map<String, String>> combos = new ArrayList<>();
            combos.add(new LinkedHashMap<>());
            for (var e : grid.entrySet()) {
                List<Map<String, String>> next = new ArrayList<>();
                for (var c : combos)
                    for (String v : e.getValue()) {
                        var m = new LinkedHashMap<>(c);
                        m.put(e.getKey(), v);
                        next.add(m);
                    }
                combos = next;
            }
            List<Cell> out = new ArrayList<>();
            for (var c : combos) for (long s : seeds) out.add(new Cell(c, s));
            return out;
        }

        /** The overrides of a cell's run: the fixed settings, then the cell's grid values. */
        public Map<String, String> overrides(Cell cell) {
            var m = new LinkedHashMap<String, String>(new java.util.TreeMap<>(fixed));
            m.putAll(cell.settings());
            return m;
        }
    }

    /** One run of the sweep. */
    public record Cell(Map<String, String> settings, long seed) {
        public Cell { settings = Collections2.copyMap(settings); }

        /**
         * {@code key-value_…_seed-N}; characters other than letters, digits, '.', '+' and '-' become '~' and then a
         * hash of the exact settings is appended, so distinct cells never share a folder.
         */
        public String folderName() {
            var name = new StringBuilder();
            settings.forEach((k, v) -> name.append(k).append('-').append(v).append('_'));
            name.append("seed-").append(seed);
            String plain = name.toString(), safe = plain.replaceAll("[^A-Za-z0-9.+_-]", "~");
            if (safe.equals(plain) && safe.length() <= 120) return safe;
            return safe.substring(0, Math.min(safe.length(), 100)) + "-" + hash(plain);
        }

        private static String hash(String s) {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(d, 0, 4);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public enum Status { PENDING, RUNNING, FINISHED, STOPPED, FAILED }

    /**
     * Where concurrent runs execute: on threads of this JVM (one heap, one engine thread pool shared by the runs)
     * or in child JVMs (a run that exhausts its heap or crashes the JVM takes only itself down).
     */
    public enum Isolation { THREADS, PROCESSES }

    /** A run's line in {@code sweep.json}. */
    public record Entry(String folder, Map<String, String> settings, long seed, Status status, String command, String error) {}

    /** The contents of {@code sweep.json}. */
    public record Record(String experiment, String scale, Map<String, List<String>> grid, List<Long> seeds, Map<String, String> set,
                         List<Entry> runs) {
        public Spec spec() { return new Spec(experiment, scale, grid, seeds, set); }
    }

    /** Counts of a sweep's runs by status after {@link #run}. */
    public record Summary(Path dir, Map<Status, Integer> counts, List<Entry> runs) {
        public int count(Status s) { return counts.getOrDefault(s, 0); }
    }

    /** Reports each run as it changes state (the CLI prints a line). */
    public interface Listener { void changed(Entry entry, int done, int total); }

    private final Registry registry;
    private final Spec spec;
    private final Path dir;
    private final List<Cell> cells;
    private final Entry[] entries;
    private final Experiment<?> experiment;
    private final Scale scale;
    private Isolation isolation = Isolation.THREADS;
    private Launcher launcher;

    /**
     * Runs one cell elsewhere (another machine, a cluster) and leaves its complete run folder at {@code folder}:
     * {@code resume} says the folder holds a stopped run to continue. Returns FINISHED or STOPPED; throws on failure.
     */
    public interface Launcher extends AutoCloseable {
        Status launch(Spec spec, Cell cell, Path folder, boolean resume) throws Exception;

        /** Releases what the launcher holds (a cluster connection); nothing by default. */
        @Override default void close() throws Exception {}
    }

    /**
     * A named {@link Launcher} that {@code odeon sweep --executor NAME} finds through {@link java.util.ServiceLoader}
     * when its module is on the class path (the cluster module provides {@code spark}).
     */
    public interface LauncherFactory {
        String name();

        /** @param master where to run, e.g. {@code local[2]} or {@code spark://host:7077}; null for the default */
        Launcher open(String master) throws Exception;
    }

    /** Hands every run to {@code l} instead of running it on this machine. */
    public Sweep launcher(Launcher l) {
        launcher = java.util.Objects.requireNonNull(l);
        return this;
    }

    /** Runs in child JVMs instead of threads of this one. */
    public Sweep isolation(Isolation i) {
        isolation = java.util.Objects.requireNonNull(i);
        return this;
    }

    public Sweep(Registry registry, Spec spec, Path dir) {
        this.registry = registry;
        this.spec = spec;
        this.dir = dir;
        this.experiment = registry.get(spec.experiment());
        this.scale = Scale.parse(spec.scale());
        this.cells = spec.cells();
        // every cell's settings are checked before anything is written
        for (Cell c : cells) Configs.override(experiment.config(scale), spec.overrides(c));
        this.entries = new Entry[cells.size()];
        for (int i = 0; i < cells.size(); i++) entries[i] = entry(cells.get(i), Status.PENDING, null);
    }

    public List<Cell> cells() { return cells; }

    /** The run folder of a cell. */
    public Path folder(Cell c) { return dir.resolve(c.folderName()); }

    /**
     * Runs every cell not finished yet, {@code workers} at a time on threads of this JVM, and returns the counts.
     * {@code signals} gives each run its stop signal (Ctrl-C requests them all through the runs' own hooks).
     */
    public Summary run(int workers, Listener listener) throws IOException, InterruptedException {
        return run(workers, listener, c -> new StopSignal());
    }

    Summary run(int workers, Listener listener, Function<Cell, StopSignal> signals) throws IOException, InterruptedException {
        if (workers < 1) throw new ExperimentException("--workers must be at least 1, got " + workers);
        prepare();
        var cancelled = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "odeon-sweep");
            t.setDaemon(true);
            return t;
        });
        // Ctrl-C: runs under way stop through their own hooks; this one keeps the rest from starting and waits for the record.
        Thread hook = new Thread(() -> {
            cancelled.set(true);
            pool.shutdown();
            try {
                pool.awaitTermination(120, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "odeon-sweep-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        var done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    if (cancelled.get()) return null;
                    Status st = runCell(k, signals.apply(cells.get(k)), listener, done);
                    if (st == Status.STOPPED) cancelled.set(true);  // a stopped run means the sweep was interrupted
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("sweep worker failed", e.getCause());
                }
            }
        } finally {
            pool.shutdown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C is under way; the hook waits for the pool
            }
        }
        var counts = new java.util.EnumMap<Status, Integer>(Status.class);
        for (Entry e : entries) counts.merge(e.status(), 1, Integer::sum);
        return new Summary(dir, counts, List.of(entries));
    }

    /** Creates the folder and checks that a {@code sweep.json} already there describes this very sweep. */
    private void prepare() throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            Record old = Json.read(file, Record.class);
            if (!old.spec().equals(spec))
                throw new ExperimentException(dir + " holds a different sweep (" + describe(old.spec()) + "); choose another --out");
            for (int i = 0; i < cells.size(); i++)
                if (RunFiles.finished(folder(cells.get(i)))) entries[i] = entry(cells.get(i), Status.FINISHED, null);
        }
        writeRecord();
    }

    private Status runCell(int k, StopSignal stop, Listener listener, java.util.concurrent.atomic.AtomicInteger done) throws IOException {
        Cell c = cells.get(k);
        Path folder = folder(c);
        Status result;
        String error = null;
        try {
            if (RunFiles.finished(folder)) {
                check(c, folder);
                result = Status.FINISHED;
            } else {
                update(k, entry(c, Status.RUNNING, null), listener, done.get());
                // a folder with a checkpoint resumes; one never started, or killed before its first checkpoint, starts afresh
                boolean resume = Files.exists(folder.resolve(RunFiles.CONFIG)) && !RunFiles.checkpoints(folder).isEmpty();
                if (resume) check(c, folder);
                result = launcher != null ? launcher.launch(spec, c, folder, resume)
                        : isolation == Isolation.PROCESSES ? inChild(c, folder, resume) : inThisJvm(c, folder, resume, stop);
            }
        } catch (Exception e) {
            result = Status.FAILED;
            error = e instanceof ExperimentException || e instanceof ReportException ? e.getMessage() : e.toString();
        }
        update(k, entry(c, result, error), listener, result == Status.FINISHED || result == Status.FAILED ? done.incrementAndGet() : done.get());
        return result;
    }

    private Status inThisJvm(Cell c, Path folder, boolean resume, StopSignal stop) throws Exception {
        var runner = new Runner(new PrintStream(OutputStream.nullOutputStream()), false);  // run.log has it all
        Runner.Result r = resume ? runner.resume(registry, folder, stop)
                : runner.run(experiment, scale, c.seed(), spec.overrides(c), folder, true, stop);
        return r.status() == Runner.Status.FINISHED ? Status.FINISHED : Status.STOPPED;
    }

    /**
     * The same run as {@code odeon run} in a child JVM on this JVM's class path. Ctrl-C reaches the children too
     * (they share the terminal's process group) and each stops with its checkpoint; exit code 130 says so.
     */
    private Status inChild(Cell c, Path folder, boolean resume) throws Exception {
        var cmd = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xss16m", "-XX:+UseParallelGC",
                "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "org.odeon.cli.Main", "run"));
        if (resume) cmd.addAll(List.of("--resume", folder.toString()));
        else {
            cmd.addAll(List.of(spec.experiment(), "--scale", spec.scale(), "--seed", Long.toString(c.seed()), "--out", folder.toString(), "--force"));
            spec.overrides(c).forEach((k, v) -> cmd.addAll(List.of("--set", k + "=" + v)));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        int code = p.waitFor();
        if (code == 0) return Status.FINISHED;
        if (code == 130) return Status.STOPPED;
        String why = output.stream().filter(l -> l.startsWith("odeon: ")).reduce((a, b) -> b).orElse("exit code " + code);
        throw new ExperimentException(why.replaceFirst("^odeon: ", ""));
    }

    /** A finished or stopped folder must be this cell's run, not a stale one from other settings. */
    private void check(Cell c, Path folder) throws IOException {
        RunInfo info = RunFiles.readInfo(folder);
        if (!info.experiment().equals(spec.experiment()) || !info.scale().equals(spec.scale()) || info.seed() != c.seed()
                || !info.overrides().equals(spec.overrides(c)))
            throw new ExperimentException(folder + " holds a run with other settings (" + RunReport.command(info) + "); remove it or choose another --out");
    }

    private Entry entry(Cell c, Status s, String error) {
        var info = new RunInfo(spec.experiment(), "", "", "", spec.scale(), c.seed(), spec.overrides(c), Map.of(), Map.of(), "", "");
        return new Entry(c.folderName(), c.settings(), c.seed(), s, RunReport.command(info) + " --out " + dir.resolve(c.folderName()), error);
    }

    private synchronized void update(int k, Entry e, Listener listener, int done) throws IOException {
        entries[k] = e;
        writeRecord();
        if (listener != null) listener.changed(e, done, entries.length);
    }

    private synchronized void writeRecord() throws IOException {
        Json.write(dir.resolve(FILE), new Record(spec.experiment(), spec.scale(), spec.grid(), spec.seeds(), new java.util.TreeMap<>(spec.fixed()), List.of(entries)));
    }

    private static String describe(Spec s) {
        return s.experiment() + " " + s.scale() + ", grid " + s.grid() + ", seeds " + s.seeds() + (s.fixed().isEmpty() ? "" : ", set " + s.fixed());
    }

    /** Reads a sweep folder's record. */
    public static Record read(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(FILE))) throw new ReportException(dir + " is not a sweep folder: it has no " + FILE);
        return Json.read(dir.resolve(FILE), Record.class);
    }

    /**
     * {@code key=v1,v2,…} options into an ordered grid. Values are split on commas, or on semicolons when the
     * option has any, for settings whose values are themselves comma-separated lists ({@code depths=2,4;8,16}).
     */
    public static Map<String, List<String>> parseGrid(List<String> options) {
        var grid = new LinkedHashMap<String, List<String>>();
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0 || eq == o.length() - 1) throw new ExperimentException("--grid '" + o + "' should be KEY=V1,V2,...");
            String key = o.substring(0, eq), values = o.substring(eq + 1);
            if (grid.containsKey(key)) throw new ExperimentException("--grid names '" + key + "' twice");
            List<String> vs = List.of(values.split(values.contains(";") ? ";" : ",", -1)).stream().map(String::strip).toList();
            if (vs.stream().anyMatch(String::isEmpty)) throw new ExperimentException("--grid '" + o + "' has an empty value");
            grid.put(key, vs);
        }
        return grid;
    }

    /** {@code 1-5}, {@code 3} or {@code 1,4,9} (and mixtures such as {@code 1-3,7}). */
    public static List<Long> parseSeeds(String s) {
        List<Long> out = new ArrayList<>();
        try {
            for (String part : s.split(",")) {
                part = part.strip();
                int dash = part.indexOf('-', 1);
                if (dash < 0) out.add(Long.parseLong(part));
                else {
                    long lo = Long.parseLong(part.substring(0, dash)), hi = Long.parseLong(part.substring(dash + 1));
                    if (hi < lo || hi - lo >= 100_000) throw new ExperimentException("--seeds range '" + part + "' should be LOW-HIGH with LOW ≤ HIGH and fewer than 100000 seeds");
                    for (long v = lo; v <= hi; v++) out.add(v);
                }
            }
        } catch (NumberFormatException e) {
            throw new ExperimentException("--seeds '" + s + "' should be like 1-5 or 1,3,7");
        }
        return out;
    }

    /** Copies that keep the caller's order and refuse later changes. */
    private static final class Collections2 {
        static Map<String, List<String>> copy(Map<String, List<String>> grid) {
            var m = new LinkedHashMap<String, List<String>>();
            grid.forEach((k, v) -> m.put(k, List.copyOf(v)));
            return java.util.Collections.unmodifiableMap(m);
        }

        static Map<String, String> copyMap(Map<String, String> m) { return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)); }
    }
}
