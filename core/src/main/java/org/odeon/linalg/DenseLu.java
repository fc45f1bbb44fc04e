package org.odeon.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * LU factorisation with partial pivoting, {@code PA = LU}, of a dense row-major n×n matrix,
 * overwritten in place, then solves {@code Ax = b}. Large matrices go to LAPACK
 * ({@code dgetrf/dgetrs} on the transpose, which is the row-major matrix seen column-major);
 * small ones stay in a Java loop, because crossing into native code (and waking a threaded
 * BLAS) costs more than the arithmetic of e.g. a 9×9 or 51×51 solve. The one LU of the project:
 * Newton solves of the implicit integrators, the mass matrix of the pendulum chain, and
 * {@link #inverse} (the Cayley map of orthogonal layers).
 */
public final class DenseLu {
    /** Up to this order the Java loop is used. */
    static final int SMALL = 128;

    /** Loaded on first large solve only, so small solves never touch native code. */
    private static final class Native {
        static final LAPACK LAPACK_ = LAPACK.getInstance();
    }

    private final int n;
    private final int[] pivots;
    private double[] lu;

    public DenseLu(int n) {
        if (n < 1) throw new IllegalArgumentException("matrix order must be positive, got " + n);
        this.n = n;
        this.pivots = new int[n];
    }

    /** Factorises {@code a} (row-major, length n², overwritten); false if it is singular. */
    public boolean factor(double[] a) {
        if (a.length < n * n) throw new IllegalArgumentException("matrix needs " + n * n + " entries, got " + a.length);
        lu = a;
        if (n > SMALL) {
            intW info = new intW(0);
            Native.LAPACK_.dgetrf(n, n, a, n, pivots, info);
            return info.val == 0;
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            double max = Math.abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(a[i * n + k]);
                if (v > max) { max = v; p = i; }
            }
            pivots[k] = p;
            if (max == 0) return false;
            if (p != k)
                for (int j = 0; j < n; j++) {
                    double tmp = a[k * n + j]; a[k * n + j] = a[p * n + j]; a[p * n + j] = tmp;
                }
            double inv = 1 / a[k * n + k];
            for (int i = k + 1; i < n; i++) {
                double l = a[i * n + k] * inv;
                a[i * n + k] = l;
                if (l != 0) for (int j = k + 1; j < n; j++) a[i * n + j] -= l * a[k * n + j];
            }
        }
        return true;
    }

    /**
     * {@code A⁻¹} of a row-major {@code n×n} matrix ({@code a} is not modified), column by column
     * from one factorisation.
     *
     * @throws ArithmeticException if {@code A} is singular
     */
    public static double[] inverse(double[] a, int n) {
        DenseLu lu = new DenseLu(n);
        if (!lu.factor(a.clone())) throw new ArithmeticException("matrix is singular (a zero pivot in LU)");
        double[] inv = new double[n * n], col = new double[n];
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(col, 0);
            col[j] = 1;
            lu.solve(col);
            for (int i = 0; i < n; i++) inv[i * n + j] = col[i];
        }
        return inv;
    }

    /** Overwrites {@code b} with the solution of {@code Ax = b} for the last factorised A. */
    public void solve(double[] b) {
        if (lu == null) throw new IllegalStateException("solve called before factor");
        if (n > SMALL) {
            Native.LAPACK_.dgetrs("T", n, 1, lu, n, pivots, b, n, new intW(0));
            return;
        }
        // Whole rows were swapped during factorisation, so L belongs to PA: permute b first.
        for (int k = 0; k < n; k++) {
            int p = pivots[k];
            if (p != k) { double tmp = b[k]; b[k] = b[p]; b[p] = tmp; }
        }
        for (int i = 1; i < n; i++) {
            double s = b[i];
            for (int j = 0; j < i; j++) s -= lu[i * n + j] * b[j];
            b[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) s -= lu[i * n + j] * b[j];
            b[i] = s / lu[i * n + i];
        }
    }
}
