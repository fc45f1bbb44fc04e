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

    @Test void trainAndTestPhotographsAreDisjoint() {
        assertTrue(NaturalImages.TRAIN.stream().noneMatch(NaturalImages.TEST::contains));
    }
}
