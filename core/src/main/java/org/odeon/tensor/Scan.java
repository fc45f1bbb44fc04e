package org.odeon.tensor;

import java.util.Arrays;

/**
 * Running sums along one axis as a {@link LinearMap}: {@code cumsum(x)[.., i, ..] = Σ_{j ≤ i} x[.., j, ..]}.
 * Its adjoint is the running sum from the other end, {@code Σ_{j ≥ i} y[.., j, ..]}, because
 * {@code ⟨cumsum x, y⟩ = Σ_{j ≤ i} x_j y_i = Σ_j x_j Σ_{i ≥ j} y_i}. Sums run in double and are
 * rounded once per element for float32.
 */
public final class Scan {
    private Scan() {}

    /** The running sum along {@code axis} of arrays of {@code shape}. */
    public static LinearMap cumsum(int[] shape, int axis) {
        int[] s = shape.clone();
        int a = Shape.axis(axis, s.length);
        return new LinearMap() {
            @Override public NDArray apply(NDArray x) { return run(x, s, a, false); }
            @Override public NDArray adjoint(NDArray y) { return run(y, s, a, true); }
        };
    }

    /** Running sums along axis {@code a}, from the last element backwards when {@code reverse}. */
    private static NDArray run(NDArray x, int[] shape, int a, boolean reverse) {
        if (!Arrays.equals(x.shape(), shape))
            throw new IllegalArgumentException("cumsum: array of shape " + Shape.str(x.shape()) + " given to a scan of shape " + Shape.str(shape));
        int n = shape[a], inner = Shape.size(Arrays.copyOfRange(shape, a + 1, shape.length)), outer = Shape.size(Arrays.copyOf(shape, a));
        double[] in = x.data(), out = new double[in.length];
        int first = reverse ? n - 1 : 0, step = reverse ? -inner : inner;
        Parallel.rows(outer, n * inner, (lo, hi) -> {
            for (int o = lo; o < hi; o++)
                for (int j = 0; j < inner; j++) {
                    double acc = 0;
                    for (int i = 0, p = (o * n + first) * inner + j; i < n; i++, p += step) out[p] = acc += in[p];
                }
        });
        return NDArray.owned(x.dtype(), shape.clone(), out);
    }
}
