package org.odeon.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.odeon.io.Safetensors;
import org.odeon.report.Json;
import org.odeon.report.Plot;
import org.odeon.report.PlotRenderer;
import org.odeon.report.RunFiles;
import org.odeon.report.RunInfo;
import org.odeon.report.RunLock;
import org.odeon.report.RunLog;
import org.odeon.report.RunReport;

/**
 * Runs an experiment into its folder and leaves the full record there: {@code config.json} before
 * anything is computed, then {@code run.log} as it goes, and at the end {@code metrics.json}, the plots
 * ({@code plots.json} and PNGs), the model and {@code report.md}. Ctrl-C stops training at the next step
 * boundary with a checkpoint; {@link #resume} continues from it.
 */
public final class Runner {
    /** How long Ctrl-C waits for the checkpoint before the JVM is let go. */
    private static final long STOP_GRACE_SECONDS = 60;

    private final PrintStream console;
    private final boolean terminal;

    /**
     * @param console  where the log and progress go (the caller prints results elsewhere)
     * @param terminal whether {@code console} is an interactive terminal (progress bar) or not (log lines)
     */
    public Runner(PrintStream console, boolean terminal) {
        this.console = console;
        this.terminal = terminal;
    }

    public enum Status { FINISHED, STOPPED }

    public record Result(Path folder, Status status, Map<String, Double> metrics) {}

