package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Products below the native-call threshold: every transpose case, with offsets and β, equal the defining sum. */
class SmallGemmTest {
    /** {@code C = op(A)·op(B) + β·C} by its definition, summing over p in order. */
    private static double[] reference(boolean ta, boolean tb, int m, int n, int k, double[] a, int oa, double[] b, int ob, double beta, double[] c, int oc) {
        double[] out = c.clone();
        int lda = ta ? m : k, ldb = tb ? k : n;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (ta ? a[oa + p * lda + i] : a[oa + i * lda + p]) * (tb ? b[ob + j * ldb + p] : b[ob + p * ldb + j]);
                out[oc + i * n + j] = beta == 0 ? s : s + beta * c[oc + i * n + j];
            }
        return out;
    }

    @Test void everyTransposeCaseEqualsTheDefiningSumBitForBit() {
        Rng rng = new Rng(5);
        int oa = 2, ob = 3, oc = 4;
        // rows in blocks of four and a remainder, and attention's per-head 16×16×16
        for (int[] mnk : new int[][] {{5, 7, 3}, {9, 2, 16}, {16, 16, 16}, {3, 16, 1}}) {
        int m = mnk[0], n = mnk[1], k = mnk[2];
        for (boolean ta : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true})
                for (double beta : new double[] {0, 0.5}) {
                    double[] a = rng.normal(DType.F64, 0, 1, oa + m * k).data(), b = rng.normal(DType.F64, 0, 1, ob + k * n).data();
                    double[] c = rng.normal(DType.F64, 0, 1, oc + m * n + 2).data();
                    double[] want = reference(ta, tb, m, n, k, a, oa, b, ob, beta, c, oc);
                    Blas.dgemm(ta, tb, m, n, k, a, oa, b, ob, beta, c, oc);
                    for (int i = 0; i < c.length; i++)
                        assertEquals(want[i], c[i], 0.0, m + "×" + n + "×" + k + " ta=" + ta + " tb=" + tb + " β=" + beta + " at " + i + " (entries outside C stay)");
                }
        }
    }
}
