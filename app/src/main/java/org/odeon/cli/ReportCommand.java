package org.odeon.cli;

import java.nio.file.Path;
import java.util.List;
import org.odeon.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"With one run folder: rebuild its report.md (and PNGs) from its files.",
                "With several runs of one experiment: print a table comparing their settings and metrics."})
final class ReportCommand implements java.util.concurrent.Callable<Integer> {
    private final Cli cli;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run folders.")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the comparison table to FILE (Markdown).")
    Path out;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    ReportCommand(Cli cli) { this.cli = cli; }

    @Override public Integer call() throws Exception {
        if (dirs.size() == 1) {
            if (out != null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out is for comparing several runs");
            cli.out().println("report: " + RunReport.rebuild(dirs.getFirst()));
            return Main.OK;
        }
        String table = RunReport.compare(dirs);
        cli.out().print(table);
        if (out != null) {
            RunReport.writeText(out, table);
            cli.out().println("\nwritten to " + out);
        }
        return Main.OK;
    }
}
