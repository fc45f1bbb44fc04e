package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test void writesTheBodyAndReplacesAnExistingFile() throws IOException {
        Path f = dir.resolve("out.bin");
        Files.write(f, new byte[] {9, 9, 9, 9, 9});
        AtomicFiles.write(f, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        assertEquals(List.of(f), listing(), "no temporary file may remain");
    }

    @Test void bytesGoToAHiddenTemporaryFileInTheSameDirectoryUntilTheEnd() throws IOException {
        Path f = dir.resolve("out.bin");
        AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]);
            out.flush();
            List<Path> during = listing();
            assertEquals(1, during.size());
            assertTrue(during.get(0).getFileName().toString().startsWith(".out.bin."), during.toString());
            assertFalse(Files.exists(f), "the target must not appear before the write completes");
        });
        assertEquals(100_000, Files.size(f));
    }

    @Test void aWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("out.bin");
        Files.write(f, new byte[] {7, 7});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[200_000]);
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(new byte[] {7, 7}, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
        // unchecked failures are cleaned up the same way
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> { throw new IllegalStateException("bug"); }));
        assertEquals(List.of(f), listing());
    }

    @Test void theNewFileGetsOrdinaryPermissionsNotThoseOfAPrivateTemporaryFile() throws IOException {
        Path f = dir.resolve("perm.bin"), plain = dir.resolve("plain.bin");
        AtomicFiles.write(f, out -> out.write(1));
        Files.write(plain, new byte[] {1});
        if (Files.getFileStore(f).supportsFileAttributeView("posix"))
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
        else
            assertEquals(Files.isReadable(plain), Files.isReadable(f));
    }

    @Test void relativePathsResolveAgainstTheWorkingDirectory() throws IOException {
        Path rel = Path.of("target", "atomic-files-test-" + ProcessHandle.current().pid() + ".bin");
        try {
            AtomicFiles.write(rel, out -> out.write(5));
            assertArrayEquals(new byte[] {5}, Files.readAllBytes(rel));
        } finally {
            Files.deleteIfExists(rel);
        }
    }
}
