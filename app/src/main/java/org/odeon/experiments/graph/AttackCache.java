package org.odeon.experiments.graph;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odeon.experiments.ExperimentException;
import org.odeon.graph.Graph;
import org.odeon.graph.Split;
import org.odeon.io.Npz;
import org.odeon.models.graph.attack.EdgeFlips;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Poisoning flips kept on disk. What a structure attack flips depends on the graph, the split, the
 * attack, its settings, its budgets and its random stream, never on the model later trained on the
 * result, so one Metattack (minutes a seed) serves every defence tried on that graph.
 *
 * <p>The key is the SHA-256 of a description of the attack (name, every setting, the budgets, the
 * random stream's seed and purpose, and {@link #VERSION}) and of the graph's adjacency, features,
 * labels and split; the file {@code <attack>-<first 16 hex digits>.npz} holds the full key, the
 * length of each flip list and the flipped pairs in order, and is written atomically. A file that
 * cannot be read, or whose key, lists or pairs do not match what is asked for, is an error that
 * names it (never silently recomputed: a cache that disagrees with its name is a bug to see).
 */
final class AttackCache {
    /** Bump when an attack's code changes what it flips: older files then no longer match. */
    static final String VERSION = "attacks-v1";

    private final Path folder;

    /** @param folder where the files live; null: no cache, every attack is computed */
    AttackCache(Path folder) { this.folder = folder; }

    /**
     * The {@code lists} flip lists of the attack described by {@code description} on {@code g} and
     * {@code split}: read from the cache if there, else computed by {@code compute} and stored.
     */
    Cached flips(String name, String description, Graph g, Split split, int lists, Callable<List<EdgeFlips>> compute) throws Exception {
        if (folder == null) return new Cached(check(compute.call(), lists, name), null, false);
        byte[] key = key(description, g, split);
        Path file = folder.resolve(name + "-" + HexFormat.of().formatHex(key, 0, 8) + ".npz");
        if (Files.exists(file)) return new Cached(read(file, key, g.nodes(), lists), file, true);
        List<EdgeFlips> flips = check(compute.call(), lists, name);
        write(file, key, flips);
        return new Cached(flips, file, false);
    }

    /** The flip lists, the file they were read from or written to (null without a cache), and whether they were read. */
    record Cached(List<EdgeFlips> flips, Path file, boolean reused) {}

    private static List<EdgeFlips> check(List<EdgeFlips> flips, int lists, String name) {
        if (flips.size() != lists) throw new IllegalStateException(name + " gave " + flips.size() + " flip lists, expected " + lists);
        return flips;
    }

    static byte[] key(String description, Graph g, Split split) {
        MessageDigest d;
        try { d = MessageDigest.getInstance("SHA-256"); } catch (NoSuchAlgorithmException e) { throw new IllegalStateException(e); }
        d.update((VERSION + "\n" + description + "\nclasses=" + g.classes() + "\n").getBytes(StandardCharsets.UTF_8));
        ints(d, g.adjacency().indptr());
        ints(d, g.adjacency().indices());
        doubles(d, g.adjacency().values());
        NDArray x = g.features64();
        ints(d, x.shape());
        doubles(d, x.data());
        ints(d, g.labels());
        ints(d, split.train());
        ints(d, split.validation());
        ints(d, split.test());
        return d.digest();
    }

    private static void ints(MessageDigest d, int[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length + 4).putInt(v.length);
        for (int i : v) b.putInt(i);
        d.update(b.array());
    }

    private static void doubles(MessageDigest d, double[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length + 4).putInt(v.length);
        for (double x : v) b.putDouble(x);
        d.update(b.array());
    }

    private static void write(Path file, byte[] key, List<EdgeFlips> flips) throws IOException {
        Files.createDirectories(file.getParent());
        List<Integer> all = new ArrayList<>();
        double[] lengths = new double[flips.size()];
        for (int l = 0; l < flips.size(); l++) {
            int[] p = flips.get(l).pairs();
            lengths[l] = p.length / 2;
            for (int v : p) all.add(v);
        }
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("key", bytes(key));
        m.put("lengths", NDArray.of(new int[] {lengths.length}, lengths));
        m.put("pairs", NDArray.of(new int[] {all.size() / 2, 2}, all.stream().mapToDouble(Integer::doubleValue).toArray()));
        Npz.write(file, m);
    }

    private static NDArray bytes(byte[] key) {
        double[] v = new double[key.length];
        for (int i = 0; i < key.length; i++) v[i] = key[i] & 0xff;
        return NDArray.of(new int[] {v.length}, v);
    }

    private static List<EdgeFlips> read(Path file, byte[] key, int nodes, int lists) {
        Map<String, NDArray> m;
        try {
            m = Npz.read(file);
        } catch (IOException e) {
            throw bad(file, "unreadable (" + e.getMessage() + ")");
        }
        NDArray k = m.get("key"), lengths = m.get("lengths"), pairs = m.get("pairs");
        if (k == null || lengths == null || pairs == null) throw bad(file, "lacks one of the arrays key, lengths, pairs");
        if (!java.util.Arrays.equals(k.astype(DType.F64).data(), bytes(key).data())) throw bad(file, "holds the flips of other settings or another graph (its key differs)");
        double[] len = lengths.astype(DType.F64).data(), p = pairs.astype(DType.F64).data();
        if (len.length != lists) throw bad(file, "holds " + len.length + " flip lists, expected " + lists);
        if (pairs.rank() != 2 || pairs.dim(1) != 2) throw bad(file, "pairs must be an n × 2 array");
        List<EdgeFlips> out = new ArrayList<>();
        int at = 0;
        for (double l : len) {
            if (!(l >= 0 && l == Math.rint(l) && at + 2 * l <= p.length)) throw bad(file, "list lengths do not fit its " + pairs.dim(0) + " pairs");
            int[] flat = new int[(int) (2 * l)];
            for (int i = 0; i < flat.length; i++) {
                double v = p[at + i];
                if (!(v >= 0 && v < nodes && v == Math.rint(v))) throw bad(file, "holds node index " + v + ", outside 0.." + (nodes - 1));
                flat[i] = (int) v;
            }
            at += flat.length;
            try {
                out.add(EdgeFlips.of(nodes, flat));
            } catch (IllegalArgumentException e) {
                throw bad(file, e.getMessage());
            }
        }
        if (at != p.length) throw bad(file, "list lengths do not add up to its " + pairs.dim(0) + " pairs");
        return out;
    }

    private static ExperimentException bad(Path file, String what) {
        return new ExperimentException("attack cache " + file + " " + what + "; delete it to recompute");
    }
}
