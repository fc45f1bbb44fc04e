package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path tmp;

    @Test void writesAndReplacesAFileCreatingItsFolder() throws IOException {
        Path f = tmp.resolve("a/b/out.txt");
        AtomicFiles.writeString(f, "first");
        assertEquals("first", Files.readString(f));
        AtomicFiles.writeString(f, "second");
        assertEquals("second", Files.readString(f));
        assertEquals(1, count(f.getParent()), "no temporary file left behind");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "readable by others, like a plain write");
    }

    @Test void aWriterThatFailsHalfwayLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path f = tmp.resolve("metrics.json");
        AtomicFiles.writeString(f, "{\"old\": 1}");
        var e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("{\"new\": ".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("{\"old\": 1}", Files.readString(f));
        assertEquals(1, count(tmp));
    }

    @Test void aFailedFirstWriteCreatesNoFileAtAll() {
        Path f = tmp.resolve("report.md");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> { throw new IOException("no"); }));
        assertFalse(Files.exists(f));
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) { return s.count(); }
    }
}
