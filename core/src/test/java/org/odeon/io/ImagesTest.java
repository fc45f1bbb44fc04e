package org.odeon.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

class ImagesTest {
    @TempDir Path dir;

    private static NDArray ramp(int c, int h, int w) {
        double[] d = new double[c * h * w];
        for (int i = 0; i < d.length; i++) d[i] = ((i * 37) % 256) / 255.0;
        return NDArray.of(DType.F64, new int[] {c, h, w}, d);
    }

    @Test void grayscalePngRoundTripsExactlyOnTheEightBitGrid() throws Exception {
        NDArray img = ramp(1, 7, 5);
        Path f = dir.resolve("g.png");
        Images.writePng(img, f);
        NDArray back = Images.read(f);
        assertArrayEquals(new int[] {1, 7, 5}, back.shape());
        assertArrayEquals(img.data(), back.data(), 1e-15);
    }

    @Test void colourPngRoundTripsAndReducesToLuma() throws Exception {
        NDArray img = ramp(3, 4, 6);
        Path f = dir.resolve("c.png");
        Images.writePng(img, f);
        NDArray back = Images.read(f);
        assertArrayEquals(new int[] {3, 4, 6}, back.shape());
        assertArrayEquals(img.data(), back.data(), 1e-15);
        NDArray g = Images.readGray(f);
        assertArrayEquals(new int[] {1, 4, 6}, g.shape());
        double[] d = img.data();
        assertEquals(0.299 * d[0] + 0.587 * d[24] + 0.114 * d[48], g.data()[0], 1e-12);
    }

    @Test void jpegIsReadWithinCompressionError() throws Exception {
        NDArray img = NDArray.full(DType.F64, 0.5, 3, 16, 16);
        var bi = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) bi.setRGB(x, y, 0x808080);
        Path f = dir.resolve("c.jpg");
        assertTrue(javax.imageio.ImageIO.write(bi, "jpg", f.toFile()));
        NDArray back = Images.read(f);
        assertArrayEquals(new int[] {3, 16, 16}, back.shape());
        for (int i = 0; i < back.size(); i++) assertEquals(img.data()[i], back.data()[i], 3 / 255.0);
    }

    @Test void writingClipsToTheUnitInterval() throws Exception {
        NDArray img = NDArray.of(new int[] {1, 1, 3}, -0.5, 0.5, 2.0);
        Path f = dir.resolve("clip.png");
        Images.writePng(img, f);
        assertArrayEquals(new double[] {0, 128 / 255.0, 1}, Images.read(f).data(), 1e-15);
    }

    @Test void truncatedPngIsRejectedWithOneLineNamingTheFile() throws Exception {
        Path good = dir.resolve("whole.png");
        Images.writePng(ramp(3, 32, 32), good);
        byte[] b = Files.readAllBytes(good);
        Path bad = dir.resolve("cut.png");
        Files.write(bad, Arrays.copyOf(b, b.length / 2));
        var e = assertThrows(MalformedFileException.class, () -> Images.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test void garbageAndEmptyFilesAreRejectedNamingTheFile() throws Exception {
        Path junk = dir.resolve("junk.png");
        Files.writeString(junk, "this is not a picture");
        var e = assertThrows(MalformedFileException.class, () -> Images.read(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()) && e.getMessage().lines().count() == 1, e.getMessage());
        Path empty = dir.resolve("empty.jpg");
        Files.write(empty, new byte[0]);
        assertThrows(MalformedFileException.class, () -> Images.read(empty));
    }

    @Test void badArraysAreRefusedBeforeWriting() {
        assertThrows(IllegalArgumentException.class, () -> Images.writePng(NDArray.zeros(DType.F64, 2, 3, 3), dir.resolve("x.png")));
        assertThrows(IllegalArgumentException.class, () -> Images.writePng(NDArray.full(DType.F64, Double.NaN, 1, 2, 2), dir.resolve("n.png")));
    }
}
