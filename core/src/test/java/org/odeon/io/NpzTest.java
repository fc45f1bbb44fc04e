package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.odeon.io.Bytes.assertMalformed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir Path dir;

    private static List<Integer> methods(Path f) throws IOException {
        List<Integer> m = new ArrayList<>();
        try (ZipFile z = new ZipFile(f.toFile())) {
            z.stream().forEach(e -> m.add(e.getMethod()));
        }
        return m;
    }

    @Test void storedArchiveRoundTripsAndStoresEntriesUncompressed() throws IOException {
        Path f = dir.resolve("s.npz");
        Npz.write(f, SafetensorsTest.sample());
        SafetensorsTest.assertSameArrays(SafetensorsTest.sample(), Npz.read(f));
        assertEquals(List.of(ZipEntry.STORED, ZipEntry.STORED, ZipEntry.STORED, ZipEntry.STORED), methods(f));
    }

    @Test void compressedArchiveRoundTripsAndDeflatesEntries() throws IOException {
        Path f = dir.resolve("c.npz");
        Npz.writeCompressed(f, SafetensorsTest.sample());
        SafetensorsTest.assertSameArrays(SafetensorsTest.sample(), Npz.read(f));
        assertEquals(List.of(ZipEntry.DEFLATED, ZipEntry.DEFLATED, ZipEntry.DEFLATED, ZipEntry.DEFLATED), methods(f));
    }

    private Path zip(String entry, byte[] content) throws IOException {
        Path f = dir.resolve("z.npz");
        try (OutputStream o = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content);
            z.closeEntry();
        }
        return f;
    }

    @Test void rejectsEntriesThatAreNotNpyFilesNamingTheEntry() throws IOException {
        Path f = zip("readme.txt", Bytes.ascii("hello"));
        assertMalformed(f, "entry 'readme.txt' is not a .npy array", () -> Npz.read(f));
        Path g = zip("x.npy", Bytes.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", new byte[8]));
        assertMalformed(g, g + "!x.npy", () -> Npz.read(g));
    }

    @Test void rejectsAnArchiveThatIsTruncatedOrNotAZip() throws IOException {
        Path f = dir.resolve("t.npz");
        Npz.write(f, SafetensorsTest.sample());
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
        assertMalformed(f, "not a valid zip archive", () -> Npz.read(f));
        Files.write(f, Bytes.ascii("plain text"));
        assertMalformed(f, "not a valid zip archive", () -> Npz.read(f));
    }

    @Test void deflatedEntryClaimingHugeArrayFailsOnTheDataItHasNotOnTheClaim() throws IOException {
        // 2^28 float64 values would be 2 GiB; the entry holds 64 bytes of them
        byte[] npy = Bytes.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (268435456,), }", new byte[64]);
        Path f = zip("big.npy", npy);
        assertMalformed(f, "needs 2147483648 bytes", () -> Npz.read(f));
    }

    @Test void aMissingFileIsNotReportedAsMalformed() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Npz.read(dir.resolve("missing.npz")));
    }

    @Test void readsAnEmptyArchive() throws IOException {
        Path f = dir.resolve("e.npz");
        Npz.write(f, Map.of());
        assertEquals(Map.of(), Npz.read(f));
    }
}
