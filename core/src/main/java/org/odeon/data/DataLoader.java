package org.odeon.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.odeon.tensor.Rng;

/**
 * Mini-batches of a {@link Dataset}, one pass per epoch.
 *
 * <p>Epoch {@code e} draws its sample order and augmentations from its own stream
 * {@code Rng(mix(seed, e))}, so any epoch can be replayed on its own (resuming from a checkpoint
 * gives the same batches), and two loaders with the same seed give identical batches.
 */
public final class DataLoader {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle, dropLast;
    private final long seed;
    private final Augmentation augmentation;

    /**
     * @param augmentation applied to each batch's features, or null
     * @param dropLast     whether to drop a final batch smaller than {@code batchSize}
     */
    public DataLoader(Dataset data, int batchSize, boolean shuffle, boolean dropLast, long seed, Augmentation augmentation) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        if (dropLast && batchSize > data.size())
            throw new IllegalArgumentException("batch size " + batchSize + " with dropLast leaves no batch of " + data.size() + " samples");
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.augmentation = augmentation;
    }

    /** Shuffled, keeping the last partial batch, no augmentation. */
    public DataLoader(Dataset data, int batchSize, long seed) { this(data, batchSize, true, false, seed, null); }

    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public Dataset dataset() { return data; }

    /** The batches of epoch {@code e} (from 0). */
    public Iterable<Batch> epoch(long e) {
        return () -> {
            Rng rng = new Rng(mix(seed, e));
            int n = data.size();
            int[] order = shuffle ? rng.permutation(n) : identity(n);
            Rng augRng = rng.fork();
            int batches = batchesPerEpoch();
            return new Iterator<>() {
                private int b;

                @Override public boolean hasNext() { return b < batches; }

                @Override public Batch next() {
                    if (!hasNext()) throw new NoSuchElementException("epoch " + e + " has " + batches + " batches");
                    int from = b++ * batchSize;
                    Batch batch = data.batch(order, from, Math.min(n, from + batchSize));
                    return augmentation == null ? batch : new Batch(augmentation.apply(batch.features(), augRng), batch.labels());
                }
            };
        };
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    /** SplitMix64's finaliser of {@code seed + (e+1)·φ}: well-separated stream seeds per epoch. */
    static long mix(long seed, long e) {
        long z = seed + (e + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
