package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/** Test helpers that build files byte by byte, independently of the writers under test. */
final class Bytes {
    private Bytes() {}

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static byte[] u8(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    static byte[] intsBE(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length);
        for (int x : v) b.putInt(x);
        return b.array();
    }

    static byte[] longLE(long v) { return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array(); }

    static byte[] doubles(ByteOrder o, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(o);
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    static byte[] floats(ByteOrder o, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(o);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A safetensors file from a literal header (unpadded) and a data buffer. */
    static byte[] safetensors(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return cat(longLE(h.length), h, data);
    }

    /** A .npy file from a literal header dictionary (unpadded) and data. */
    static byte[] npy(int major, String dict, byte[] data) {
        byte[] h = ascii(dict + "\n");
        byte[] len = major == 1 ? u8(h.length & 0xff, h.length >> 8) : ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(h.length).array();
        return cat(u8(0x93), ascii("NUMPY"), u8(major, 0), len, h, data);
    }

    /** Asserts a clean rejection whose message names the file and contains {@code phrase}. */
    static MalformedFileException assertMalformed(Path file, String phrase, Executable read) {
        MalformedFileException e = assertThrows(MalformedFileException.class, read);
        assertTrue(e.getMessage().contains(file.toString()), () -> "message does not name the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(phrase), () -> "message lacks '" + phrase + "': " + e.getMessage());
        return e;
    }
}
