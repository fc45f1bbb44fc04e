package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.odeon.io.Bytes.assertMalformed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

class CifarTest {
    @TempDir Path dir;

    /** Pixel byte of record r, channel c, row y, column x: a formula the test can check everywhere. */
    static int pixel(int r, int c, int y, int x) { return (r * 7 + c * 50 + y * 3 + x) & 0xff; }

    /** {@code n} records with the given label bytes in front of each image. */
    static byte[] batch(int n, int[]... labelBytes) {
        int lb = labelBytes.length, rec = lb + 3072;
        byte[] b = new byte[n * rec];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < lb; k++) b[r * rec + k] = (byte) labelBytes[k][r];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++) b[r * rec + lb + c * 1024 + y * 32 + x] = (byte) pixel(r, c, y, x);
        }
        return b;
    }

    private Path file(byte[] b) throws IOException { return Files.write(dir.resolve("data_batch.bin"), b); }

    private static void assertImages(NDArray images, int n) {
        assertEquals(DType.F32, images.dtype());
        assertArrayEquals(new int[] {n, 3, 32, 32}, images.shape());
        for (int r = 0; r < n; r++)
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++) assertEquals((float) (pixel(r, c, y, x) / 255.0), images.get(r, c, y, x));
    }

    @Test void cifar10RecordsAreALabelThenPlanarRgbScaledToUnitRange() throws IOException {
        Cifar.Batch b = Cifar.read10(file(batch(3, new int[] {9, 0, 4})));
        assertArrayEquals(new int[] {9, 0, 4}, b.labels());
        assertEquals(0, b.coarseLabels().length);
        assertEquals(3, b.size());
        assertImages(b.images(), 3);
    }

    @Test void cifar100RecordsCarryCoarseThenFineLabels() throws IOException {
        Cifar.Batch b = Cifar.read100(file(batch(2, new int[] {19, 3}, new int[] {99, 42})));
        assertArrayEquals(new int[] {19, 3}, b.coarseLabels());
        assertArrayEquals(new int[] {99, 42}, b.labels());
        assertImages(b.images(), 2);
    }

    @Test void readsGzippedBatches() throws IOException {
        Cifar.Batch b = Cifar.read10(file(Bytes.gzip(batch(2, new int[] {1, 2}))));
        assertArrayEquals(new int[] {1, 2}, b.labels());
        assertImages(b.images(), 2);
    }

    @Test void rejectsSizesThatAreNotWholeRecords() throws IOException {
        Path f = file(Arrays.copyOf(batch(2, new int[] {1, 2}), 2 * 3073 - 1));
        assertMalformed(f, "not a positive multiple of the 3073-byte CIFAR-10 record", () -> Cifar.read10(f));
        Path g = file(batch(2, new int[] {1, 2}));
        assertMalformed(g, "3074-byte CIFAR-100 record", () -> Cifar.read100(g));
        Path e = file(new byte[0]);
        assertMalformed(e, "size 0 bytes", () -> Cifar.read10(e));
    }

    @Test void rejectsLabelsOutsideTheClasses() throws IOException {
        Path f = file(batch(2, new int[] {3, 10}));
        assertMalformed(f, "label of record 1 is 10, outside 0..9", () -> Cifar.read10(f));
        Path g = file(batch(1, new int[] {20}, new int[] {5}));
        assertMalformed(g, "coarse label of record 0 is 20, outside 0..19", () -> Cifar.read100(g));
    }
}
