package org.odeon.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.odeon.experiments.Versions;
import org.odeon.report.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the benchmark workloads (median per call) and compare with the peer where it is installed.",
                "ratio = odeon / peer: below 1 Odeon is faster."})
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    private final Cli cli;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Small sizes and few samples: a smoke run, not a measurement.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Write per workload the median seconds of Odeon and the peer and their ratio.")
    Path json;

    @Parameters(arity = "0..*", paramLabel = "WORKLOAD", description = "Only these workloads (default: all).")
    List<String> only = List.of();

    BenchCommand(Cli cli) { this.cli = cli; }

    @Override public Integer call() throws Exception {
        var names = cli.benchmarks().stream().map(Benchmark::name).toList();
        for (String w : only)
            if (!names.contains(w)) throw new CommandLine.ParameterException(spec.commandLine(), "unknown workload '" + w + "'; known: " + String.join(", ", names));
        int warmup = quick ? 2 : 10, samples = quick ? 3 : 15;
        var rows = new ArrayList<Map<String, Object>>();
        var t = new Table("workload", "odeon", "peer", "ratio");
        for (Benchmark b : cli.benchmarks()) {
            if (!only.isEmpty() && !only.contains(b.name())) continue;
            cli.err().println("bench: " + b.name());
            double odeon = Benchmarks.medianSeconds(b.prepare(quick), warmup, samples);
            OptionalDouble peer = b.peerMedianSeconds(quick);
            Double ratio = peer.isPresent() ? odeon / peer.getAsDouble() : null;
            var row = new LinkedHashMap<String, Object>();
            row.put("workload", b.name());
            row.put("odeon_median_s", odeon);
            row.put("peer_median_s", peer.isPresent() ? peer.getAsDouble() : null);
            row.put("ratio", ratio);
            rows.add(row);
            t.row(b.name(), time(odeon), peer.isPresent() ? time(peer.getAsDouble()) : "-", ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio));
        }
        t.print(cli.out());
        if (json != null) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("quick", quick);
            doc.put("versions", Versions.all());
            doc.put("workloads", rows);
            Json.write(json, doc);
            cli.out().println("\nwritten to " + json);
        }
        return Main.OK;
    }

    static String time(double s) {
        return s >= 1 ? String.format(Locale.ROOT, "%.3f s", s)
                : s >= 1e-3 ? String.format(Locale.ROOT, "%.3f ms", s * 1e3)
                : String.format(Locale.ROOT, "%.3f µs", s * 1e6);
    }
}
