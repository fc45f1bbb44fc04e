package org.odeon.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.LineFit;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Registry;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.report.Json;
import org.odeon.report.RunFiles;

@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class MainTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    /** An experiment with a bug, to see how unexpected failures are shown. */
    record Empty(int n) {}

    private final Experiment<Empty> broken = new Experiment<>() {
        @Override public Info info() { return new Info("broken", "Always fails", "none", "bugs"); }
        @Override public Empty config(Scale scale) { return new Empty(1); }
        @Override public Outcome run(Empty c, Run run) { throw new ArrayIndexOutOfBoundsException("Index 3 out of bounds for length 3"); }
    };

    /** Asks for more memory than any heap has, in a worker thread as parallel kernels would. */
    private final Experiment<Empty> greedy = new Experiment<>() {
        @Override public Info info() { return new Info("greedy", "Runs out of memory", "none", "bugs"); }
        @Override public Empty config(Scale scale) { return new Empty(1); }
        @Override public Outcome run(Empty c, Run run) {
            return java.util.concurrent.CompletableFuture.supplyAsync(() -> { throw new OutOfMemoryError("Java heap space"); })
                    .thenApply(x -> (Outcome) null).join();
        }
    };

    private int odeon(String... args) {
        var cli = new Cli(new Registry().flagship(new LineFit()).add(broken), tmp.resolve("runs"),
                new PrintStream(out, true), new PrintStream(err, true), false);
        return Main.execute(cli, args);
    }

    private void assertOneLineUsageError(int code, String expected) {
        assertEquals(Main.USAGE, code, err.toString());
        String e = err.toString();
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertTrue(e.startsWith("odeon: "), e);
        assertTrue(e.contains(expected), e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
    }

    @Test void runningOutOfMemoryIsOneLineNamingTheSettings() {
        var cli = new Cli(new Registry().flagship(greedy), tmp.resolve("runs"), new PrintStream(out, true), new PrintStream(err, true), false);
        assertEquals(Main.FAILED, Main.execute(cli, "run", "greedy", "--set", "n=30000", "--out", tmp.resolve("g").toString()));
        String e = err.toString(), last = e.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("odeon: out of memory (the heap holds at most ") && last.endsWith("ODEON_JVM_OPTS=-Xmx16g"), e);
        assertTrue(last.contains("(with n=30000)"), "names the settings to make smaller: " + last);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), "no stack trace: " + e);
    }

    @Test void aSizeTheHeapCannotHoldIsRefusedBeforeAllocatingNamingSizesAndSettings() {
        // line-fit's weight vector has `samples`-many draws per sample; a width of this size needs far more than any heap here
        var cli = new Cli(new Registry().flagship(new Experiment<Empty>() {
            @Override public Info info() { return new Info("wide", "One huge layer", "none", "bugs"); }
            @Override public Empty config(Scale scale) { return new Empty(1); }
            @Override public Outcome run(Empty c, Run run) {
                new org.odeon.nn.Linear(c.n(), c.n(), run.random("init"));
                return Outcome.builder().metric("never", 0).build();
            }
        }), tmp.resolve("runs"), new PrintStream(out, true), new PrintStream(err, true), false);
        assertEquals(Main.USAGE, Main.execute(cli, "run", "wide", "--set", "n=46000", "--out", tmp.resolve("w").toString()));
        String last = err.toString().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("odeon: an array of shape [46000, 46000] would take 15.8 GiB in memory, more than the heap"), last);
        assertTrue(last.endsWith("(with n=46000)"), last);
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "list", "run", "report", "demo", "bench"})
    void everyCommandHasHelp(String command) {
        assertEquals(Main.OK, odeon(command, "--help"));
        assertTrue(out.toString().startsWith("Usage: odeon " + command), out.toString());
    }

    @Test void topLevelHelpListsTheCommands() {
        assertEquals(Main.OK, odeon("--help"));
        for (String c : List.of("info", "list", "run", "report", "demo", "bench")) assertTrue(out.toString().contains("  " + c + " "), c);
    }

    @Test void benchOnlyNamesAnUnknownWorkloadAndTheKnownOnes() {
        assertOneLineUsageError(odeon("bench", "--only=mlp,nope", "--no-peer"), "no workload 'nope'; known: mlp, hamiltonian");
    }

    @Test void noCommandIsBadUsage() {
        assertOneLineUsageError(odeon(), "missing command; try 'odeon demo' or 'odeon --help'");
    }

    @Test void unknownOptionIsBadUsagePointingAtTheCommandsHelp() {
        assertOneLineUsageError(odeon("run", "line-fit", "--sead", "3"), "Unknown options: '--sead', '3'");
        assertTrue(err.toString().contains("(see 'odeon run --help')"), err.toString());
    }

    @Test void badOptionValuesAreBadUsage() {
        assertOneLineUsageError(odeon("run", "line-fit", "--scale", "huge"), "--scale");
        err.reset();
        assertOneLineUsageError(odeon("run", "line-fit", "--seed", "x"), "'x' is not a long");
        err.reset();
        assertOneLineUsageError(odeon("run", "line-fit", "--set", "steps"), "steps");
    }

    @Test void unknownExperimentIsBadUsage() {
        assertOneLineUsageError(odeon("run", "linefit"), "unknown experiment 'linefit'; known: line-fit, broken");
    }

    @Test void unknownConfigKeyIsBadUsageListingTheValidKeys() {
        assertOneLineUsageError(odeon("run", "line-fit", "--set", "rate=0.1"), "unknown config key 'rate'; valid keys: samples (integer), steps (integer)");
    }

    @Test void wrongConfigValueTypeIsBadUsage() {
        assertOneLineUsageError(odeon("run", "line-fit", "--set", "steps=many"), "config key 'steps' expects an integer, got 'many'");
    }

    @Test void runPrintsTheMetricsAndWhereTheReportIs() throws Exception {
        Path dir = tmp.resolve("r1");
        assertEquals(Main.OK, odeon("run", "line-fit", "--seed", "4", "--set", "steps=30", "--set", "lr=0.02", "--out", dir.toString()), err.toString());
        String o = out.toString();
        assertTrue(o.startsWith("metric        value\n------------  "), o);
        assertTrue(o.contains("weight_error  "), o);
        assertTrue(o.contains("report: " + dir.resolve("report.md")), o);
        assertEquals(Map.of("steps", "30", "lr", "0.02"), Json.readObject(dir.resolve(RunFiles.CONFIG)).get("overrides"));
        Path both = tmp.resolve("r1-one-set");
        assertEquals(Main.OK, odeon("run", "line-fit", "--set", "steps=30", "lr=0.02", "--seed", "4", "--out", both.toString()), err.toString());
        assertEquals(Map.of("steps", "30", "lr", "0.02"), Json.readObject(both.resolve(RunFiles.CONFIG)).get("overrides"), "several settings after one --set");
    }

    @Test void runWithoutOutGoesToATimestampedFolderUnderRuns() throws Exception {
        assertEquals(Main.OK, odeon("run", "line-fit", "--set", "steps=5"));
        var made = Files.list(tmp.resolve("runs")).toList();
        assertEquals(1, made.size());
        assertTrue(made.getFirst().getFileName().toString().matches("line-fit-\\d{8}-\\d{6}"), made.toString());
    }

    @Test void anExistingOutputFolderIsRefusedWithoutForce() {
        Path dir = tmp.resolve("r");
        assertEquals(Main.OK, odeon("run", "line-fit", "--set", "steps=5", "--out", dir.toString()));
        err.reset();
        assertOneLineUsageError(odeon("run", "line-fit", "--set", "steps=5", "--out", dir.toString()), "exists and is not empty; use --force");
        assertEquals(Main.OK, odeon("run", "line-fit", "--set", "steps=5", "--out", dir.toString(), "--force"));
    }

    @Test void resumeRefusesNewSettingsAndFinishedRuns() {
        Path dir = tmp.resolve("r");
        assertEquals(Main.OK, odeon("run", "line-fit", "--set", "steps=5", "--out", dir.toString()));
        err.reset();
        assertOneLineUsageError(odeon("run", "--resume", dir.toString(), "--set", "steps=9"), "--resume continues a run with its recorded settings");
        err.reset();
        assertOneLineUsageError(odeon("run", "--resume", dir.toString()), "has finished already");
    }

    @Test void aCorruptCheckpointIsOneLineNamingTheFile() throws Exception {
        Path dir = tmp.resolve("r");
        assertEquals(Main.OK, odeon("run", "line-fit", "--set", "steps=5", "--out", dir.toString()));
        Files.delete(dir.resolve(RunFiles.METRICS));
        Files.write(dir.resolve("checkpoint-fit.safetensors"), new byte[] {1, 2, 3});
        err.reset();
        assertEquals(Main.FAILED, odeon("run", "--resume", dir.toString()));
        String last = err.toString().lines().toList().getLast();
        assertTrue(last.startsWith("odeon: ") && last.contains("checkpoint-fit.safetensors"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test void anUnexpectedFailureIsOneLineWithAHintAndDebugShowsTheTrace() throws Exception {
        assertEquals(Main.FAILED, odeon("run", "broken", "--out", tmp.resolve("b").toString()));
        assertEquals("odeon: unexpected ArrayIndexOutOfBoundsException: Index 3 out of bounds for length 3 (run again with --debug for details)",
                err.toString().lines().toList().getLast());
        assertFalse(err.toString().contains("\tat "), err.toString());
        assertTrue(Files.readString(tmp.resolve("b").resolve(RunFiles.LOG)).contains("failed: java.lang.ArrayIndexOutOfBoundsException"), "the log keeps the failure");
        err.reset();
        assertEquals(Main.FAILED, odeon("run", "broken", "--debug", "--out", tmp.resolve("c").toString()));
        assertTrue(err.toString().contains("\tat org.odeon"), "stack trace with --debug: " + err);
    }

    @Test void listShowsEveryExperimentAndTheSettingsOfOne() {
        assertEquals(Main.OK, odeon("list"));
        assertTrue(out.toString().startsWith("line-fit *  (test)\n    Fit a line by SGD with momentum (test fixture)\n    reproduces: none (test)\n"), out.toString());
        assertTrue(out.toString().contains("broken  (bugs)\n"), out.toString());
        out.reset();
        assertEquals(Main.OK, odeon("list", "line-fit"));
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("steps +120 +5000 +integer")), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("init +random +random +one of zero\\|random")), "every key shows its choices: " + out);
    }

    @Test void infoShowsTheLiveBlasBackendAndTheDataSets() {
        assertEquals(Main.OK, odeon("info", "--data", tmp.toString()));
        String o = out.toString();
        assertTrue(o.contains("blas      " + org.odeon.tensor.Blas.backend()), o);
        assertTrue(o.lines().anyMatch(l -> l.startsWith("java      ") && l.endsWith(" in " + System.getProperty("java.home"))), o);
        assertTrue(o.contains("threads   " + Runtime.getRuntime().availableProcessors() + " cores"), o);
        assertTrue(o.contains("  cifar-10      not found (set $ODEON_CIFAR10 or --data DIR; looked in " + tmp.resolve("cifar-10")), o);
    }

    @Test void reportRebuildsOneRunAndComparesSeveral() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(Main.OK, odeon("run", "line-fit", "--set", "steps=20", "--out", a.toString()));
        assertEquals(Main.OK, odeon("run", "line-fit", "--set", "steps=40", "--out", b.toString()));
        Files.delete(a.resolve("report.md"));
        out.reset();
        assertEquals(Main.OK, odeon("report", a.toString()));
        assertTrue(Files.readString(a.resolve("report.md")).contains("| **weight_error** (headline) |"));
        out.reset();
        Path table = tmp.resolve("cmp.md");
        assertEquals(Main.OK, odeon("report", a.toString(), b.toString(), "--out", table.toString()));
        assertTrue(out.toString().startsWith("# line-fit: 2 runs\n\n| run | steps | weight_error | final_loss |\n"), out.toString());
        assertTrue(Files.readString(table).contains("| b | 40 |"));
    }

    @Test void reportOfAFolderThatIsNotARunIsBadUsage() throws Exception {
        Files.createDirectories(tmp.resolve("x"));
        assertOneLineUsageError(odeon("report", tmp.resolve("x").toString()), "is not a run folder: it has no config.json");
    }

    @Test void demoRunsEachFlagshipAtQuickScaleAndPrintsTheHeadlines() throws Exception {
        Path root = tmp.resolve("demo");
        assertEquals(Main.OK, odeon("demo", "--out", root.toString()));
        String o = out.toString();
        assertTrue(o.contains("experiment  family  headline metric  value"), o);
        assertTrue(o.contains("line-fit    test    weight_error"), o);
        assertTrue(o.contains("reports: " + root), o);
        assertFalse(o.contains("broken"), "only flagships run in the demo");
        assertTrue(Files.exists(root.resolve("line-fit").resolve("report.md")));
    }
}
