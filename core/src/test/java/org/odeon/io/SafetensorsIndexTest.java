package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odeon.io.Bytes.assertMalformed;
import static org.odeon.io.Bytes.cat;
import static org.odeon.io.Bytes.doubles;
import static org.odeon.io.Bytes.floats;
import static org.odeon.io.Bytes.safetensors;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * A safetensors file is indexed into parallel arrays and read lazily: a file of many tiny tensors costs a
 * bounded number of bytes per tensor, measured as what the reading thread allocates (not as time).
 */
class SafetensorsIndexTest {
    @TempDir Path tmp;

    static final int TENSORS = 100_000;

    /**
     * Bytes per tensor that indexing may allocate: the header's own bytes (about 70 a tensor here), the
     * name string, and a few array slots. Per-tensor objects, maps or copies of the header as text exceed it.
     */
    static final long INDEX_BYTES_PER_TENSOR = 400;

    /** Reading every tensor adds its array, shape and map entry: about 200 bytes for a one-element tensor. */
    static final long READ_BYTES_PER_TENSOR = 700;

    interface Action { void run() throws Exception; }

    /** Bytes the current thread allocates while running {@code r}. */
    static long allocated(Action r) throws Exception {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(id);
        r.run();
        return bean.getThreadAllocatedBytes(id) - before;
    }

    /** {@code n} one-element F32 tensors named {@code layer<i>.w} holding i, written straight as bytes (no arrays to build). */
    private Path manyTinyTensors(String file, int n) throws Exception {
        StringBuilder header = new StringBuilder("{");
        ByteBuffer data = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            header.append(i == 0 ? "" : ",").append("\"layer").append(i).append(".w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[")
                    .append(4 * i).append(',').append(4 * i + 4).append("]}");
            data.putFloat(i);
        }
        return Files.write(tmp.resolve(file), safetensors(header.append('}').toString(), data.array()));
    }

    @Test void indexingOrReadingATinyTensorAllocatesABoundedNumberOfBytes() throws Exception {
        Path warm = manyTinyTensors("warm.safetensors", 1000), f = manyTinyTensors("many.safetensors", TENSORS);
        Safetensors.read(warm);   // class loading is not the reader's cost
        Safetensors.Index[] index = new Safetensors.Index[1];
        long indexing = allocated(() -> index[0] = Safetensors.index(f));
        assertEquals(TENSORS, index[0].size());
        assertTrue(indexing / TENSORS < INDEX_BYTES_PER_TENSOR, "indexing allocated " + indexing / TENSORS + " bytes per tensor");
        assertEquals(77.0, index[0].get("layer77.w").item());

        @SuppressWarnings("unchecked") Map<String, NDArray>[] read = new Map[1];
        long reading = allocated(() -> read[0] = Safetensors.read(f));
        assertEquals(TENSORS, read[0].size());
        assertTrue(reading / TENSORS < READ_BYTES_PER_TENSOR, "reading allocated " + reading / TENSORS + " bytes per tensor");
        assertEquals(99_999.0, read[0].get("layer99999.w").item());
    }

    @Test void anIndexFindsTensorsByNameAndReadsThemInTheirDtype() throws Exception {
        Path f = Files.write(tmp.resolve("h.safetensors"), safetensors("""
                {"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]},"__metadata__":{"k":"v"},
                 "a":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]},"e":{"dtype":"F64","shape":[0],"data_offsets":[16,16]}}""",
                cat(floats(ByteOrder.LITTLE_ENDIAN, 1f, 2f), doubles(ByteOrder.LITTLE_ENDIAN, 3.0))));
        Safetensors.Index index = Safetensors.index(f);
        assertEquals(3, index.size());
        assertEquals("a", index.name(0));
        assertEquals(1, index.indexOf("b"));
        assertEquals(-1, index.indexOf("c"));
        assertEquals(DType.F32, index.dtype(0));
        assertArrayEquals(new int[] {2, 1}, index.shape(0));
        assertArrayEquals(new double[] {1, 2}, index.get("a").data());
        assertEquals(DType.F32, index.get("a").dtype());
        assertEquals(3.0, index.get("b").item());
        assertEquals(0, index.get("e").size());
        assertEquals(Map.of("k", "v"), index.metadata());
        assertMalformed(f, "no tensor 'c'", () -> index.get("c"));
    }

    @Test void aNameGivenTwiceIsRejected() throws Exception {
        Path f = Files.write(tmp.resolve("d.safetensors"), safetensors("""
                {"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}""",
                doubles(ByteOrder.LITTLE_ENDIAN, 1.0, 2.0)));
        assertMalformed(f, "'a' appears twice", () -> Safetensors.index(f));
        Path g = Files.write(tmp.resolve("f.safetensors"), safetensors("""
                {"a":{"dtype":"F64","dtype":"F32","shape":[1],"data_offsets":[0,8]}}""", doubles(ByteOrder.LITTLE_ENDIAN, 1.0)));
        assertMalformed(g, "\"dtype\" twice", () -> Safetensors.index(g));
    }
}
