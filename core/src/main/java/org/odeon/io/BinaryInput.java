package org.odeon.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.odeon.tensor.MemoryBudget;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A byte stream that knows how much data can still follow, so that a reader can check every
 * header field against it before allocating anything.
 *
 * <p>For a plain file the remaining length is exact, and a header that claims more data is
 * rejected before a single value is read. For a compressed stream only an upper bound (or
 * nothing) is known; there arrays are grown as data actually arrives, so a forged header can
 * never make the reader allocate much more memory than the data it has really decompressed.
 */
final class BinaryInput implements Closeable {
    private static final int CHUNK = 1 << 16;
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};

    final String source;
    private final InputStream in;
    private final boolean exact;
    private long remaining;
    private long position;

    /**
     * @param limit  bytes that can still follow: exact when {@code exact}, else an upper bound
     *               ({@link Long#MAX_VALUE} when nothing is known)
     */
    BinaryInput(String source, InputStream in, long limit, boolean exact) {
        this.source = source;
        this.in = in;
        this.remaining = limit;
        this.exact = exact;
    }

    /** A plain file, with its exact length. */
    static BinaryInput open(Path file) throws IOException {
        return new BinaryInput(file.toString(), new BufferedInputStream(Files.newInputStream(file)), Files.size(file), true);
    }

    /** A file that may be gzip-compressed (detected by its magic bytes 1f 8b, not by its name). */
    static BinaryInput openMaybeGzip(Path file) throws IOException {
        byte[] head = new byte[2];
        try (InputStream probe = Files.newInputStream(file)) {
            if (probe.readNBytes(head, 0, 2) < 2 || !Arrays.equals(head, GZIP_MAGIC)) return open(file);
        }
        InputStream raw = Files.newInputStream(file);
        try {
            InputStream gz = new BufferedInputStream(new GZIPInputStream(raw));
            return new BinaryInput(file + " (gzip)", gz, Long.MAX_VALUE, false);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new MalformedFileException(file + " (gzip)", "corrupt gzip header: " + e.getMessage(), e);
        }
    }

    MalformedFileException error(String detail) { return new MalformedFileException(source, detail); }

    /** Rejects a claim of {@code bytes} more bytes (for {@code what}) that cannot be in the data. */
    void require(long bytes, String what) throws MalformedFileException {
        if (bytes < 0 || bytes > remaining)
            throw error(what + " needs " + bytes + " bytes at offset " + position + " but "
                    + (exact ? "the file has only " + remaining + " left" : "the data holds at most " + remaining));
    }

    byte[] readBytes(int n, String what) throws IOException {
        require(n, what);
        if (exact) {
            byte[] b = new byte[n];
            readFully(b, 0, n, what);
            return b;
        }
        // unknown length: grow with the data actually present
        byte[] b = new byte[Math.min(n, CHUNK)];
        int got = 0;
        while (got < n) {
            if (got == b.length) b = Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
            got += readFully(b, got, Math.min(b.length - got, CHUNK), what);
        }
        return b;
    }

    /** Everything up to the end of the data, which must be at most {@code maxBytes} long. */
    byte[] readRest(long maxBytes, String what) throws IOException {
        if (exact) {
            if (remaining > maxBytes) throw error(what + " take " + remaining + " bytes, more than the " + maxBytes + " this reader can hold");
            return readBytes((int) remaining, what);
        }
        byte[] b = new byte[CHUNK];
        int got = 0;
        while (true) {
            if (got == b.length) {
                if (got >= maxBytes) throw error(what + " take more than the " + maxBytes + " bytes this reader can hold");
                b = Arrays.copyOf(b, (int) Math.min(maxBytes + 1, 2L * b.length));
            }
            byte[] target = b;
            int off = got;
            int n = wrap(() -> in.read(target, off, target.length - off), what);
            if (n < 0) return Arrays.copyOf(b, got);
            got += n;
            position += n;
        }
    }

    /**
     * Rejects a declared size that this JVM could not hold: more than half its maximum heap. Checked
     * before anything is read, so a header (or a decompression bomb behind it) can never run the
     * process out of memory; the message says how to allow more.
     */
    void requireMemory(long bytes, String what) throws MalformedFileException {
        try {
            MemoryBudget.require(bytes, 1, what, memoryBudget(), "the half of the JVM's heap a reader may take");
        } catch (MemoryBudget.Exceeded e) {
            throw error(e.getMessage());
        }
    }

    static long memoryBudget() { return MemoryBudget.HEAP / 2; }

    int readU8(String what) throws IOException { return readBytes(1, what)[0] & 0xff; }

    int readIntBE(String what) throws IOException { return ByteBuffer.wrap(readBytes(4, what)).getInt(); }

    long readLongLE(String what) throws IOException {
        return ByteBuffer.wrap(readBytes(8, what)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** {@code count} values of type {@code e} in byte order {@code order}, widened to double. */
    double[] readValues(Element e, ByteOrder order, int count, String what) throws IOException {
        return readValues(e, order, count, what, null);
    }

    /** As {@link #readValues(Element, ByteOrder, int, String)}, feeding the raw bytes to {@code digest} too. */
    double[] readValues(Element e, ByteOrder order, int count, String what, MessageDigest digest) throws IOException {
        require((long) count * e.bytes, what);
        requireMemory((long) count * Double.BYTES, what);
        double[] out = new double[exact ? count : Math.min(count, CHUNK)];
        byte[] buf = new byte[(int) Math.min((long) count * e.bytes, CHUNK - CHUNK % e.bytes)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
        int done = 0;
        while (done < count) {
            int k = Math.min(count - done, buf.length / e.bytes);
            readFully(buf, 0, k * e.bytes, what);
            if (digest != null) digest.update(buf, 0, k * e.bytes);
            if (done + k > out.length) out = Arrays.copyOf(out, (int) Math.min(count, Math.max(done + k, 2L * out.length)));
            bb.clear();
            if (e.is64BitInteger()) {
                for (int i = 0; i < k; i++) {
                    long v = bb.getLong();
                    boolean fits = e == Element.U64 ? v >= 0 && v <= Element.EXACT_LIMIT : Math.abs(v) <= Element.EXACT_LIMIT;
                    if (!fits)
                        throw error(what + ": value " + (e == Element.U64 ? Long.toUnsignedString(v) : v) + " at index " + (done + i)
                                + " has no exact float64 (|v| > 2^53)");
                    out[done + i] = v;
                }
            } else {
                for (int i = 0; i < k; i++) out[done + i] = e.get(bb);
            }
            done += k;
        }
        return out;
    }

    /** Rejects data after the end of what the header described. */
    void expectEnd(String what) throws IOException {
        if (exact) {
            if (remaining != 0) throw error(remaining + " unexpected bytes after " + what);
            return;
        }
        int extra = wrap(() -> in.read(), what);
        if (extra >= 0) throw error("unexpected data after " + what + " (at offset " + position + ")");
    }

    private int readFully(byte[] b, int off, int len, String what) throws IOException {
        int n = wrap(() -> in.readNBytes(b, off, len), what);
        position += n;
        remaining -= n;
        if (n < len)
            throw error("truncated: " + what + " ends at offset " + position + ", " + (len - n) + " bytes short of what the header claims");
        return n;
    }

    private interface Read { int run() throws IOException; }

    /** Turns the decompressor's complaints about corrupt data into this file's error. */
    private int wrap(Read r, String what) throws IOException {
        try {
            return r.run();
        } catch (ZipException | EOFException e) {
            throw new MalformedFileException(source, "corrupt compressed data while reading " + what + ": " + e.getMessage(), e);
        }
    }

    @Override public void close() throws IOException { in.close(); }
}
