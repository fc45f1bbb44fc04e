package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Broadcast binaries take tight loops when a row meets its kept-dimension statistic ({@code [B, T, D]} with
 * {@code [B, T, 1]}) or a contiguous row ({@code [B, 1, D]}); every case stays, bit for bit, the element-wise
 * definition {@code out[idx] = a[idx_a] op b[idx_b]}.
 */
class BroadcastKernelTest {
    private static final int[] OPS = {Elementwise.ADD, Elementwise.SUB, Elementwise.MUL, Elementwise.DIV, Elementwise.POW,
            Elementwise.MAX, Elementwise.MIN, Elementwise.GT, Elementwise.EQ, Elementwise.KEEP, Elementwise.TANH_GRAD, Elementwise.GELU_GRAD};

    /** The index into an operand of shape {@code s} (aligned right, size-1 axes broadcast) of output index {@code out}. */
    private static int at(int[] s, int[] shape, int flat) {
        int r = shape.length, off = 0, stride = 1;
        for (int d = r - 1; d >= 0; d--) {
            int i = flat % shape[d];
            flat /= shape[d];
            int sd = d - (r - s.length);
            if (sd >= 0) {
                if (s[sd] != 1) off += i * stride;
                stride *= s[sd];
            }
        }
        return off;
    }

    @Test void everyOpOnEveryBroadcastPatternIsTheElementwiseDefinition() {
        Rng rng = new Rng(9);
        int[][][] pairs = {{{3, 4, 5}, {3, 4, 1}}, {{3, 4, 5}, {3, 1, 5}}, {{3, 4, 1}, {3, 4, 5}}, {{3, 1, 5}, {3, 4, 1}}, {{4, 5}, {2, 3, 4, 1}}};
        for (int[][] pair : pairs) {
            NDArray a = rng.normal(DType.F64, 0, 1, pair[0]), b = rng.normal(DType.F64, 0.5, 1, pair[1]);
            double[] x = a.data(), y = b.data();
            for (int op : OPS) {
                NDArray o = Elementwise.binary(a, b, op);
                double[] got = o.data();
                for (int f = 0; f < got.length; f++) {
                    double want = Elementwise.apply(x[at(pair[0], o.shape(), f)], y[at(pair[1], o.shape(), f)], op);
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got[f]),
                            java.util.Arrays.toString(pair[0]) + " op" + op + " " + java.util.Arrays.toString(pair[1]) + " at " + f);
                }
            }
        }
    }
}
