package org.odeon.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.report.RunFiles;
import org.odeon.report.RunReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one experiment and write config.json, metrics.json, report.md, plots, run.log and the model to its folder.",
                "Ctrl-C stops at the next step with a checkpoint; --resume DIR continues it."})
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    private final Cli cli;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "EXPERIMENT", description = "Name from 'odeon list'.")
    String name;

    @Option(names = "--scale", paramLabel = "quick|paper", description = "quick (about a minute) or paper (the paper's sizes). Default: quick.")
    Scale scale;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random draw. Default: 1.")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/EXPERIMENT-TIMESTAMP.")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", arity = "1..*", description = "Override settings (several after one --set, or repeated); 'odeon list EXPERIMENT' shows them.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--force", description = "Replace the files of an earlier run in --out.")
    boolean force;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the stopped run in DIR with its recorded settings.")
    Path resume;

    RunCommand(Cli cli) { this.cli = cli; }

    @Override public Integer call() throws Exception {
        Runner runner = new Runner(cli.err(), cli.terminal());
        Runner.Result r;
        if (resume != null) {
            if (scale != null || seed != null || out != null || !sets.isEmpty() || force)
                throw usage("--resume continues a run with its recorded settings; drop --scale, --seed, --out, --set and --force");
            if (name != null && !name.equals(RunFiles.readInfo(resume).experiment()))
                throw usage(resume + " is a run of " + RunFiles.readInfo(resume).experiment() + ", not " + name);
            r = runner.resume(cli.registry(), resume);
        } else {
            if (name == null) throw usage("missing EXPERIMENT; 'odeon list' shows them");
            Experiment<?> e = cli.registry().get(name);
            Path folder = out != null ? out : Runner.defaultFolder(cli.runsRoot(), name);
            r = runner.run(e, scale == null ? Scale.QUICK : scale, seed == null ? 1 : seed, sets, folder, force);
        }
        return report(r);
    }

    private int report(Runner.Result r) {
        var o = cli.out();
        if (r.status() == Runner.Status.STOPPED) {
            o.println("stopped; checkpoint in " + r.folder() + ". Continue with: odeon run --resume " + r.folder());
            return Main.STOPPED;
        }
        var t = new Table("metric", "value");
        r.metrics().forEach((k, v) -> t.row(k, RunReport.number(v)));
        t.print(o);
        o.println();
        o.println("report: " + r.folder().resolve(RunFiles.REPORT));
        return Main.OK;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
