package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odeon.io.Bytes.assertMalformed;
import static org.odeon.io.Bytes.cat;
import static org.odeon.io.Bytes.doubles;
import static org.odeon.io.Bytes.safetensors;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.tensor.NDArray;

/** Corrupted, forged and oversized files are refused with one line naming the file. */
class IntegrityTest {
    @TempDir Path dir;

    /** Index of the first occurrence of {@code needle} in {@code hay}. */
    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    @Test void aFlippedByteInAStoredNpzEntryIsACrcError() throws IOException {
        Path f = dir.resolve("a.npz");
        Npz.write(f, Map.of("x", NDArray.of(new int[] {3}, 1.0, 2.0, 3.0)));
        byte[] b = Files.readAllBytes(f);
        int at = indexOf(b, doubles(ByteOrder.LITTLE_ENDIAN, 1.0));
        b[at + 7] ^= 0x0f;   // 1.0 would read as a huge number, silently
        Files.write(f, b);
        assertMalformed(f, "CRC-32", () -> Npz.read(f));
    }

    @Test void aGzipHeaderDeclaringMoreThanTheHeapCanHoldIsRefusedBeforeReading() throws IOException {
        // 2·10⁹ u8 values widen to 16 GB of doubles: a decompression bomb behind this header would exhaust the heap
        byte[] header = cat(Bytes.u8(0, 0, 0x08, 2), Bytes.intsBE(2, 1_000_000_000));
        Path f = dir.resolve("bomb-idx3-ubyte.gz");
        Files.write(f, Bytes.gzip(header));
        assertMalformed(f, "in memory", () -> Idx.read(f));
    }

    @Test void safetensorsWrittenHereCarryADigestThatReadingVerifies() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Safetensors.write(f, Map.of("w", NDArray.of(new int[] {2}, 241.0, -1.0)), Map.of("run", "r1"));
        Safetensors.Contents c = Safetensors.readContents(f);
        assertTrue(c.digested());
        assertEquals(Map.of("run", "r1"), c.metadata(), "the digest is the format's own, not the caller's metadata");
        byte[] b = Files.readAllBytes(f);
        b[b.length - 3] ^= 0x01;   // inside the last value
        Files.write(f, b);
        assertMalformed(f, "SHA-256", () -> Safetensors.read(f));
    }

    @Test void aFileWithoutDigestStillReadsButIsNoCheckpoint() throws IOException {
        Path f = dir.resolve("foreign.safetensors");
        Files.write(f, safetensors("{\"__metadata__\":{\"format\":\"odeon-checkpoint-1\",\"odeon\":\"{}\"},"
                + "\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", doubles(ByteOrder.LITTLE_ENDIAN, 1.0)));
        assertFalse(Safetensors.readContents(f).digested());
        assertMalformed(f, "no data digest", () -> Checkpoint.load(f));
    }

    @Test void aFlippedByteInACheckpointIsRefusedOnLoad() throws IOException {
        Path f = dir.resolve("checkpoint-1.safetensors");
        new Checkpoint(Map.of("bound", NDArray.of(new int[] {1}, 241.0)), Safetensors.JSON.createObjectNode().put("step", 3)).save(f);
        byte[] b = Files.readAllBytes(f);
        b[b.length - 2] ^= 0x40;
        Files.write(f, b);
        assertMalformed(f, "SHA-256", () -> Checkpoint.load(f));
    }

    private static final String X = "\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}";

    private Path header(String name, byte[] headerBytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, cat(Bytes.longLE(headerBytes.length), headerBytes, doubles(ByteOrder.LITTLE_ENDIAN, 1.0)));
        return f;
    }

    @Test void safetensorsHeaderMustBeOneObjectPaddedOnlyWithSpaces() throws IOException {
        Path trailing = header("trailing.safetensors", ("{" + X + "}xyz").getBytes(StandardCharsets.UTF_8));
        assertMalformed(trailing, "header is not valid JSON", () -> Safetensors.read(trailing));
        Path twice = header("twice.safetensors", ("{" + X + "}{}").getBytes(StandardCharsets.UTF_8));
        assertMalformed(twice, "header is not valid JSON", () -> Safetensors.read(twice));
        Path nul = header("nul.safetensors", cat(("{" + X + "}").getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0}));
        assertMalformed(nul, "header is not valid JSON", () -> Safetensors.read(nul));
        Path leading = header("leading.safetensors", (" {" + X + "}").getBytes(StandardCharsets.UTF_8));
        assertMalformed(leading, "starting at its first byte", () -> Safetensors.read(leading));
        Path spaces = header("spaces.safetensors", ("{" + X + "}    ").getBytes(StandardCharsets.UTF_8));
        assertEquals(1.0, Safetensors.read(spaces).get("x").item());
    }

    @Test void safetensorsNamesMustBeValidUtf8() throws IOException {
        byte[] h = ("{\"x\u00e9\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}").getBytes(StandardCharsets.UTF_8);
        h[3] = (byte) 0xff;   // first byte of é: now an invalid UTF-8 sequence
        Path f = header("utf8.safetensors", h);
        assertMalformed(f, "not valid UTF-8", () -> Safetensors.read(f));
    }

    @Test void aZeroSizeTensorIsValidWhicheverOrderTheKeysCome() throws IOException {
        String empty = "\"e\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[8,8]}";
        String z = "\"z\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]}";
        for (String order : new String[] {"{" + X + "," + empty + "," + z + "}", "{" + empty + "," + z + "," + X + "}", "{" + z + "," + X + "," + empty + "}"}) {
            Path f = header("zero.safetensors", order.getBytes(StandardCharsets.UTF_8));
            Map<String, NDArray> t = Safetensors.read(f);
            assertEquals(3, t.size(), order);
            assertEquals(0, t.get("e").size());
        }
    }
}
