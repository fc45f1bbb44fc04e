package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldImageTest {
    @TempDir Path tmp;

    @Test void panelsSitSideBySideWithTheirOwnColourRange() throws Exception {
        double[] ramp = {0, 1, 2, 3}, flat = {5, 5, 5, 5};
        Path png = FieldImage.write(tmp, "fields", List.of(new FieldImage.Panel("ramp", 2, 2, ramp), new FieldImage.Panel("flat", 2, 2, flat)));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(12 + 2 * (256 + 12), img.getWidth());
        // top-left cell of the ramp is its minimum (blue), bottom-right its maximum (red); a constant field is white
        assertEquals(FieldImage.colour(0, 0, 3), img.getRGB(12 + 10, 22 + 10) & 0xFFFFFF);
        assertEquals(FieldImage.colour(3, 0, 3), img.getRGB(12 + 250, 22 + 250) & 0xFFFFFF);
        assertEquals(0xFFFFFF, img.getRGB(12 + 268 + 100, 22 + 100) & 0xFFFFFF);
        assertNotEquals(FieldImage.colour(0, 0, 3), FieldImage.colour(3, 0, 3));
    }

    @Test void grayPanelsShareOneFixedScaleAndClipOutsideIt() throws Exception {
        double[] a = {0, 0.5, 1, 2}, b = {0.5, 0.5, 0.5, 0.5};
        Path png = FieldImage.writeGray(tmp, "photos", List.of(new FieldImage.Panel("a", 2, 2, a), new FieldImage.Panel("b", 2, 2, b)), 0, 1);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(0x000000, img.getRGB(12 + 10, 22 + 10) & 0xFFFFFF);       // 0 → black
        assertEquals(0xFFFFFF, img.getRGB(12 + 250, 22 + 250) & 0xFFFFFF);     // 2 clipped → white
        assertEquals(img.getRGB(12 + 250, 22 + 10), img.getRGB(12 + 268 + 100, 22 + 100)); // 0.5 is the same gray in both panels
        assertEquals(0x808080, img.getRGB(12 + 268 + 100, 22 + 100) & 0xFFFFFF);
        assertThrows(IllegalArgumentException.class, () -> FieldImage.writeGray(tmp, "bad", List.of(new FieldImage.Panel("a", 2, 2, a)), 1, 1));
    }

    @Test void aPanelWithTheWrongNumberOfValuesIsOneLineError() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FieldImage.Panel("u", 2, 3, new double[5]));
        assertEquals("panel 'u': 5 values for 2×3", e.getMessage());
    }
}
