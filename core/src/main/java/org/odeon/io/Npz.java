package org.odeon.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.odeon.tensor.NDArray;

/**
 * NumPy's {@code .npz}: a zip archive holding one {@link Npy .npy} file per array, named
 * {@code <key>.npy}. {@link #write} stores entries uncompressed like {@code numpy.savez};
 * {@link #writeCompressed} deflates them like {@code numpy.savez_compressed}. The reader takes
 * both, and trusts no size in the archive: arrays grow only as decompressed data arrives, no array
 * may declare more than the heap can hold, and each entry's CRC-32 is checked.
 */
public final class Npz {
    private static final String SUFFIX = ".npy";

    private Npz() {}

    /** The arrays in archive order, keyed by entry name without {@code .npy}. */
    public static Map<String, NDArray> read(Path file) throws IOException { return read(file, key -> true); }

    /**
     * Only the arrays whose key {@code wanted} accepts; the other entries are not parsed, so an
     * archive may carry members this reader cannot hold (object arrays of names, say).
     */
    public static Map<String, NDArray> read(Path file, java.util.function.Predicate<String> wanted) throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        String source = file.toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(SUFFIX))
                    throw new MalformedFileException(source, "entry '" + name + "' is not a .npy array");
                String key = name.substring(0, name.length() - SUFFIX.length());
                if (!wanted.test(key)) continue;
                long bound = e.getSize() >= 0 ? e.getSize() : Long.MAX_VALUE;
                CheckedInputStream checked = new CheckedInputStream(zip.getInputStream(e), new CRC32());
                try (BinaryInput in = new BinaryInput(source + "!" + name, checked, bound, false)) {
                    NDArray a = Npy.read(in);
                    in.expectEnd("the array data");
                    // the zip reader checks no CRC itself (NumPy's does): one flipped byte must not read as a value
                    if (e.getCrc() != -1 && checked.getChecksum().getValue() != e.getCrc())
                        throw in.error(String.format("CRC-32 %08x of the data does not match the archive's %08x: the entry is corrupted",
                                checked.getChecksum().getValue(), e.getCrc()));
                    if (arrays.put(key, a) != null) throw in.error("duplicate entry '" + name + "'");
                }
            }
        } catch (ZipException | EOFException e) {
            throw new MalformedFileException(source, "not a valid zip archive: " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(arrays);
    }

    /** Writes atomically, uncompressed (entry method STORED), like {@code numpy.savez}. */
    public static void write(Path file, Map<String, NDArray> arrays) throws IOException {
        AtomicFiles.write(file, out -> write(out, arrays, false));
    }

    /** Writes atomically, deflated, like {@code numpy.savez_compressed}. */
    public static void writeCompressed(Path file, Map<String, NDArray> arrays) throws IOException {
        AtomicFiles.write(file, out -> write(out, arrays, true));
    }

    static void write(OutputStream out, Map<String, NDArray> arrays, boolean deflate) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, NDArray> a : arrays.entrySet()) {
            ZipEntry e = new ZipEntry(a.getKey() + SUFFIX);
            if (deflate) {
                e.setMethod(ZipEntry.DEFLATED);
            } else {
                // a stored entry's header carries its size and CRC, so serialise once to learn them
                CRC32 crc = new CRC32();
                CountingStream counter = new CountingStream();
                Npy.write(new CheckedOutputStream(counter, crc), a.getValue());
                e.setMethod(ZipEntry.STORED);
                e.setSize(counter.count);
                e.setCompressedSize(counter.count);
                e.setCrc(crc.getValue());
            }
            zip.putNextEntry(e);
            Npy.write(zip, a.getValue());
            zip.closeEntry();
        }
        zip.finish(); // not close(): the caller owns the underlying stream
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override public void write(int b) { count++; }

        @Override public void write(byte[] b, int off, int len) { count += len; }
    }
}
