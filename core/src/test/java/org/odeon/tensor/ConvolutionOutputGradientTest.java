package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The fused output pass of a convolution's backward (relu mask and bias gradient), and max pooling's winners. */
class ConvolutionOutputGradientTest {

    /** ḡ = g where y > 0 (0 at y = 0, y < 0 and NaN), and the bias gradient is Σ over batch and positions of ḡ. */
    @Test
    void masksWhereTheOutputIsNotPositiveAndSumsPerChannel() {
        for (DType t : DType.values()) {
            NDArray g = new Rng(1).normal(t, 0, 1, 3, 4, 5, 6), y = new Rng(2).normal(t, 0, 1, 3, 4, 5, 6);
            double[] yv = y.toArray();
            yv[0] = 0;
            yv[7] = Double.NaN;
            y = NDArray.of(t, y.shape(), yv);
            NDArray[] pass = Convolution.outputGradient(g, y);
            double[] gv = g.toArray(), m = pass[0].toArray(), sums = new double[4];
            for (int i = 0; i < gv.length; i++) {
                double want = yv[i] > 0 ? gv[i] : 0;
                assertEquals(want, m[i], 0, t + " element " + i);
                sums[(i / 30) % 4] += want;
            }
            assertEquals(t, pass[0].dtype());
            assertArrayEquals(sums, pass[1].toArray(), t == DType.F32 ? 1e-5 : 1e-12);
        }
    }

    /** Without a relu the gradient passes unchanged (the same array) and only the sums are computed. */
    @Test
    void withoutReluTheGradientIsUnchanged() {
        NDArray g = new Rng(3).normal(DType.F32, 0, 1, 2, 3, 4, 4);
        NDArray[] pass = Convolution.outputGradient(g, null);
        assertSame(g, pass[0]);
        assertArrayEquals(g.sum(false, 0, 2, 3).toArray(), pass[1].toArray(), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> Convolution.outputGradient(g, NDArray.zeros(DType.F32, 2, 3, 4, 5)));
    }

    /** Each window's first maximum wins, in both element types; a NaN never beats a number after it. */
    @Test
    void maxPoolPicksEachWindowsFirstMaximum() {
        double[] x = {1, 3, 0, 2,
                      3, 2, 5, 5,
                      Double.NaN, 0, -1, -2,
                      4, 9, -3, -1};
        for (DType t : DType.values()) {
            IndexMap pool = Selection.maxPool(NDArray.of(t, new int[] {1, 1, 4, 4}, x.clone()), 2, 2);
            assertArrayEquals(new double[] {3, 5, Double.NaN, -1}, pool.apply(NDArray.of(t, new int[] {1, 1, 4, 4}, x.clone())).toArray(), 0);
            double[] routed = pool.adjoint(NDArray.of(t, new int[] {1, 1, 2, 2}, new double[] {1, 1, 1, 1})).toArray();
            assertEquals(1, routed[1]);    // first 3 of the window {1, 3, 3, 2}
            assertEquals(0, routed[4]);
            assertEquals(1, routed[6]);    // first 5 of {0, 2, 5, 5}
            assertEquals(1, routed[8]);    // the NaN corner is never beaten
            assertEquals(1, routed[10]);   // first −1 of {−1, −2, −3, −1}
            assertEquals(0, routed[15]);
        }
    }
}