    /** {@code runs/<experiment>-<yyyyMMdd-HHmmss>}, with a numeric suffix if that exists already. */
    public static Path defaultFolder(Path root, String experiment) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path p = root.resolve(experiment + "-" + stamp);
        for (int k = 2; Files.exists(p); k++) p = root.resolve(experiment + "-" + stamp + "-" + k);
        return p;
    }

    public <C extends Record> Result run(Experiment<C> e, Scale scale, long seed, Map<String, String> overrides,
                                         Path out, boolean force) throws Exception {
        return run(e, scale, seed, overrides, out, force, new StopSignal());
    }

    /** As {@link #run(Experiment, Scale, long, Map, Path, boolean)} with the caller's stop signal (tests stop runs through it). */
    <C extends Record> Result run(Experiment<C> e, Scale scale, long seed, Map<String, String> overrides,
                                  Path out, boolean force, StopSignal stop) throws Exception {
        C config = Configs.override(e.config(scale), overrides);  // bad --set fails before anything is written
        if (Files.exists(out) && !Files.isDirectory(out)) throw new ExperimentException(out + " exists and is not a folder");
        Files.createDirectories(out);
        try (RunLock lock = RunLock.acquire(out)) {     // before --force touches anything: never a live run's files
            prepareFolder(out, force);
            var i = e.info();
            var info = new RunInfo(i.name(), i.summary(), i.paper(), i.family(), scale.id(), seed, new LinkedHashMap<>(overrides),
                    Configs.toMap(config), Versions.all(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), e.limits(scale));
            Json.write(out.resolve(RunFiles.CONFIG), info);
            return execute(e, config, info, out, stop);
        }
    }

    /** Continues the stopped run in {@code dir} with its recorded experiment, config and seed. */
    public Result resume(Registry registry, Path dir) throws Exception {
        return resume(registry, dir, new StopSignal());
    }

    Result resume(Registry registry, Path dir, StopSignal stop) throws Exception {
        RunInfo info = RunFiles.readInfo(dir);
        try (RunLock lock = RunLock.acquire(dir)) {
            if (RunFiles.finished(dir)) throw new ExperimentException(dir + " has finished already (it has " + RunFiles.METRICS + "); nothing to resume");
            if (RunFiles.checkpoints(dir).isEmpty())
                throw new ExperimentException(dir + " has no checkpoint to resume from; start it again with odeon run " + info.experiment() + " --out " + dir + " --force");
            RunLock.sweepStrayTemporaries(dir);
            return resumeTyped(registry.get(info.experiment()), info, dir, stop);
        }
    }

    private <C extends Record> Result resumeTyped(Experiment<C> e, RunInfo info, Path dir, StopSignal stop) throws Exception {
        @SuppressWarnings("unchecked") Class<C> type = (Class<C>) e.config(Scale.QUICK).getClass();
        C config = Configs.fromJson(type, info.config(), dir.resolve(RunFiles.CONFIG).toString());
        return execute(e, config, info, dir, stop);
    }

    private <C extends Record> Result execute(Experiment<C> e, C config, RunInfo info, Path dir, StopSignal stop) throws Exception {
        Thread hook = new Thread(() -> {
            stop.request();
            try {
                if (!stop.awaitStopped(STOP_GRACE_SECONDS, TimeUnit.SECONDS))
                    console.println("odeon: the run did not reach a step boundary in " + STOP_GRACE_SECONDS + " s; exiting without a checkpoint");
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "odeon-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (var log = new RunLog(dir.resolve(RunFiles.LOG), console)) {
            log.info("run " + info.experiment() + " (" + info.scale() + " scale, seed " + info.seed() + ") in " + dir);
            long t0 = System.nanoTime();
            var run = new Run(dir, info.seed(), Scale.parse(info.scale()), log, console, terminal, stop, System::nanoTime);
            Outcome outcome;
            try {
                outcome = e.run(config, run);
            } catch (Run.Stopped s) {
                log.info(s.getMessage() + " (" + seconds(t0) + " in this session); continue with: odeon run --resume " + dir);
                RunReport.rebuild(dir);
                return new Result(dir, Status.STOPPED, Map.of());
            } catch (Exception | Error x) {
                log.fileOnly("failed: " + x);  // the console gets the error from the caller
                throw x;
            }
            writeOutcome(dir, outcome);
            for (Path cp : RunFiles.checkpoints(dir)) Files.delete(cp);
            log.info("finished in " + seconds(t0) + "; " + outcome.headline().getKey() + " = " + RunReport.number(outcome.headline().getValue())
                    + "; report: " + dir.resolve(RunFiles.REPORT));
            return new Result(dir, Status.FINISHED, outcome.metrics());
        } finally {
            stop.markStopped();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C is under way: the hook is running and returns now that the run has stopped.
            }
        }
    }

    /** metrics.json marks a run as finished, so it is written after the plots and the model it vouches for. */
    private static void writeOutcome(Path dir, Outcome outcome) throws IOException {
        Json.write(dir.resolve(RunFiles.PLOTS), outcome.plots());
        for (Plot p : outcome.plots()) PlotRenderer.writePng(p, dir);
        if (!outcome.model().isEmpty())
            Safetensors.write(dir.resolve(RunFiles.MODEL), outcome.model(), Map.of("odeon", Versions.odeon(), "run", dir.getFileName().toString()));
        Json.write(dir.resolve(RunFiles.METRICS), outcome.metricsFile());
        RunReport.rebuild(dir);
    }

    /**
     * Refuses a locked folder {@code out} that holds anything but its lock unless {@code force}; with
     * {@code force} it removes the files a previous run wrote there, and stray temporary files of killed
     * writers, and nothing else.
     */
    static void prepareFolder(Path out, boolean force) throws IOException {
        List<Path> present;
        try (Stream<Path> s = Files.list(out)) { present = s.filter(p -> !p.getFileName().toString().equals(RunLock.NAME)).toList(); }
        if (!present.isEmpty() && !force)
            throw new ExperimentException("output folder " + out + " exists and is not empty; use --force to overwrite it"
                    + (Files.exists(out.resolve(RunFiles.CONFIG)) && !RunFiles.finished(out) ? " or --resume " + out + " to continue it" : ""));
        for (Path p : present) if (RunFiles.isRunFile(p.getFileName().toString())) Files.delete(p);
        RunLock.sweepStrayTemporaries(out);
    }

    private static String seconds(long t0) { return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9); }
}
