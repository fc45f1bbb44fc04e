package org.odeon.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The log of a run: timestamped lines appended to {@code run.log} (flushed per line, so a crash loses at
 * most the line being written) and echoed to the console. The log is the one file of a run that grows
 * instead of being replaced, so it is appended rather than written atomically; a resumed run continues it.
 */
public final class RunLog implements AutoCloseable {
    private final Writer file;
    private final PrintStream console;

    /** @param console where lines are echoed, or {@code null} for the file only */
    public RunLog(Path file, PrintStream console) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.console = console;
    }

    public synchronized void info(String message) {
        fileOnly(message);
        if (console != null) console.println(message);
    }

    /** Written to run.log but not the console, e.g. progress lines while a terminal bar is showing. */
    public synchronized void fileOnly(String message) {
        try {
            file.write(Instant.now().truncatedTo(ChronoUnit.SECONDS) + "  " + message + System.lineSeparator());
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to run.log", e);
        }
    }

    @Override public synchronized void close() throws IOException { file.close(); }
}
