package org.odeon.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.odeon.data.DataSets;
import org.odeon.experiments.Versions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Versions, the live BLAS backend, threads, and which data sets were found where.")
final class InfoCommand implements Runnable {
    private final Cli cli;

    @Option(names = "--data", paramLabel = "DIR", description = "Also look for data sets in DIR/<name> (repeatable).")
    List<Path> dataRoots = List.of();

    InfoCommand(Cli cli) { this.cli = cli; }

    @Override public void run() {
        var out = cli.out();
        var v = Versions.all();
        out.println("odeon     " + v.get("odeon"));
        // where the runtime lives: a checkout's JDK, or the runtime/ of an `odeon image`
        out.println("java      " + v.get("java") + " in " + System.getProperty("java.home"));
        out.println("blas      " + v.get("blas"));
        String openblas = System.getenv("OPENBLAS_NUM_THREADS");
        out.println("threads   " + Runtime.getRuntime().availableProcessors() + " cores; element-wise kernels use the caller + "
                + ForkJoinPool.commonPool().getParallelism() + " common-pool worker(s); native BLAS uses "
                + (openblas != null ? "$OPENBLAS_NUM_THREADS=" + openblas : "its default (set $OPENBLAS_NUM_THREADS to limit)"));
        out.println("os        " + v.get("os"));
        out.println("data sets");
        for (DataSets.Found f : DataSets.locate(dataRoots, System.getenv()))
            out.println("  " + String.format("%-14s", f.set().name()) + (f.where() != null
                    ? f.where().toString()
                    : "not found (set $" + f.set().env() + " or --data DIR; looked in " + f.looked() + ")" + f.set().hint()));
    }
}
