package org.odeon.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.odeon.io.Images;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Natural test photographs for denoising and deblurring: the {@code skimage} data set of
 * {@link DataSets} (the photographs Debian's {@code python3-skimage} ships), or any folder of
 * PNG/JPEG files named by a run's {@code data} setting. The split is fixed by image, never by
 * patch, so no test pixel is seen in training.
 */
public final class NaturalImages {
    private NaturalImages() {}

    /** Test photographs of the skimage set (the cameraman is the usual benchmark). */
    public static final List<String> TEST = List.of("camera.png", "moon.png", "coins.png");

    /** Training photographs of the skimage set. */
    public static final List<String> TRAIN = List.of("astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg");

    /**
     * Validation photographs of the skimage set, disjoint from {@link #TRAIN} and {@link #TEST}: the
     * restorations' parameters (TV and Wiener weights, PnP step and relaxation) are chosen on them, so
     * the test photographs are used only once, for the reported numbers.
     */
    public static final List<String> VALIDATION = List.of("motorcycle_left.png", "brick.png", "page.png");

    /** A named grayscale image {@code [1, H, W]} in [0, 1]. */
    public record Named(String name, NDArray image) {}

    /** The folder named by the {@code data} setting, or the located skimage folder when empty. */
    public static Path folder(String setting) {
        return setting.isEmpty() ? DataSets.require("skimage") : Path.of(setting);
    }

    /** The listed files of {@code dir} as grayscale images. */
    public static List<Named> load(Path dir, List<String> files) throws IOException {
        var out = new ArrayList<Named>();
        for (String f : files) {
            Path p = dir.resolve(f);
            if (!java.nio.file.Files.isRegularFile(p)) throw new IllegalArgumentException("image " + p + " not found; --set data=DIR names a folder holding " + files);
            out.add(new Named(f.replaceFirst("\\.[^.]*$", ""), Images.readGray(p)));
        }
        return out;
    }

    /** The central {@code size×size} crop of a {@code [C, H, W]} image. */
    public static NDArray centreCrop(NDArray image, int size) { int[] s = image.shape(); return crop(image, (s[1] - size) / 2, (s[2] - size) / 2, size); }

    /**
     * The {@code g×g} crops of {@code size×size} of a {@code [C, H, W]} image whose top-left corners
     * are evenly spaced over the valid range: corner {@code (i, j)} at
     * {@code (⌊(H − size)(2i + 1)/2g⌋, ⌊(W − size)(2j + 1)/2g⌋)}, row by row; {@code g = 1} is the centre crop.
     */
    public static List<NDArray> gridCrops(NDArray image, int g, int size) {
        if (g < 1) throw new IllegalArgumentException("crop grid must be at least 1×1, got " + g);
        int[] s = image.shape();
        if (s.length != 3) throw new IllegalArgumentException("crops need a [C, H, W] image, got " + java.util.Arrays.toString(s));
        var out = new ArrayList<NDArray>();
        for (int i = 0; i < g; i++)
            for (int j = 0; j < g; j++)
                out.add(crop(image, (int) ((long) (s[1] - size) * (2 * i + 1) / (2 * g)), (int) ((long) (s[2] - size) * (2 * j + 1) / (2 * g)), size));
        return out;
    }

    /** {@code count} random {@code size×size} patches of the images, as {@code [count, C, size, size]}. */
    public static NDArray patches(List<Named> images, int count, int size, Rng rng) {
        int c = images.get(0).image().shape()[0];
        double[] out = new double[count * c * size * size];
        for (int i = 0; i < count; i++) {
            NDArray img = images.get(rng.nextInt(images.size())).image();
            int[] s = img.shape();
            NDArray p = crop(img, rng.nextInt(s[1] - size + 1), rng.nextInt(s[2] - size + 1), size);
            System.arraycopy(p.data(), 0, out, i * c * size * size, c * size * size);
        }
        return NDArray.of(DType.F64, new int[] {count, c, size, size}, out);
    }

    static NDArray crop(NDArray image, int top, int left, int size) {
        int[] s = image.shape();
        if (s.length != 3 || top < 0 || left < 0 || top + size > s[1] || left + size > s[2] || size < 1)
            throw new IllegalArgumentException("crop " + size + "x" + size + " at (" + top + ", " + left + ") does not fit an image " + java.util.Arrays.toString(s));
        double[] d = image.data(), out = new double[s[0] * size * size];
        for (int c = 0; c < s[0]; c++)
            for (int y = 0; y < size; y++)
                System.arraycopy(d, c * s[1] * s[2] + (top + y) * s[2] + left, out, (c * size + y) * size, size);
        return NDArray.of(DType.F64, new int[] {s[0], size, size}, out);
    }
}
