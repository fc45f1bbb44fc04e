package org.odeon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data sets experiments may use and where they are looked for, in order: the folder named by the set's
 * environment variable, {@code DIR/<name>} for each {@code --data DIR}, then the system location. A set is
 * found where all its files are.
 */
final class DataSets {
    private DataSets() {}

    record DataSet(String name, String env, Path system, List<String> files, String hint) {}

    record Found(DataSet set, Path where, String looked) {}

    static final List<DataSet> KNOWN = List.of(
            new DataSet("fashion-mnist", "ODEON_FASHION_MNIST", Path.of("/usr/share/datasets/fashion-mnist"),
                    List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
                    "; apt-get install dataset-fashion-mnist"),
            new DataSet("mnist", "ODEON_MNIST", Path.of("/usr/share/datasets/mnist"),
                    List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), ""),
            new DataSet("cifar-10", "ODEON_CIFAR10", Path.of("/usr/share/datasets/cifar-10"),
                    List.of("data_batch_1.bin", "data_batch_5.bin", "test_batch.bin"), ""));

    static List<Found> locate(List<Path> roots, Map<String, String> env) {
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
