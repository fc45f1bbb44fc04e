package org.odeon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

/** The imports `./odeon shell` starts jshell with all resolve, and the session's first example runs. */
class ShellStartupTest {

    @Test void startupImportsResolveAndTheQuickStartRuns() throws Exception {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) shell.addToClasspath(entry);
            for (String line : Files.readAllLines(Path.of("odeon.jsh"))) {
                if (line.isBlank() || line.startsWith("//")) continue;
                for (SnippetEvent e : shell.eval(line))
                    assertEquals(Snippet.Status.VALID, e.status(), line + ": " + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            }
            shell.eval("var net = Mlp.tanh(new Rng(1), 2, 16, 1);");
            List<SnippetEvent> out = shell.eval("net.apply(Tensor.constant(new Rng(2).normal(DType.F64, 0, 1, 4, 2))).shape()[0]");
            assertEquals("4", out.getLast().value(), String.valueOf(out.getLast().exception()));
        }
    }
}
