package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odeon.io.Bytes.assertMalformed;
import static org.odeon.io.Bytes.cat;
import static org.odeon.io.Bytes.intsBE;
import static org.odeon.io.Bytes.u8;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

class IdxTest {
    @TempDir Path dir;

    /** Two 2x3 images with pixels 0, 1, ..., 5 and 250, ..., 255. */
    static byte[] images() {
        return cat(u8(0, 0, 0x08, 3), intsBE(2, 2, 3), u8(0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255));
    }

    static byte[] labels() { return cat(u8(0, 0, 0x08, 1), intsBE(4), u8(9, 0, 3, 7)); }

    private Path file(String name, byte[] content) throws IOException { return Files.write(dir.resolve(name), content); }

    @Test void readsImagesAsRawPixelValues() throws IOException {
        NDArray a = Idx.readImages(file("img", images()));
        assertEquals(DType.F32, a.dtype());
        assertArrayEquals(new int[] {2, 2, 3}, a.shape());
        assertEquals(4, a.get(0, 1, 1));
        assertEquals(255, a.get(1, 1, 2));
    }

    @Test void scaledImagesAreRawValuesOver255() throws IOException {
        Path f = file("img", images());
        NDArray raw = Idx.readImages(f), scaled = Idx.readImagesScaled(f);
        for (int i = 0; i < raw.size(); i++) assertEquals((float) (raw.data()[i] / 255), scaled.data()[i]);
        assertEquals(1.0, scaled.get(1, 1, 2));
    }

    @Test void gzipIsDetectedByMagicBytesNotName() throws IOException {
        NDArray plain = Idx.readImages(file("plain.gz", images()));
        NDArray gz = Idx.readImages(file("compressed.idx", Bytes.gzip(images())));
        assertArrayEquals(plain.data(), gz.data());
        assertArrayEquals(new int[] {9, 0, 3, 7}, Idx.readLabels(file("l", Bytes.gzip(labels()))));
    }

    @Test void readsTheOtherElementTypes() throws IOException {
        NDArray f64 = Idx.read(file("d", cat(u8(0, 0, 0x0E, 1), intsBE(2), Bytes.doubles(ByteOrder.BIG_ENDIAN, 0.1, -3))));
        assertEquals(DType.F64, f64.dtype());
        assertArrayEquals(new double[] {0.1, -3}, f64.data());
        NDArray i32 = Idx.read(file("i", cat(u8(0, 0, 0x0C, 2), intsBE(1, 2), intsBE(-7, Integer.MAX_VALUE))));
        assertArrayEquals(new double[] {-7, Integer.MAX_VALUE}, i32.data());
        NDArray i16 = Idx.read(file("s", cat(u8(0, 0, 0x0B, 1), intsBE(2), u8(0xff, 0xfe, 0x01, 0x00))));
        assertArrayEquals(new double[] {-2, 256}, i16.data());
        assertArrayEquals(new double[] {-1, 127}, Idx.read(file("b", cat(u8(0, 0, 0x09, 1), intsBE(2), u8(0xff, 0x7f)))).data());
        assertArrayEquals(new double[] {1.5f}, Idx.read(file("f", cat(u8(0, 0, 0x0D, 1), intsBE(1), Bytes.floats(ByteOrder.BIG_ENDIAN, 1.5f)))).data());
    }

    // ------------------------------------------------------------------ malformed files

    private void rejects(byte[] content, String phrase) throws IOException {
        Path f = file("bad", content);
        assertMalformed(f, phrase, () -> Idx.read(f));
    }

    @Test void rejectsAWrongMagicNumber() throws IOException { rejects(cat(u8(1, 0, 8, 1), intsBE(0)), "must start with 00 00"); }

    @Test void rejectsUnknownTypeCodes() throws IOException { rejects(cat(u8(0, 0, 0x0A, 1), intsBE(0)), "unknown type code 0x0a"); }

