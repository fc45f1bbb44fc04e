package org.odeon.data;

import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.odeon.tensor.Shape;

/**
 * A random transformation of a batch of images {@code [N, C, H, W]}, drawn per sample from the
 * given stream (so a seeded loader augments reproducibly).
 */
@FunctionalInterface
public interface Augmentation {
    NDArray apply(NDArray images, Rng rng);

    /** This, then {@code next}. */
    default Augmentation then(Augmentation next) { return (x, r) -> next.apply(apply(x, r), r); }

    /**
     * Pads each image with {@code p} zeros on every side and crops an {@code H×W} window at a
     * uniformly random offset: a random shift by {@code (dy, dx) ∈ [−p, p]²} with zero fill.
     */
    static Augmentation randomCrop(int p) {
        if (p < 0) throw new IllegalArgumentException("crop padding must be >= 0, got " + p);
        return (x, rng) -> {
            int[] s = requireImages(x);
            int n = s[0], c = s[1], h = s[2], w = s[3];
            double[] in = x.data(), out = new double[in.length];
            for (int i = 0; i < n; i++) {
                int dy = rng.nextInt(2 * p + 1) - p, dx = rng.nextInt(2 * p + 1) - p;
                int y0 = Math.max(0, -dy), y1 = Math.min(h, h - dy), x0 = Math.max(0, -dx), x1 = Math.min(w, w - dx);
                for (int ch = 0; ch < c; ch++) {
                    int base = (i * c + ch) * h * w;
                    for (int y = y0; y < y1; y++)  // out[y, x] = in[y + dy, x + dx] where that is inside
                        System.arraycopy(in, base + (y + dy) * w + x0 + dx, out, base + y * w + x0, Math.max(0, x1 - x0));
                }
            }
            return NDArray.of(x.dtype(), s, out);
        };
    }

    /** Mirrors each image left–right with probability {@code prob}. */
    static Augmentation horizontalFlip(double prob) {
        if (!(prob >= 0 && prob <= 1)) throw new IllegalArgumentException("flip probability must be in [0, 1], got " + prob);
        return (x, rng) -> {
            int[] s = requireImages(x);
            int n = s[0], rows = s[1] * s[2], w = s[3], img = rows * w;
            double[] in = x.data(), out = in.clone();
            for (int i = 0; i < n; i++) {
                if (rng.uniform() >= prob) continue;
                for (int r = 0; r < rows; r++) {
                    int o = i * img + r * w;
                    for (int col = 0; col < w; col++) out[o + col] = in[o + w - 1 - col];
                }
            }
            return NDArray.of(x.dtype(), s, out);
        };
    }

    private static int[] requireImages(NDArray x) {
        if (x.rank() != 4) throw new IllegalArgumentException("augmentation expects images [N, C, H, W], got " + Shape.str(x.shape()));
        return x.shape();
    }
}
