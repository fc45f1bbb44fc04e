package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.odeon.io.Bytes.assertMalformed;
import static org.odeon.io.Bytes.cat;
import static org.odeon.io.Bytes.doubles;
import static org.odeon.io.Bytes.floats;
import static org.odeon.io.Bytes.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

class SafetensorsTest {
    @TempDir Path dir;

    static Map<String, NDArray> sample() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("layer.weight", NDArray.of(DType.F32, new int[] {2, 3}, new double[] {1.5, -0.0, Float.MIN_VALUE, Float.MAX_VALUE, Double.NaN, 1e-3}));
        m.put("layer.bias", NDArray.of(new int[] {3}, Math.PI, Double.NEGATIVE_INFINITY, Double.MIN_VALUE));
        m.put("scale", NDArray.scalar(DType.F64, 0.1));
        m.put("empty", NDArray.zeros(DType.F32, 0, 4));
        return m;
    }

    /** Same names in the same order, same dtypes, shapes and bit patterns (NaN equal to NaN, -0 distinct from 0). */
    static void assertSameArrays(Map<String, NDArray> expected, Map<String, NDArray> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        expected.forEach((name, e) -> {
            NDArray a = actual.get(name);
            assertEquals(e.dtype(), a.dtype(), name);
            assertArrayEquals(e.shape(), a.shape(), name);
            for (int i = 0; i < e.size(); i++)
                assertEquals(0, Double.compare(e.data()[i], a.data()[i]), name + "[" + i + "]: " + e.data()[i] + " vs " + a.data()[i]);
        });
    }

    @Test void roundTripKeepsNamesOrderDtypesShapesAndEveryBit() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, sample(), Map.of("framework", "odeon", "note", "ü ∞"));
        Safetensors.Contents c = Safetensors.readContents(f);
        assertSameArrays(sample(), c.tensors());
        assertEquals(Map.of("framework", "odeon", "note", "ü ∞"), c.metadata());
    }

    @Test void headerIsPaddedSoDataStartsAtAMultipleOfEight() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, Map.of("x", NDArray.of(new int[] {1}, 2.0)));
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(2.0, ByteBuffer.wrap(b, (int) (8 + n), 8).order(ByteOrder.LITTLE_ENDIAN).getDouble());
    }

    @Test void readsTensorsInDataOrderWhateverTheHeaderOrder() throws IOException {
        Path f = dir.resolve("h.safetensors");
        Files.write(f, safetensors("""
                {"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]},"__metadata__":{"k":"v"},
                 "a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""",
                cat(floats(ByteOrder.LITTLE_ENDIAN, 1f, 2f), doubles(ByteOrder.LITTLE_ENDIAN, 3.0))));
        Safetensors.Contents c = Safetensors.readContents(f);
        assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new double[] {1, 2}, c.tensors().get("a").data());
        assertEquals(3.0, c.tensors().get("b").item());
        assertEquals(Map.of("k", "v"), c.metadata());
    }

    @Test void writerRejectsATensorNamedLikeTheMetadata() {
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(dir.resolve("m.safetensors"), Map.of("__metadata__", NDArray.scalar(1))));
    }

    // ------------------------------------------------------------------ malformed files

    private Path file(byte[] content) throws IOException { return Files.write(dir.resolve("bad.safetensors"), content); }

    private static final String ONE = "{\"x\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";

    private void rejects(byte[] content, String phrase) throws IOException {
        Path f = file(content);
        assertMalformed(f, phrase, () -> Safetensors.read(f));
    }

    @Test void rejectsAFileShorterThanTheLengthPrefix() throws IOException { rejects(new byte[] {5, 0, 0}, "header length"); }

    @Test void rejectsAHeaderLengthBeyondTheFile() throws IOException {
        rejects(cat(Bytes.longLE(1000), Bytes.ascii("{}")), "header of 1000 bytes needs 1000 bytes");
    }

    @Test void rejectsAHugeHeaderLengthBeforeAllocating() throws IOException {
        rejects(cat(Bytes.longLE(-8), Bytes.ascii("{}")), "exceeds");
        rejects(cat(Bytes.longLE(1L << 40), Bytes.ascii("{}")), "exceeds");
    }

    @Test void rejectsTruncatedData() throws IOException {
        rejects(safetensors(ONE, doubles(ByteOrder.LITTLE_ENDIAN, 1.0)), "needs 16 bytes");
    }

    @Test void rejectsAHeaderClaimingMoreDataThanTheFileHolds() throws IOException {
        rejects(safetensors("{\"x\":{\"dtype\":\"F64\",\"shape\":[100000000],\"data_offsets\":[0,800000000]}}", doubles(ByteOrder.LITTLE_ENDIAN, 1.0)),
                "the file has only 8 left");
    }

    @Test void rejectsNegativeExtents() throws IOException {
        rejects(safetensors("{\"x\":{\"dtype\":\"F64\",\"shape\":[-2],\"data_offsets\":[0,16]}}", new byte[16]), "shape[0] must be a non-negative");
    }

    @Test void rejectsShapesWhoseSizeOverflows() throws IOException {
        rejects(safetensors("{\"x\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,16]}}", new byte[16]), "more than 2^31-1 elements");
        rejects(safetensors("{\"x\":{\"dtype\":\"F32\",\"shape\":[0,99999999999999999999],\"data_offsets\":[0,0]}}", new byte[0]), "64-bit");
    }

    @Test void rejectsUnknownDtypesByName() throws IOException {
        rejects(safetensors("{\"x\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}", new byte[2]), "unsupported dtype \"BF16\"");
    }

    @Test void rejectsOffsetsThatDisagreeWithTheShape() throws IOException {
        rejects(safetensors("{\"x\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,16]}}", new byte[16]), "needs 24");
        rejects(safetensors("{\"x\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[16,8]}}", new byte[16]), "before begin");
    }

    @Test void rejectsGapsAndOverlapsBetweenTensors() throws IOException {
        rejects(safetensors("{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", new byte[16]), "without gaps");
        rejects(safetensors("""
                {"x":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"y":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}""", new byte[16]),
                "without gaps or overlap");
    }

    @Test void rejectsDataAfterTheLastTensor() throws IOException { rejects(safetensors(ONE, new byte[20]), "4 unexpected bytes"); }

    @Test void rejectsHeadersThatAreNotTheExpectedJson() throws IOException {
        rejects(safetensors("{\"x\":", new byte[0]), "not valid JSON");
        rejects(safetensors("[1,2]", new byte[0]), "must be a JSON object");
        rejects(safetensors("{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},\"x\":{}}", new byte[8]), "not valid JSON");
        rejects(safetensors("{\"x\":{\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]), "\"dtype\"");
        rejects(safetensors("{\"x\":{\"dtype\":\"F64\",\"shape\":[1.5],\"data_offsets\":[0,8]}}", new byte[8]), "must be an integer");
        rejects(safetensors("{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[8]), "[begin, end]");
        rejects(safetensors("{\"__metadata__\":{\"a\":1}}", new byte[0]), "must be a string");
    }
}