    @Test void rejectsTruncatedFiles() throws IOException {
        byte[] b = images();
        rejects(Arrays.copyOf(b, b.length - 1), "needs 12 bytes");
        rejects(Arrays.copyOf(b, 9), "extent 1 needs 4 bytes");
        Path gz = file("bad.gz", Bytes.gzip(Arrays.copyOf(b, b.length - 1)));
        assertMalformed(gz, "truncated", () -> Idx.read(gz));
    }

    @Test void rejectsAHeaderClaimingMoreDataThanTheFileHolds() throws IOException {
        rejects(cat(u8(0, 0, 0x08, 3), intsBE(60000, 28, 28), u8(1, 2, 3)), "needs 47040000 bytes");
    }

    @Test void rejectsNegativeAndOverflowingExtents() throws IOException {
        rejects(cat(u8(0, 0, 0x08, 1), intsBE(-1)), "extent 0 is 4294967295");
        rejects(cat(u8(0, 0, 0x08, 2), intsBE(65536, 65536)), "more than 2^31-1");
        rejects(cat(u8(0, 0, 0x08, 0)), "rank 0");
    }

    @Test void rejectsTrailingData() throws IOException {
        rejects(cat(labels(), u8(0)), "1 unexpected bytes");
        Path gz = file("t.gz", Bytes.gzip(cat(labels(), u8(0))));
        assertMalformed(gz, "unexpected data", () -> Idx.read(gz));
    }

    @Test void rejectsTheWrongKindOfFileForImagesOrLabels() throws IOException {
        Path l = file("l", labels());
        assertMalformed(l, "rank is 1 but 3 was expected", () -> Idx.readImages(l));
        Path i = file("i", cat(u8(0, 0, 0x0C, 1), intsBE(1), intsBE(3)));
        assertMalformed(i, "element type is I32 but U8 was expected", () -> Idx.readLabels(i));
    }

    @Test void rejectsCorruptGzipData() throws IOException {
        byte[] gz = Bytes.gzip(images());
        gz[gz.length / 2] ^= 0x55;
        Path f = file("c", gz);
        assertMalformed(f, "(gzip)", () -> Idx.read(f));
    }

    @Test void gzipHeaderClaimingBillionsOfPixelsFailsWithoutAllocatingThem() throws IOException {
        // 2^31-1 pixels would need 16 GiB as doubles: refused from the header, before any data is read
        Path f = file("huge.gz", Bytes.gzip(cat(u8(0, 0, 0x08, 1), intsBE(Integer.MAX_VALUE), new byte[100_000])));
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        assertMalformed(f, "in memory", () -> Idx.read(f));
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 32_000_000, "allocated " + allocated + " bytes for 100 kB of data");
    }

    @Test void readsFashionMnistTestSet() throws IOException {
        Path root = Path.of("/usr/share/datasets/fashion-mnist");
        assertTrue(Files.isDirectory(root), "Fashion-MNIST is missing: apt-get install dataset-fashion-mnist (CI installs it)");
        NDArray x = Idx.readImages(root.resolve("t10k-images-idx3-ubyte.gz"));
        int[] y = Idx.readLabels(root.resolve("t10k-labels-idx1-ubyte.gz"));
        assertArrayEquals(new int[] {10000, 28, 28}, x.shape());
        assertEquals(10000, y.length);
        int[] perClass = new int[10];
        for (int label : y) perClass[label]++;
        int[] thousandEach = new int[10];
        Arrays.fill(thousandEach, 1000); // the test set is balanced
        assertArrayEquals(thousandEach, perClass);
        assertEquals(0, x.min(0, false).min(0, false).min(0, false).item());
        assertEquals(255, x.maxValue());
        double meanIntensity = x.mean(false).item() / 255;
        assertTrue(meanIntensity > 0.25 && meanIntensity < 0.32, "mean intensity " + meanIntensity);
    }
}
