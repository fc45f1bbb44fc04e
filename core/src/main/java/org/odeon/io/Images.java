package org.odeon.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Photographs (PNG, JPEG, and whatever else the JDK's {@code javax.imageio} decodes) as F64 arrays
 * {@code [C, H, W]} with values in {@code [0, 1]}: {@code C = 1} for grayscale, 3 for colour
 * (alpha is dropped). Samples are divided by their format's maximum ({@code 255}, or {@code 65535}
 * for 16-bit PNGs). {@link #writePng} writes 8-bit PNGs, rounding and clipping to {@code [0, 1]}.
 *
 * <p>Decoding failures — unknown format, truncated or corrupt data — are reported as a
 * {@link MalformedFileException} naming the file; {@code javax.imageio} itself would otherwise
 * throw assorted runtime exceptions or return partial images.
 */
public final class Images {
    private Images() {}

    /** Largest accepted pixel count, so a forged header cannot ask for gigabytes. */
    public static final long MAX_PIXELS = 1L << 28;

    static { ImageIO.setUseCache(false); } // decode in memory, no temporary files

    /** The image as stored: {@code [1, H, W]} for grayscale files, {@code [3, H, W]} for colour ones. */
    public static NDArray read(Path file) throws IOException {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(name, null, "image file not found");
        }
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new MalformedFileException(name, "not an image format javax.imageio can read (PNG, JPEG, BMP, GIF)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS)
                    throw new MalformedFileException(name, "absurd image size " + reader.getWidth(0) + "x" + reader.getHeight(0));
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (MalformedFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new MalformedFileException(name, "cannot decode image (truncated or corrupt): " + why.lines().findFirst().orElse(""), e);
        }
        if (img == null) throw new MalformedFileException(name, "no image in file");
        return toArray(img, name);
    }

    /** The image as grayscale {@code [1, H, W]}: colour is reduced by the ITU-R BT.601 luma weights. */
    public static NDArray readGray(Path file) throws IOException { return toGray(read(file)); }

    /** {@code 0.299 R + 0.587 G + 0.114 B} of a {@code [3, H, W]} image; a {@code [1, H, W]} image is returned as is. */
    public static NDArray toGray(NDArray image) {
        int[] s = checkImage(image);
        if (s[0] == 1) return image;
        int n = s[1] * s[2];
        double[] d = image.data(), g = new double[n];
        for (int i = 0; i < n; i++) g[i] = 0.299 * d[i] + 0.587 * d[n + i] + 0.114 * d[2 * n + i];
        return NDArray.of(DType.F64, new int[] {1, s[1], s[2]}, g);
    }

    /** Writes a {@code [1, H, W]} or {@code [3, H, W]} (or {@code [H, W]}) array as an 8-bit PNG, values clipped to [0, 1]. */
    public static void writePng(NDArray image, Path file) throws IOException {
        if (image.shape().length == 2) image = image.reshape(1, image.shape()[0], image.shape()[1]);
        int[] s = checkImage(image);
        int c = s[0], h = s[1], w = s[2], n = h * w;
        BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        double[] d = image.data();
        var raster = img.getRaster();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < c; k++) raster.setSample(x, y, k, quantise(d[k * n + y * w + x]));
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException(file + ": no PNG writer available");
        });
    }

    private static int quantise(double v) {
        if (Double.isNaN(v)) throw new IllegalArgumentException("image to write contains NaN");
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    private static int[] checkImage(NDArray image) {
        int[] s = image.shape();
        if (s.length != 3 || (s[0] != 1 && s[0] != 3) || s[1] < 1 || s[2] < 1)
            throw new IllegalArgumentException("an image is [1, H, W] or [3, H, W], got " + java.util.Arrays.toString(s));
        return s;
    }

    private static NDArray toArray(BufferedImage img, String name) throws MalformedFileException {
        Raster r = img.getRaster();
        int bands = r.getNumBands(), h = img.getHeight(), w = img.getWidth(), n = h * w;
        boolean gray = img.getColorModel().getNumColorComponents() == 1;
        if (img.getColorModel().getColorSpace().getType() != java.awt.color.ColorSpace.TYPE_GRAY
                && img.getColorModel().getColorSpace().getType() != java.awt.color.ColorSpace.TYPE_RGB && !gray)
            throw new MalformedFileException(name, "unsupported colour space (only grayscale and RGB)");
        if (gray && img.getType() != BufferedImage.TYPE_BYTE_INDEXED) {
            int bits = img.getColorModel().getComponentSize(0);
            double max = (1 << bits) - 1;
            double[] out = new double[n];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) out[y * w + x] = r.getSample(x, y, 0) / max;
            return NDArray.of(DType.F64, new int[] {1, h, w}, out);
        }
        boolean sixteen = bands >= 3 && img.getColorModel().getComponentSize(0) == 16;
        double[] out = new double[3 * n];
        if (sixteen) {
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int k = 0; k < 3; k++) out[k * n + y * w + x] = r.getSample(x, y, k) / 65535.0;
        } else {
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) { // getRGB handles palettes and packed layouts alike
                    int rgb = img.getRGB(x, y);
                    out[y * w + x] = ((rgb >> 16) & 0xff) / 255.0;
                    out[n + y * w + x] = ((rgb >> 8) & 0xff) / 255.0;
                    out[2 * n + y * w + x] = (rgb & 0xff) / 255.0;
                }
        }
        return NDArray.of(DType.F64, new int[] {3, h, w}, out);
    }

    /** Lower-case file extension, for callers that filter folders of images. */
    public static boolean isImageName(String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        return f.endsWith(".png") || f.endsWith(".jpg") || f.endsWith(".jpeg");
    }
}
