package org.odeon.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.io.Images;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class NaturalImagesTest {
    @TempDir Path dir;

    @Test void aFolderGivenByTheSettingIsReadAsGrayscaleAndCropped() throws Exception {
        double[] d = new double[3 * 8 * 10];
        for (int i = 0; i < d.length; i++) d[i] = (i % 256) / 255.0;
        Images.writePng(NDArray.of(DType.F64, new int[] {3, 8, 10}, d), dir.resolve("a.png"));
        var imgs = NaturalImages.load(NaturalImages.folder(dir.toString()), List.of("a.png"));
        assertEquals("a", imgs.get(0).name());
        assertArrayEquals(new int[] {1, 8, 10}, imgs.get(0).image().shape());
        NDArray c = NaturalImages.centreCrop(imgs.get(0).image(), 4);
        assertEquals(imgs.get(0).image().data()[2 * 10 + 3], c.data()[0], 0);
        NDArray p = NaturalImages.patches(imgs, 5, 3, new Rng(1));
        assertArrayEquals(new int[] {5, 1, 3, 3}, p.shape());
        assertThrows(IllegalArgumentException.class, () -> NaturalImages.load(dir, List.of("missing.png")));
        assertThrows(IllegalArgumentException.class, () -> NaturalImages.centreCrop(imgs.get(0).image(), 9));
    }

    @Test void trainValidationAndTestPhotographsAreDisjoint() {
        assertTrue(NaturalImages.TRAIN.stream().noneMatch(NaturalImages.TEST::contains));
        assertTrue(NaturalImages.VALIDATION.stream().noneMatch(f -> NaturalImages.TRAIN.contains(f) || NaturalImages.TEST.contains(f)));
    }

    @Test void gridCropsAreEvenlySpacedAndTheOneByOneGridIsTheCentreCrop() {
        double[] d = new double[2 * 11 * 13];
        for (int i = 0; i < d.length; i++) d[i] = i;
        NDArray img = NDArray.of(DType.F64, new int[] {2, 11, 13}, d);
        assertArrayEquals(NaturalImages.centreCrop(img, 5).data(), NaturalImages.gridCrops(img, 1, 5).get(0).data());
        List<NDArray> g = NaturalImages.gridCrops(img, 2, 5);
        assertEquals(4, g.size());
        // corners (⌊6·1/4⌋, ⌊8·1/4⌋) = (1, 2) and (⌊6·3/4⌋, ⌊8·3/4⌋) = (4, 6); channel 1 follows channel 0
        assertEquals(1 * 13 + 2, g.get(0).data()[0], 0);
        assertEquals(4 * 13 + 6, g.get(3).data()[0], 0);
        assertEquals(11 * 13 + 4 * 13 + 6, g.get(3).data()[25], 0);
        assertThrows(IllegalArgumentException.class, () -> NaturalImages.gridCrops(img, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> NaturalImages.gridCrops(img, 2, 12));
    }
}
