package org.odeon.cli;

import java.nio.file.Path;
import java.util.List;
import org.odeon.bench.BenchReport;
import org.odeon.report.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the engine workloads (median of timed runs after warm-up) and the PyTorch peer where it is installed.",
                "ratio = odeon / peer: below 1 Odeon is faster."})
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    private final Cli cli;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Fewer runs: a smoke run, not a measurement.")
    boolean quick;

    @Option(names = "--no-peer", description = "Skip the PyTorch peer.")
    boolean noPeer;

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Time only these workloads, comma-separated (e.g. --only=mlp,hamiltonian); the protocol is unchanged.")
    List<String> only;

    @Option(names = "--json", paramLabel = "FILE", description = "Write per workload the median seconds of Odeon and the peer and their ratio.")
    Path json;

    BenchCommand(Cli cli) { this.cli = cli; }

    @Override public Integer call() throws Exception {
        List<String> names = only == null ? List.of() : only;
        try {
            BenchReport.selected(names);
        } catch (IllegalArgumentException unknown) {
            throw new CommandLine.ParameterException(spec.commandLine(), unknown.getMessage());
        }
        var outcome = BenchReport.run(quick, !noPeer, names, cli.err()::println);
        cli.out().print(outcome.table());
        if (json != null) {
            Json.write(json, outcome.json());
            cli.out().println("written to " + json);
        }
        return Main.OK;
    }
}
