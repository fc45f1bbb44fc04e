package org.odeon.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data sets experiments may use and where they are looked for, in order: the folder named by the set's
 * environment variable, {@code DIR/<name>} for each root given (e.g. {@code odeon info --data DIR}), then the
 * system location. A set is found where all its files are. Every command locates data here, so what
 * {@code odeon info} shows is what {@code odeon run} reads.
 */
public final class DataSets {
    private DataSets() {}

    public record DataSet(String name, String env, Path system, List<String> files, String hint) {}

    /** @param where the folder holding all files of the set, or null */
    public record Found(DataSet set, Path where, String looked) {}

    public static final List<DataSet> KNOWN = List.of(
            new DataSet("fashion-mnist", "ODEON_FASHION_MNIST", Path.of("/usr/share/datasets/fashion-mnist"),
                    List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
                    "; apt-get install dataset-fashion-mnist"),
            new DataSet("mnist", "ODEON_MNIST", Path.of("/usr/share/datasets/mnist"),
                    List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), ""),
            new DataSet("cifar-10", "ODEON_CIFAR10", Path.of("/usr/share/datasets/cifar-10"),
                    List.of("data_batch_1.bin", "data_batch_5.bin", "test_batch.bin"), ""),
            new DataSet("skimage", "ODEON_SKIMAGE", Path.of("/usr/lib/python3/dist-packages/skimage/data"),
                    List.of("camera.png", "astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "moon.png", "coins.png"),
                    "; apt-get install python3-skimage (photographs for denoising)"));

    /**
     * The folder of data set {@code name} as found through the environment and the system location.
     *
     * @throws IllegalArgumentException naming where it looked and how to install or point at it
     */
    public static Path require(String name) {
        for (Found f : locate(List.of(), System.getenv()))
            if (f.set().name().equals(name)) {
                if (f.where() != null) return f.where();
                throw new IllegalArgumentException("data set " + name + " not found (looked in " + f.looked() + "); set $" + f.set().env()
                        + " to its folder" + f.set().hint());
            }
        throw new IllegalArgumentException("unknown data set '" + name + "'; known: "
                + String.join(", ", KNOWN.stream().map(DataSet::name).toList()));
    }

    public static List<Found> locate(List<Path> roots, Map<String, String> env) {
        var out = new ArrayList<Found>();
        for (DataSet s : KNOWN) {
            var candidates = new ArrayList<Path>();
            if (env.get(s.env()) != null) candidates.add(Path.of(env.get(s.env())));
            for (Path r : roots) candidates.add(r.resolve(s.name()));
            candidates.add(s.system());
            Path where = candidates.stream().filter(c -> s.files().stream().allMatch(f -> Files.isRegularFile(c.resolve(f)))).findFirst().orElse(null);
            out.add(new Found(s, where, String.join(", ", candidates.stream().map(Path::toString).toList())));
        }
        return out;
    }
}
