package org.odeon.cli;

import java.util.Map;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Every experiment with what it does and the paper it reproduces; with NAME, its settings at each scale.")
final class ListCommand implements Runnable {
    private final Cli cli;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Show the settings of this experiment.")
    String name;

    ListCommand(Cli cli) { this.cli = cli; }

    @Override public void run() {
        if (name != null) {
            settings(cli.registry().get(name));
            return;
        }
        var flagships = cli.registry().flagships();
        for (Experiment<?> e : cli.registry().all()) {  // a block each: summaries and papers are too long for table columns
            var i = e.info();
            cli.out().println(i.name() + (flagships.contains(e) ? " *" : "") + "  (" + i.family() + ")");
            cli.out().println("    " + i.summary());
            cli.out().println("    reproduces: " + i.paper());
            cli.out().println();
        }
        cli.out().println("* runs in 'odeon demo'. Settings of one: odeon list NAME. Run one: odeon run NAME [--scale quick|paper] [--set key=value]");
    }

    private void settings(Experiment<?> e) {
        Map<String, Object> quick = Configs.toMap(e.config(Scale.QUICK)), paper = Configs.toMap(e.config(Scale.PAPER));
        cli.out().println(e.info().name() + ": " + e.info().summary());
        cli.out().println("Paper: " + e.info().paper());
        cli.out().println();
        Map<String, String> types = Configs.types(e.config(Scale.QUICK).getClass());
        var t = new Table("key", "quick", "paper", "values");
        quick.forEach((k, v) -> t.row(k, Configs.format(v), Configs.format(paper.get(k)), types.get(k)));
        t.print(cli.out());
    }
}
