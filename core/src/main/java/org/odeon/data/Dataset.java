package org.odeon.data;

import java.util.Arrays;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.odeon.tensor.Shape;

/**
 * {@code N} samples: features {@code [N, ...]} and labels {@code [N, ...]} (class indices
 * {@code [N]} for classification, targets for regression), row {@code i} of one belonging to row
 * {@code i} of the other.
 */
public record Dataset(NDArray features, NDArray labels) {
    public Dataset {
        if (features.rank() < 1 || labels.rank() < 1 || features.dim(0) != labels.dim(0))
            throw new IllegalArgumentException("dataset needs features [N, ...] and labels [N, ...] with the same N, got "
                    + Shape.str(features.shape()) + " and " + Shape.str(labels.shape()));
        requireFinite(features, "features");
        requireFinite(labels, "labels");
    }

    /** NaN or infinity in data would surface much later as a NaN loss; name the row now. */
    private static void requireFinite(NDArray a, String what) {
        double[] d = a.data();
        int row = Math.max(1, d.length / Math.max(1, a.dim(0)));
        for (int i = 0; i < d.length; i++)
            if (!Double.isFinite(d[i]))
                throw new IllegalArgumentException("dataset " + what + " contain " + d[i] + " in row " + i / row
                        + " (element " + i % row + "); clean the data before training");
    }

    /** A classification set with integer labels. */
    public static Dataset ofClasses(NDArray features, int[] labels) {
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) y[i] = labels[i];
        return new Dataset(features, NDArray.of(new int[] {labels.length}, y));
    }

    public int size() { return features.dim(0); }

    /** The samples {@code rows} (in that order) as a new set. */
    public Dataset subset(int... rows) { return new Dataset(gather(features, rows, 0, rows.length), gather(labels, rows, 0, rows.length)); }

    /** Samples {@code rows[from..to)} as one batch. */
    Batch batch(int[] rows, int from, int to) { return new Batch(gather(features, rows, from, to), gather(labels, rows, from, to)); }

    /** The samples {@code rows} (in that order) as one batch. */
    public Batch batch(int... rows) { return batch(rows, 0, rows.length); }

    /**
     * A minibatch of {@code size} distinct samples drawn uniformly without replacement (every sample, in a
     * random order, when {@code size ≥ N}): the usual stochastic-gradient batch.
     */
    public Batch sample(Rng rng, int size) { return batch(distinctRows(rng, size(), size)); }

    /** A minibatch of {@code size} samples each drawn uniformly and independently (with replacement): a bootstrap batch. */
    public Batch sampleWithReplacement(Rng rng, int size) {
        if (size <= 0) throw new IllegalArgumentException("batch size must be > 0, got " + size);
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) rows[i] = rng.nextInt(size());
        return batch(rows);
    }

    /**
     * {@code size} distinct indices in {@code [0, n)}, uniformly (rejection sampling: one {@code nextInt(n)} per
     * draw, repeated on a collision), or a random permutation of all of them when {@code size ≥ n}.
     */
    public static int[] distinctRows(Rng rng, int n, int size) {
        if (size <= 0) throw new IllegalArgumentException("batch size must be > 0, got " + size);
        if (size >= n) return rng.permutation(n);
        int[] rows = new int[size];
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < size; i++) {
            int k;
            do { k = rng.nextInt(n); } while (!seen.add(k));
            rows[i] = k;
        }
        return rows;
    }

    /**
     * The samples in order, in consecutive batches of {@code size} (the last one smaller): how a model is
     * evaluated on a set too large for one forward pass.
     */
    public Iterable<Batch> chunks(int size) {
        if (size <= 0) throw new IllegalArgumentException("chunk size must be > 0, got " + size);
        return new DataLoader(this, size, false, false, 0, null).epoch(0);
    }

    /** A seeded random split into a training part and a held-out part of {@code round(fraction·N)} samples. */
    public Split split(double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1))
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + heldOutFraction);
        int n = size(), held = (int) Math.round(heldOutFraction * n);
        if (held == 0 || held == n)
            throw new IllegalArgumentException("splitting " + n + " samples with fraction " + heldOutFraction + " leaves one side empty");
        int[] p = new Rng(seed).permutation(n);
        return new Split(subset(Arrays.copyOfRange(p, held, n)), subset(Arrays.copyOf(p, held)));
    }

    /** A training set and a held-out set. */
    public record Split(Dataset train, Dataset test) {}

    private static NDArray gather(NDArray a, int[] rows, int from, int to) {
        int[] s = a.shape();
        int row = Shape.size(s) / s[0];
        double[] src = a.data(), out = new double[(to - from) * row];
        for (int i = from; i < to; i++) {
            int r = rows[i];
            if (r < 0 || r >= s[0]) throw new IndexOutOfBoundsException("sample " + r + " out of range for a dataset of " + s[0]);
            System.arraycopy(src, r * row, out, (i - from) * row, row);
        }
        s[0] = to - from;
        return NDArray.of(a.dtype(), s, out);
    }
}
