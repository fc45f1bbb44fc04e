package org.odeon.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of a run folder. {@code metrics.json} exists only once a run finished; a run that was
 * stopped has a {@code checkpoint-<loop>.safetensors} per training loop instead, which a finished run deletes.
 */
public final class RunFiles {
    private RunFiles() {}

    public static final String CONFIG = "config.json", METRICS = "metrics.json", REPORT = "report.md",
            PLOTS = "plots.json", LOG = "run.log", MODEL = "model.safetensors";
    /** A sweep folder's record of its grid and runs (the runs are its subfolders). */
    public static final String SWEEP = "sweep.json";

    /** Whether {@code name} is something a run writes (and {@code --force} may therefore replace). */
    public static boolean isRunFile(String name) {
        return List.of(CONFIG, METRICS, REPORT, PLOTS, LOG, MODEL).contains(name)
                || name.endsWith(".png") || isCheckpoint(name);
    }

    public static List<Path> checkpoints(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> isCheckpoint(p.getFileName().toString())).sorted().toList();
        }
    }

    /** The checkpoint of the training loop named {@code loop}. */
    public static Path checkpoint(Path dir, String loop) { return dir.resolve("checkpoint-" + loop + ".safetensors"); }

    private static boolean isCheckpoint(String name) { return name.startsWith("checkpoint-") && name.endsWith(".safetensors"); }

    public static boolean finished(Path dir) { return Files.exists(dir.resolve(METRICS)); }

    public static RunInfo readInfo(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new ReportException(dir + " is not a folder");
        if (!Files.exists(dir.resolve(CONFIG))) throw new ReportException(dir + " is not a run folder: it has no " + CONFIG);
        return Json.read(dir.resolve(CONFIG), RunInfo.class);
    }
}
