package org.odeon.cli;

import java.nio.file.Path;
import java.util.Map;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.report.RunFiles;
import org.odeon.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the quick scale of each family's flagship experiment and summarise their headline metrics.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    private final Cli cli;

    @Option(names = "--out", paramLabel = "DIR", description = "Parent folder of the runs. Default: runs/demo-TIMESTAMP.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every run. Default: ${DEFAULT-VALUE}.")
    long seed;

    DemoCommand(Cli cli) { this.cli = cli; }

    @Override public Integer call() throws Exception {
        var flagships = cli.registry().flagships();
        if (flagships.isEmpty()) {
            cli.err().println("odeon: no experiments are registered yet");
            return Main.FAILED;
        }
        Path root = out != null ? out : Runner.defaultFolder(cli.runsRoot(), "demo");
        var runner = new Runner(cli.err(), cli.terminal());
        var t = new Table("experiment", "family", "headline metric", "value", "report");
        int failed = 0;
        for (Experiment<?> e : flagships) {
            String name = e.info().name();
            cli.err().println("== " + name + " (" + e.info().family() + ")");
            try {
                var r = runner.run(e, Scale.QUICK, seed, Map.of(), root.resolve(name), false);
                if (r.status() == Runner.Status.STOPPED) {
                    t.row(name, e.info().family(), "stopped", "", r.folder().toString());
                    cli.out().println();
                    t.print(cli.out());
                    return Main.STOPPED;
                }
                var h = r.metrics().entrySet().iterator().next();
                t.row(name, e.info().family(), h.getKey(), RunReport.number(h.getValue()), r.folder().resolve(RunFiles.REPORT).toString());
            } catch (Exception x) {  // one broken experiment should not hide the others' results
                failed++;
                Main.fail(cli.err(), x, false);
                t.row(name, e.info().family(), "failed", "", root.resolve(name).resolve(RunFiles.LOG).toString());
            }
        }
        cli.out().println();
        t.print(cli.out());
        cli.out().println();
        cli.out().println("reports: " + root + " (each run's report.md; compare runs with odeon report DIR...)");
        return failed == 0 ? Main.OK : Main.FAILED;
    }
}
