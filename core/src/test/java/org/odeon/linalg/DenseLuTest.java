package org.odeon.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseLuTest {

    private static double residual(double[] a, double[] x, double[] b, int n) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += a[i * n + j] * x[j];
            worst = Math.max(worst, Math.abs(s - b[i]));
        }
        return worst;
    }

    private static void assertSolves(int n, long seed) {
        Random rnd = new Random(seed);
        double[] a = new double[n * n], b = new double[n];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
        for (int i = 0; i < n; i++) b[i] = rnd.nextGaussian();
        double[] lu = a.clone(), x = b.clone();
        DenseLu solver = new DenseLu(n);
        assertTrue(solver.factor(lu));
        solver.solve(x);
        assertTrue(residual(a, x, b, n) < 1e-10, "residual " + residual(a, x, b, n) + " for n = " + n);
    }

    @Test
    void solvesSmallSystemsInJavaAndLargeOnesThroughLapack() {
        assertSolves(7, 1);
        assertSolves(DenseLu.SMALL + 72, 2);
    }

    @Test
    void pivotsPastAZeroLeadingEntry() {
        double[] a = {0, 2, 3, 1}, x = {4, 5};
        DenseLu solver = new DenseLu(2);
        assertTrue(solver.factor(a));
        solver.solve(x);
        // 2y = 4, 3x + y = 5
        assertEquals(1, x[0], 1e-15);
        assertEquals(2, x[1], 1e-15);
    }

    @Test
    void reportsASingularMatrix() {
        assertFalse(new DenseLu(2).factor(new double[] {1, 2, 2, 4}));
    }

    @Test void theInverseTimesTheMatrixIsTheIdentity() {
        Random rnd = new Random(5);
        int n = 7;
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
        double[] copy = a.clone(), inv = DenseLu.inverse(a, n);
        assertTrue(java.util.Arrays.equals(copy, a), "the input is not modified");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
                assertEquals(i == j ? 1 : 0, s, 1e-12, "(A·A⁻¹)[" + i + "][" + j + "]");
            }
        org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, () -> DenseLu.inverse(new double[] {1, 2, 2, 4}, 2));
    }
}
