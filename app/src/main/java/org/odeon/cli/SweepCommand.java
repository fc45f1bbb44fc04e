package org.odeon.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.experiments.Scale;
import org.odeon.experiments.Sweep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an experiment over every combination of --grid values and --seeds, each a run folder under --out.",
                "Running the same command again skips finished runs and resumes stopped ones; sweep.json records each run's status.",
                "'odeon report DIR' then aggregates the runs per setting."})
final class SweepCommand implements java.util.concurrent.Callable<Integer> {
    private final Cli cli;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "EXPERIMENT", description = "Name from 'odeon list'.")
    String name;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2", arity = "1..*",
            description = "A setting and its values (several after one --grid, or repeated); separate values by ';' when each is a comma-separated list.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "1-5", description = "Seeds: a range, a list or both (1-3,7). Default: 1.")
    String seeds = "1";

    @Option(names = "--scale", paramLabel = "quick|paper", description = "Default: quick.")
    Scale scale = Scale.QUICK;

    @Option(names = "--set", paramLabel = "KEY=VALUE", arity = "1..*", description = "Settings common to every run.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder. Default: runs/EXPERIMENT-sweep.")
    Path out;

    @Option(names = "--executor", paramLabel = "local|spark",
            description = "Where runs execute: local (this machine), or spark when the cluster module is on the class path. Default: local.")
    String executor = "local";

    @Option(names = "--master", paramLabel = "local[N]|spark://HOST:PORT", description = "With --executor spark: the cluster. Default: local[*].")
    String master;

    @Option(names = "--workers", paramLabel = "N", description = "Runs at a time. Default: 1 (the engine already uses every core for one run).")
    int workers = 1;

    @Option(names = "--isolation", paramLabel = "threads|processes",
            description = "With --executor local: run on threads of this JVM, or each run in a child JVM (a crash takes only that run down). Default: threads.")
    Sweep.Isolation isolation = Sweep.Isolation.THREADS;

    SweepCommand(Cli cli) { this.cli = cli; }

    @Override public Integer call() throws Exception {
        Sweep.LauncherFactory remote = null;
        if (!executor.equals("local")) {
            var found = java.util.ServiceLoader.load(Sweep.LauncherFactory.class).stream().map(java.util.ServiceLoader.Provider::get).toList();
            remote = found.stream().filter(f -> f.name().equals(executor)).findFirst().orElseThrow(() -> usage("unknown --executor '" + executor
                    + "'; this build has: " + String.join(", ", java.util.stream.Stream.concat(java.util.stream.Stream.of("local"),
                    found.stream().map(Sweep.LauncherFactory::name)).toList()) + (executor.equals("spark") ? " (spark comes with the cluster module on the class path)" : "")));
        }
        if (master != null && remote == null) throw usage("--master is for --executor spark");
        if (grid.isEmpty()) throw usage("missing --grid KEY=V1,V2,...");
        if (workers < 1 || workers > 256) throw usage("--workers must be between 1 and 256, got " + workers);
        var s = new Sweep.Spec(name, scale.id(), Sweep.parseGrid(grid), Sweep.parseSeeds(seeds), sets);
        Path dir = out != null ? out : cli.runsRoot().resolve(name + "-sweep");
        var sweep = new Sweep(cli.registry(), s, dir).isolation(isolation);
        cli.err().println("sweep " + name + ": " + sweep.cells().size() + " runs in " + dir + ", " + workers + " at a time"
                + (remote == null ? "" : " on " + executor + (master == null ? "" : " " + master)));
        Sweep.Summary summary;
        try (Sweep.Launcher launcher = remote == null ? null : remote.open(master)) {
            if (launcher != null) sweep.launcher(launcher);
            summary = sweep.run(workers, (e, done, total) -> cli.err().println("[" + done + "/" + total + "] "
                    + e.status().name().toLowerCase(java.util.Locale.ROOT) + " " + e.folder() + (e.error() == null ? "" : ": " + e.error())));
        }
        cli.out().println(String.format(java.util.Locale.ROOT, "%d finished, %d stopped, %d failed, %d not started; record: %s",
                summary.count(Sweep.Status.FINISHED), summary.count(Sweep.Status.STOPPED), summary.count(Sweep.Status.FAILED),
                summary.count(Sweep.Status.PENDING), dir.resolve(Sweep.FILE)));
        if (summary.count(Sweep.Status.FAILED) > 0) return Main.FAILED;
        if (summary.count(Sweep.Status.FINISHED) < sweep.cells().size()) {
            cli.out().println("continue with the same command");
            return Main.STOPPED;
        }
        cli.out().println("aggregate with: odeon report " + dir);
        return Main.OK;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
