package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.odeon.io.Bytes.assertMalformed;
import static org.odeon.io.Bytes.cat;
import static org.odeon.io.Bytes.doubles;
import static org.odeon.io.Bytes.npy;
import static org.odeon.io.Bytes.u8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

class NpyTest {
    @TempDir Path dir;

    private Path file(byte[] content) throws IOException { return Files.write(dir.resolve("a.npy"), content); }

    @Test void roundTripKeepsDtypeShapeAndEveryBit() throws IOException {
        for (Map.Entry<String, NDArray> e : SafetensorsTest.sample().entrySet()) {
            Path f = dir.resolve(e.getKey() + ".npy");
            Npy.write(f, e.getValue());
            SafetensorsTest.assertSameArrays(Map.of("a", e.getValue()), Map.of("a", Npy.read(f)));
        }
    }

    @Test void writesAVersion1HeaderThatNumPyExpects() throws IOException {
        Path f = dir.resolve("w.npy");
        Npy.write(f, NDArray.zeros(DType.F32, 3));
        byte[] b = Files.readAllBytes(f);
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertEquals(1, b[6]);
        assertEquals(0, (10 + headerLength) % 64, "data must start at a multiple of 64");
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header.strip());
        assertEquals(10 + headerLength + 12, b.length);
    }

    @Test void readsBigEndianFloat64() throws IOException {
        NDArray a = Npy.read(file(npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", doubles(ByteOrder.BIG_ENDIAN, 1.25, -7))));
        assertEquals(DType.F64, a.dtype());
        assertArrayEquals(new double[] {1.25, -7}, a.data());
    }

    @Test void readsIntegerAndBooleanTypesIntoFloat64() throws IOException {
        ByteBuffer i4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-3).putInt(Integer.MAX_VALUE);
        NDArray a = Npy.read(file(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", i4.array())));
        assertEquals(DType.F64, a.dtype());
        assertArrayEquals(new double[] {-3, Integer.MAX_VALUE}, a.data());
        ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-(1L << 53)).putLong(42);
        assertArrayEquals(new double[] {-(1L << 53), 42}, Npy.read(file(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,)}", i8.array()))).data());
        assertArrayEquals(new double[] {0, 255, 128}, Npy.read(file(npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", u8(0, 255, 128)))).data());
        assertArrayEquals(new double[] {1, 0}, Npy.read(file(npy(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", u8(1, 0)))).data());
    }

    @Test void transposesFortranOrderIntoRowMajor() throws IOException {
        // column-major [[1, 2, 3], [4, 5, 6]] is 1 4 2 5 3 6
        NDArray a = Npy.read(file(npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", doubles(ByteOrder.LITTLE_ENDIAN, 1, 4, 2, 5, 3, 6))));
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.data());
        // rank 3: element (i, j, k) of shape (2, 2, 2) sits at i + 2j + 4k
        double[] f = new double[8];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++) f[i + 2 * j + 4 * k] = 100 * i + 10 * j + k;
        NDArray b = Npy.read(file(npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 2), }", doubles(ByteOrder.LITTLE_ENDIAN, f))));
        assertArrayEquals(new double[] {0, 1, 10, 11, 100, 101, 110, 111}, b.data());
    }

    @Test void readsVersion2HeadersScalarsAndPython2Longs() throws IOException {
        assertEquals(4.5, Npy.read(file(npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': ()}", doubles(ByteOrder.LITTLE_ENDIAN, 4.5)))).item());
        NDArray a = Npy.read(file(npy(1, "{\"descr\": \"<f8\", \"shape\": (1L, 2L), \"fortran_order\": False}", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2))));
        assertArrayEquals(new int[] {1, 2}, a.shape());
    }

    // ------------------------------------------------------------------ malformed files

    private static final String F8_2 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";

    private void rejects(byte[] content, String phrase) throws IOException {
        Path f = file(content);
        assertMalformed(f, phrase, () -> Npy.read(f));
    }

    @Test void rejectsFilesWithoutTheMagicString() throws IOException { rejects(Bytes.ascii("PK\u0003\u0004 not numpy"), "magic"); }

    @Test void rejectsUnknownVersions() throws IOException {
        byte[] b = npy(1, F8_2, new byte[16]);
        b[6] = 4;
        rejects(b, "unsupported format version 4.0");
    }

    @Test void rejectsTruncatedFiles() throws IOException {
        byte[] b = npy(1, F8_2, new byte[16]);
        rejects(java.util.Arrays.copyOf(b, b.length - 3), "needs 16 bytes");
        rejects(java.util.Arrays.copyOf(b, 9), "header length");
        rejects(java.util.Arrays.copyOf(b, 20), "header needs");
    }

    @Test void rejectsAHeaderClaimingMoreDataThanTheFileHolds() throws IOException {
        rejects(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000,), }", new byte[16]), "the file has only 16 left");
    }

    @Test void rejectsAHeaderLengthBeyondTheFileOrTheLimit() throws IOException {
        rejects(cat(u8(0x93), Bytes.ascii("NUMPY"), u8(1, 0, 0xff, 0xff), Bytes.ascii("{}")), "header needs 65535 bytes");
        rejects(cat(u8(0x93), Bytes.ascii("NUMPY"), u8(2, 0, 0xff, 0xff, 0xff, 0xff), Bytes.ascii("{}")), "exceeds the limit");
    }

    @Test void rejectsNegativeExtents() throws IOException {
        rejects(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", new byte[16]), "negative extent");
    }

    @Test void rejectsShapesWhoseSizeOverflows() throws IOException {
        rejects(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (65536, 65536), }", new byte[16]), "more than 2^31-1 elements");
        rejects(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", new byte[16]), "does not fit in 64 bits");
    }

    @Test void rejectsUnknownDtypes() throws IOException {
        for (String d : new String[] {"<c16", "|O", "<f2", "<U8", "|f8", "=f8", "f8"})
            rejects(npy(1, "{'descr': '" + d + "', 'fortran_order': False, 'shape': (1,), }", new byte[16]), "unsupported dtype '" + d + "'");
        rejects(npy(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", new byte[8]), "structured dtypes");
    }

    @Test void rejectsInt64ValuesThatFloat64CannotHold() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong((1L << 53) + 1);
        rejects(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", b.array()), "value 9007199254740993 at index 0");
    }

    @Test void rejectsHeadersWithMissingUnknownOrMisspelledKeys() throws IOException {
        rejects(npy(1, "{'descr': '<f8', 'shape': (2,), }", new byte[16]), "'fortran_order' must be True or False, got nothing");
        rejects(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", new byte[16]), "unexpected key 'extra'");
        rejects(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", new byte[16]), "cannot parse header");
        rejects(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': ((((((2,),),),),),)}", new byte[16]), "nesting too deep");
    }

    @Test void rejectsDataAfterTheArray() throws IOException { rejects(npy(1, F8_2, new byte[17]), "1 unexpected bytes"); }
}
