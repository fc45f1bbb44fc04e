package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsrMatrixTest {
    /** Row i has i mod 10 nonzeros: empty rows, rows shorter than the four-nonzero pass, and both paths of longer ones. */
    @Test void sparseTimesDenseEqualsTheDenseProductForEveryRowLength() {
        Rng rng = new Rng(3);
        int n = 40, m = 30, f = 7, nnz = 0;
        for (int i = 0; i < n; i++) nnz += i % 10;
        int[] r = new int[nnz], c = new int[nnz];
        double[] v = new double[nnz];
        for (int i = 0, e = 0; i < n; i++) {
            int[] cols = rng.permutation(m);
            for (int k = 0; k < i % 10; k++, e++) { r[e] = i; c[e] = cols[k]; v[e] = rng.normal(); }
        }
        CsrMatrix a = CsrMatrix.fromCoordinates(n, m, r, c, v);
        NDArray x = rng.normal(DType.F64, 0, 1, m, f), dense = a.toDense();
        NDArray got = a.multiply(x);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < f; j++) {
                double want = 0;
                for (int k = 0; k < m; k++) want += dense.data()[i * m + k] * x.data()[k * f + j];
                assertEquals(want, got.data()[i * f + j], 1e-12, "row " + i + " (" + i % 10 + " nonzeros), column " + j);
            }
    }
}
