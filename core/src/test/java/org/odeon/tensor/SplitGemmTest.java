package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A large product split by rows of C over the engine's threads (what runs when native BLAS is confined to one
 * thread) gives the unsplit product's values to rounding (BLAS kernels may sum a block's edge rows in another
 * order): within {@code 2k·ε·(|A||B|)ᵢⱼ} for every transpose case, with β = 0 and β = 1, at offsets into larger
 * buffers, in both types; and the blocks tile the rows once.
 */
class SplitGemmTest {

    @Test void rowBlocksCoverEveryRowOnceAndStartWhereTheLayoutSays() {
        for (boolean ta : new boolean[] {false, true}) {
            List<int[]> blocks = java.util.Collections.synchronizedList(new ArrayList<>());
            Blas.byRows(true, ta, 1000, 64, 64, ta ? 1000 : 64, (r, rows, ra) -> blocks.add(new int[] {r, rows, ra}));
            blocks.sort(java.util.Comparator.comparingInt(b -> b[0]));
            int next = 0;
            for (int[] b : blocks) {
                assertEquals(next, b[0], "blocks are contiguous");
                assertEquals(ta ? b[0] : b[0] * 64, b[2], "offset of row " + b[0] + " of op(A)");
                next += b[1];
            }
            assertEquals(1000, next);
            assertEquals(Math.min(Parallel.THREADS, 1000), blocks.size(), "one block per thread");
        }
    }

    /** {@code (|op(A)||op(B)|)ᵢⱼ + |β·C₀ᵢⱼ|}, the scale of each element's rounding error. */
    private static double[] scale(boolean ta, boolean tb, int m, int n, int k, double[] a, int oa, double[] b, int ob, double beta, double[] c, int oc) {
        double[] s = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double t = Math.abs(beta * c[oc + i * n + j]);
                for (int p = 0; p < k; p++)
                    t += Math.abs(a[oa + (ta ? p * m + i : i * k + p)] * b[ob + (tb ? j * k + p : p * n + j)]);
                s[i * n + j] = t;
            }
        return s;
    }

    @Test void aSplitProductIsTheUnsplitOneToRounding() {
        Rng rng = new Rng(12);
        int m = 301, n = 37, k = 53, oa = 5, ob = 7, oc = 3;
        for (boolean ta : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true})
                for (double beta : new double[] {0, 1}) {
                    double[] a = rng.normal(DType.F64, 0, 1, oa + m * k).data(), b = rng.normal(DType.F64, 0, 1, ob + k * n).data();
                    double[] c0 = rng.normal(DType.F64, 0, 1, oc + m * n).data(), c1 = c0.clone();
                    double[] s = scale(ta, tb, m, n, k, a, oa, b, ob, beta, c0, oc);
                    float[] af = Store.narrow(a), bf = Store.narrow(b), f0 = Store.narrow(c0), f1 = f0.clone();
                    Blas.dgemm(false, ta, tb, m, n, k, a, oa, b, ob, beta, c0, oc);
                    Blas.dgemm(true, ta, tb, m, n, k, a, oa, b, ob, beta, c1, oc);
                    Blas.sgemm(false, ta, tb, m, n, k, af, oa, bf, ob, (float) beta, f0, oc);
                    Blas.sgemm(true, ta, tb, m, n, k, af, oa, bf, ob, (float) beta, f1, oc);
                    String what = "ta=" + ta + " tb=" + tb + " β=" + beta;
                    for (int i = 0; i < oc; i++) {
                        assertEquals(c0[i], c1[i], 0.0, "dgemm leaves the buffer before C alone, " + what);
                        assertEquals(f0[i], f1[i], 0f, "sgemm leaves the buffer before C alone, " + what);
                    }
                    for (int i = 0; i < m * n; i++) {
                        assertEquals(c0[oc + i], c1[oc + i], 2 * (k + 1) * 0x1p-52 * s[i], "dgemm " + what + " at " + i);
                        assertEquals(f0[oc + i], f1[oc + i], 2 * (k + 1) * 0x1p-23 * s[i], "sgemm " + what + " at " + i);
                    }
                }
    }
}
