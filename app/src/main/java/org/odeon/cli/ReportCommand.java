package org.odeon.cli;

import java.nio.file.Path;
import java.util.List;
import org.odeon.report.HtmlReport;
import org.odeon.report.RunReport;
import org.odeon.report.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"With one run folder: rebuild its report.md (and PNGs) from its files.",
                "With a sweep folder: aggregate its runs per setting (mean ± std of every metric) into sweep-report.md and plots.",
                "With several runs of one experiment: print a table comparing their settings and metrics."})
final class ReportCommand implements java.util.concurrent.Callable<Integer> {
    private final Cli cli;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run folders, or one sweep folder.")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the comparison table to FILE (Markdown).")
    Path out;

    @Option(names = "--geomean", description = "For a sweep: also give the geometric mean of each metric per setting.")
    boolean geomean;

    @Option(names = "--html", description = "With one run or sweep folder: also write report.html, a self-contained page to browse and compare the runs.")
    boolean html;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    ReportCommand(Cli cli) { this.cli = cli; }

    @Override public Integer call() throws Exception {
        if (dirs.size() == 1 && SweepReport.isSweep(dirs.getFirst())) {
            if (out != null) throw usage("--out is for comparing several runs; a sweep's report goes into its folder");
            Path md = SweepReport.write(dirs.getFirst(), geomean);
            cli.out().print(SweepReport.table(SweepReport.read(dirs.getFirst()), geomean));
            cli.out().println("\nreport: " + md);
            if (html) cli.out().println("page: " + HtmlReport.write(dirs.getFirst(), geomean));
            return Main.OK;
        }
        if (geomean) throw usage("--geomean is for a sweep folder (one with sweep.json)");
        if (dirs.size() == 1) {
            if (out != null) throw usage("--out is for comparing several runs");
            cli.out().println("report: " + RunReport.rebuild(dirs.getFirst()));
            if (html) cli.out().println("page: " + HtmlReport.write(dirs.getFirst(), false));
            return Main.OK;
        }
        if (html) throw usage("--html is for one run folder or one sweep folder");
        String table = RunReport.compare(dirs);
        cli.out().print(table);
        if (out != null) {
            RunReport.writeText(out, table);
            cli.out().println("\nwritten to " + out);
        }
        return Main.OK;
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
}
