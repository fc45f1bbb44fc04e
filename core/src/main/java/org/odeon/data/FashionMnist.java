package org.odeon.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Whether all four files are present in {@code dir}. */
    public static boolean isAvailable(Path dir) {
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"})
            if (!Files.isReadable(dir.resolve(f))) return false;
        return true;
    }

    /** The training set (60 000) and the test set (10 000). */
    public static Dataset.Split load(Path dir) throws IOException {
        return new Dataset.Split(part(dir, "train"), part(dir, "t10k"));
    }

    private static Dataset part(Path dir, String prefix) throws IOException {
        NDArray images = Idx.readImagesScaled(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        Path labelFile = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        int[] labels = Idx.readLabels(labelFile);
        if (labels.length != images.dim(0))
            throw new MalformedFileException(labelFile.toString(), labels.length + " labels for " + images.dim(0) + " images");
        // checked here, at load, so a bad record is named by file and index instead of failing a later batch
        for (int i = 0; i < labels.length; i++)
            if (labels[i] >= CLASSES.length)
                throw new MalformedFileException(labelFile.toString(), "label of record " + i + " is " + labels[i] + ", outside 0.." + (CLASSES.length - 1));
        return Dataset.ofClasses(images.reshape(images.dim(0), 1, images.dim(1), images.dim(2)), labels);
    }
}
