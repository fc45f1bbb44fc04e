package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The one-pass max pooling kernel: its value is its selection applied, and the selection is each window's first maximum. */
class MaxPoolKernelTest {

    /** Each window's first maximum in reading order, by a plain scan with {@code >}. */
    private static int firstMaximum(double[] x, int plane, int w, int corner, int k) {
        int best = corner;
        for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
                if (x[plane + corner + ky * w + kx] > x[plane + best]) best = corner + ky * w + kx;
        return plane + best;
    }

    @Test
    void valuesAreTheSelectionAppliedAndTheSelectionIsTheFirstMaximumOnRelusTies() {
        int n = 3, c = 5, h = 9, w = 10;
        for (DType t : DType.values())
            for (int[] ks : new int[][] {{2, 2}, {2, 1}, {3, 3}, {3, 2}}) {
                int k = ks[0], stride = ks[1];
                // relu'd normals rounded to a coarse grid: half the values tie at 0, others tie among themselves
                NDArray x = new Rng(7).normal(t, 0, 1, n, c, h, w).map(v -> Math.max(0, Math.round(4 * v) / 4.0));
                Selection.Pooled p = Selection.maxPooled(x, k, stride);
                assertEquals(t, p.value().dtype());
                assertArrayEquals(p.map().apply(x).toArray(), p.value().toArray(), 0, "value = selection applied");
                double[] xs = x.toArray();
                int ho = Windows.outSize(h, k, stride, 0), wo = Windows.outSize(w, k, stride, 0);
                NDArray ones = NDArray.full(t, 1, n, c, ho, wo);
                double[] routed = p.map().adjoint(ones).toArray(), expected = new double[xs.length];
                for (int q = 0; q < n * c; q++)
                    for (int oy = 0; oy < ho; oy++)
                        for (int ox = 0; ox < wo; ox++) expected[firstMaximum(xs, q * h * w, w, oy * stride * w + ox * stride, k)] += 1;
                assertArrayEquals(expected, routed, 0, t + " k=" + k + " stride=" + stride + ": each window routes to its first maximum");
            }
    }
}
