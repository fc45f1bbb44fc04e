package org.odeon.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.odeon.experiments.ExperimentException;
import org.odeon.experiments.Registry;
import org.odeon.experiments.Versions;
import org.odeon.report.Progress;
import org.odeon.report.ReportException;
import org.odeon.tensor.MemoryBudget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code odeon}: the command line. Exit codes: 0 done, 1 failed, 2 bad usage (unknown option or experiment,
 * bad value, refused output folder), 130 stopped by Ctrl-C with a checkpoint. A user error is one line,
 * {@code odeon: <what was wrong>}; an unexpected failure is one line plus a hint to rerun with {@code --debug},
 * which prints the stack trace.
 */
@Command(name = "odeon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Structure-preserving neural networks: run experiments, rebuild reports, benchmark.",
        subcommands = {InfoCommand.class, ListCommand.class, RunCommand.class, SweepCommand.class, ReportCommand.class,
                DemoCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0, FAILED = 1, USAGE = 2, STOPPED = 130;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean debug;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try 'odeon demo' or 'odeon --help'");
    }

    public static void main(String[] args) {
        var cli = new Cli(Catalog.standard(), Path.of("runs"), System.out, System.err, Progress.onTerminal());
        System.exit(execute(cli, args));
    }

    /** Parses and runs {@code args}; returns the exit code. */
    public static int execute(Cli cli, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        var cmd = new CommandLine(new Main(), new Factory(cli));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(new java.io.PrintWriter(cli.out(), true));
        cmd.setErr(new java.io.PrintWriter(cli.err(), true));
        cmd.setParameterExceptionHandler((ex, a) -> {
            String sub = ex.getCommandLine().getCommandName();
            String help = sub.equals("odeon") ? "odeon --help" : "odeon " + sub + " --help";
            cli.err().println("odeon: " + firstLine(ex.getMessage()) + " (see '" + help + "')");
            return USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof MemoryBudget.Exceeded tooBig) {   // a size the heap cannot hold: what to make smaller
                cli.err().println("odeon: " + tooBig.getMessage() + settings(args));
                return USAGE;
            }
            return fail(cli.err(), ex, debug);
        });
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError oom) {
            cli.err().println(outOfMemory(args));
            return FAILED;
        }
    }

    /**
     * One line for a run that exhausted the heap despite the up-front checks: the heap it had and the
     * settings the user chose, which are what to make smaller.
     */
    static String outOfMemory(String... args) {
        return String.format(java.util.Locale.ROOT, "odeon: out of memory (the heap holds at most %.1f GiB)%s; "
                        + "choose smaller settings or give Java more memory, e.g. ODEON_JVM_OPTS=-Xmx16g",
                Runtime.getRuntime().maxMemory() / 1073741824.0, settings(args));
    }

    /** {@code " (with a=1 b=2)"} for the {@code --set} values among {@code args}, or nothing. */
    private static String settings(String... args) {
        var settings = new java.util.ArrayList<String>();
        for (int i = 0; i < args.length; i++)
            if (args[i].equals("--set")) for (int j = i + 1; j < args.length && !args[j].startsWith("-"); j++) settings.add(args[j]);
        return settings.isEmpty() ? "" : " (with " + String.join(" ", settings) + ")";
    }

    static int fail(PrintStream err, Exception ex, boolean debug) {
        if (debug) ex.printStackTrace(err);
        for (Throwable t = ex; t != null; t = t.getCause())
            if (t instanceof OutOfMemoryError oom) throw oom;    // from a worker thread: reported by execute
        if (ex instanceof ExperimentException || ex instanceof ReportException) {
            err.println("odeon: " + ex.getMessage());
            return USAGE;
        }
        if (ex instanceof IOException io) {
            err.println("odeon: " + describe(io));
            return FAILED;
        }
        err.println("odeon: unexpected " + ex.getClass().getSimpleName() + ": " + firstLine(String.valueOf(ex.getMessage()))
                + (debug ? "" : " (run again with --debug for details)"));
        return FAILED;
    }

    private static String describe(IOException io) {
        return switch (io) {
            case org.odeon.io.MalformedFileException e -> e.getMessage();
            case java.nio.file.NoSuchFileException e -> "no such file: " + e.getFile();
            case java.nio.file.AccessDeniedException e -> "permission denied: " + e.getFile();
            case java.nio.file.FileSystemException e -> "cannot access " + e.getFile() + ": " + e.getReason();
            default -> "I/O error: " + io.getMessage();
        };
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Hands the shared {@link Cli} to every command that takes one. */
    private record Factory(Cli cli) implements CommandLine.IFactory {
        @Override public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Cli.class).newInstance(cli);
            } catch (NoSuchMethodException none) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] {"odeon " + Versions.odeon()}; }
    }
}
