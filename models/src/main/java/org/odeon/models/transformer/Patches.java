package org.odeon.models.transformer;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Certified;

/**
 * Images {@code [N, C, H, W]} as tokens {@code [N, (H/p)(W/p), C·p·p]}: each {@code p×p} patch,
 * row-major, becomes one token. A permutation of the pixels, so an isometry (certificate 1).
 */
public final class Patches extends Module implements Certified {
    private final int size;

    public Patches(int size) {
        if (size <= 0) throw new IllegalArgumentException("patch size must be positive, got " + size);
        this.size = size;
    }

    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(2) % size != 0 || x.dim(3) % size != 0)
            throw new IllegalArgumentException("patches of " + size + "×" + size + " need images [N, C, H, W] with H, W multiples of " + size
                    + ", got " + java.util.Arrays.toString(x.shape()));
        int n = x.dim(0), c = x.dim(1), gh = x.dim(2) / size, gw = x.dim(3) / size;
        return x.reshape(n, c, gh, size, gw, size).permute(0, 2, 4, 1, 3, 5).reshape(n, gh * gw, c * size * size);
    }

    @Override public double lipschitzBound(double tol) { return 1; }

    @Override public String toString() { return "Patches(" + size + "×" + size + ")"; }
}
