package org.odeon.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.nn.Init;
import org.odeon.tensor.Blas;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class OperatorNormTest {
    /** {@code U·diag(s)·Vᵀ} with Haar-random orthogonal U, V. */
    static NDArray withSingularValues(int m, int n, double[] s, Rng rng) {
        NDArray u = Init.orthogonal(1).draw(DType.F64, new int[] {m, m}, rng), v = Init.orthogonal(1).draw(DType.F64, new int[] {n, n}, rng);
        double[] d = new double[m * n];
        for (int i = 0; i < s.length; i++) d[i * n + i] = s[i];
        return Blas.matmul(Blas.matmul(u, false, NDArray.of(new int[] {m, n}, d), false), false, v, true);
    }

    @Test void gramBoundIsAboveTheNormAndWithinAFractionOfAPercent() {
        Rng rng = new Rng(1);
        for (int[] mn : new int[][] {{7, 7}, {20, 5}, {3, 30}}) {
            int k = Math.min(mn[0], mn[1]);
            double[] s = new double[k];
            for (int i = 0; i < k; i++) s[i] = 3.0 * (1 - i / (double) k);   // top value 3, a spread below it
            s[1] = 2.9999;                                                     // nearly repeated top value
            double b = OperatorNorm.matrixBound(withSingularValues(mn[0], mn[1], s, rng));
            assertTrue(b >= 3 * (1 - 1e-12), "bound " + b + " below the norm 3");
            assertTrue(b <= 3 * 1.003, "bound " + b + " loose by more than 0.3 %");
        }
    }

    @Test void gramBoundOfZeroIsZeroAndScalesLinearly() {
        assertEquals(0, OperatorNorm.matrixBound(NDArray.zeros(DType.F64, 3, 4)));
        NDArray a = new Rng(2).normal(DType.F64, 0, 1, 5, 4);
        assertEquals(1e6 * OperatorNorm.matrixBound(a), OperatorNorm.matrixBound(a.mul(1e6)), 1e-6 * OperatorNorm.matrixBound(a.mul(1e6)));
    }

    @Test void powerIterationConvergesToTheTopSingularValueAndInflatesByTheTolerance() {
        Rng rng = new Rng(3);
        NDArray a = withSingularValues(8, 6, new double[] {2, 1, 0.5, 0.5, 0.1, 0}, rng);
        var e = OperatorNorm.power(v -> Blas.matmul(v, false, a, true), v -> v.matmul(a), OperatorNorm.randomStart(new int[] {1, 6}, 4), 1e-8, 1000);
        assertTrue(e.converged());
        assertEquals(2, e.estimate(), 1e-6);
        assertTrue(e.bound() >= 2 && e.bound() <= 2 * Math.sqrt(1 + 1e-8) + 1e-9);
    }

    @Test void powerBoundRefusesAnUnconvergedIteration() {
        NDArray a = withSingularValues(6, 6, new double[] {1, 0.999999, 0.5, 0.2, 0.1, 0}, new Rng(5));
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> OperatorNorm.powerBound(v -> Blas.matmul(v, false, a, true), v -> v.matmul(a), OperatorNorm.randomStart(new int[] {1, 6}, 1), 1e-12, 3));
        assertTrue(ex.getMessage().contains("did not reach"));
    }
}
