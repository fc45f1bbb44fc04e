package org.odeon.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.odeon.experiments.Registry;

/**
 * What the commands share: the experiments they can run, where results go by default, and
 * the streams they print to ({@code out} for results, {@code err} for logs, progress and errors).
 *
 * @param terminal whether {@code err} is an interactive terminal, which decides bar versus log lines
 */
public record Cli(Registry registry, Path runsRoot, PrintStream out, PrintStream err, boolean terminal) {}
