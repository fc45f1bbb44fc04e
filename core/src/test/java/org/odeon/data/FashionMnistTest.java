package org.odeon.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;

@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class FashionMnistTest {
    @Test void loadsSixtyThousandTrainingAndTenThousandTestImagesInTheUnitInterval() throws Exception {
        assertTrue(FashionMnist.isAvailable(FashionMnist.DEFAULT_DIR), "apt-get install dataset-fashion-mnist");
        Dataset.Split d = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        assertArrayEquals(new int[] {60000, 1, 28, 28}, d.train().features().shape());
        assertArrayEquals(new int[] {10000, 1, 28, 28}, d.test().features().shape());
        assertEquals(DType.F32, d.train().features().dtype());
        assertEquals(1.0, d.test().features().maxValue());
        assertEquals(0.0, d.test().features().min(0, false).min(0, false).min(0, false).min(0, false).item());
        int[] perClass = new int[10];
        for (double y : d.test().labels().data()) perClass[(int) y]++;
        for (int c : perClass) assertEquals(1000, c);  // the test set is balanced
    }

    /** A gzip IDX file of u8 values with the given extents. */
    private static void idx(Path file, int[] extents, byte[] values) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bytes); var out = new java.io.DataOutputStream(gz)) {
            out.write(new byte[] {0, 0, 0x08, (byte) extents.length});
            for (int e : extents) out.writeInt(e);
            out.write(values);
        }
        java.nio.file.Files.write(file, bytes.toByteArray());
    }

    @Test void aLabelOutsideTheTenClassesIsRefusedAtLoadNamingFileAndRecord(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        for (String part : new String[] {"train", "t10k"}) {
            idx(dir.resolve(part + "-images-idx3-ubyte.gz"), new int[] {3, 28, 28}, new byte[3 * 28 * 28]);
            idx(dir.resolve(part + "-labels-idx1-ubyte.gz"), new int[] {3}, new byte[] {1, (byte) 200, 2});
        }
        var e = assertThrows(org.odeon.io.MalformedFileException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz") && e.getMessage().contains("record 1 is 200"), e.getMessage());
    }

    @Test void plainFilesWorkLikeGzipOnesAndTheFirstImagesCanBeTaken(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] pixels = new byte[4 * 28 * 28];
        pixels[28 * 28] = (byte) 255;   // first pixel of the second image
        for (String part : new String[] {"train", "t10k"}) {
            idx(dir.resolve(part + "-images-idx3-ubyte.gz"), new int[] {4, 28, 28}, pixels);
            idx(dir.resolve(part + "-labels-idx1-ubyte.gz"), new int[] {4}, new byte[] {3, 1, 4, 1});
        }
        // the same data uncompressed under the plain names
        Path plain = java.nio.file.Files.createDirectories(dir.resolve("plain"));
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"})
            try (var in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(dir.resolve(f + ".gz")))) {
                java.nio.file.Files.write(plain.resolve(f), in.readAllBytes());
            }
        assertTrue(FashionMnist.isAvailable(plain));
        Dataset.Split d = FashionMnist.load(plain, 2, 3);
        assertArrayEquals(new int[] {2, 1, 28, 28}, d.train().features().shape());
        assertEquals(3, d.test().size());
        assertEquals(1.0, d.train().features().maxValue());
        assertArrayEquals(new double[] {3, 1}, d.train().labels().data());
    }

    @Test void anEmptyDataSettingMeansTheLocatedFolderAndAnyOtherIsTakenAsGiven() {
        assertEquals(Path.of("/some/where"), FashionMnist.folder("/some/where"));
        assertEquals(FashionMnist.DEFAULT_DIR, FashionMnist.folder(""), "located at the system path (CI installs it; $ODEON_FASHION_MNIST is unset)");
    }

    @Test void aMissingDirectoryIsReportedAsUnavailable() {
        assertFalse(FashionMnist.isAvailable(Path.of("/nonexistent/fashion")));
    }
}
