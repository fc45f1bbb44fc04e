package org.odeon.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.odeon.io.Idx;
import org.odeon.io.MalformedFileException;
import org.odeon.tensor.NDArray;

/**
 * Fashion-MNIST (Xiao et al. 2017): 60 000 training and 10 000 test images of 28×28 grey
 * clothing pictures in 10 classes, read from the four IDX files (gzip) that Debian's
 * {@code dataset-fashion-mnist} installs. Images come as F32 {@code [N, 1, 28, 28]} in [0, 1].
 */
public final class FashionMnist {
    private FashionMnist() {}

    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    public static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

    private static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    /** Whether all four files are present in {@code dir}, each gzip-compressed or plain. */
    public static boolean isAvailable(Path dir) {
        for (String f : FILES) if (file(dir, f) == null) return false;
        return true;
    }

    /**
     * The folder a run's {@code data} setting names: the setting itself, or where {@link DataSets} finds
     * the set ({@code $ODEON_FASHION_MNIST}, then the system location) when it is empty.
     */
    public static Path folder(String setting) {
        return setting.isEmpty() ? DataSets.require("fashion-mnist") : Path.of(setting);
    }

    /** The training set (60 000) and the test set (10 000). */
    public static Dataset.Split load(Path dir) throws IOException { return load(dir, Integer.MAX_VALUE, Integer.MAX_VALUE); }

    /** The first {@code trainSize} training and first {@code testSize} test images. */
    public static Dataset.Split load(Path dir, int trainSize, int testSize) throws IOException {
        return new Dataset.Split(part(dir, "train", trainSize), part(dir, "t10k", testSize));
    }

    private static Dataset part(Path dir, String prefix, int limit) throws IOException {
        NDArray images = Idx.readImagesScaled(require(dir, prefix + "-images-idx3-ubyte"));
        Path labelFile = require(dir, prefix + "-labels-idx1-ubyte");
        int[] labels = Idx.readLabels(labelFile);
        if (labels.length != images.dim(0))
            throw new MalformedFileException(labelFile.toString(), labels.length + " labels for " + images.dim(0) + " images");
        // checked here, at load, so a bad record is named by file and index instead of failing a later batch
        for (int i = 0; i < labels.length; i++)
            if (labels[i] >= CLASSES.length)
                throw new MalformedFileException(labelFile.toString(), "label of record " + i + " is " + labels[i] + ", outside 0.." + (CLASSES.length - 1));
        int n = Math.min(limit, labels.length), side = images.dim(1) * images.dim(2);
        NDArray head = n == labels.length ? images : NDArray.of(images.dtype(), new int[] {n, images.dim(1), images.dim(2)},
                Arrays.copyOf(images.data(), n * side));
        return Dataset.ofClasses(head.reshape(n, 1, images.dim(1), images.dim(2)), Arrays.copyOf(labels, n));
    }

    private static Path file(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) if (Files.isReadable(dir.resolve(name))) return dir.resolve(name);
        return null;
    }

    private static Path require(Path dir, String base) throws IOException {
        Path f = file(dir, base);
        if (f == null) throw new java.nio.file.NoSuchFileException(dir.resolve(base) + "[.gz]", null, "Fashion-MNIST file missing; set the folder with --set data=DIR");
        return f;
    }
}
