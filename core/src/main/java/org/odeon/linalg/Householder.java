package org.odeon.linalg;

import org.odeon.tensor.Rng;

/**
 * Thin QR by Householder reflections, {@code A = QR} for a tall {@code m×n} matrix: reflection
 * {@code k} maps column {@code k} below the diagonal onto {@code −sign(a_kk)·‖a‖·e_k}.
 */
public final class Householder {
    private Householder() {}

    /**
     * A Haar-random {@code rows×cols} matrix (row-major) with orthonormal columns when tall or
     * orthonormal rows when wide: the Q of a Gaussian matrix, columns signed so {@code diag R > 0}.
     */
    public static double[] randomOrthogonal(int rows, int cols, Rng rng) {
        int m = Math.max(rows, cols), n = Math.min(rows, cols);
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) a[i] = rng.normal();
        double[] q = thinQ(a, m, n);
        if (rows >= cols) return q;
        double[] t = new double[rows * cols];  // the wide case is the transpose of a tall Q
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) t[j * cols + i] = q[i * n + j];
        return t;
    }

    /** The {@code m×n} factor Q of {@code a} (overwritten), with {@code diag R ≥ 0}. */
    public static double[] thinQ(double[] a, int m, int n) {
        double[][] v = new double[n][];
        double[] sign = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) norm += a[i * n + k] * a[i * n + k];
            norm = Math.sqrt(norm);
            double alpha = a[k * n + k] > 0 ? -norm : norm;  // R_kk = alpha; the sign avoids cancellation
            sign[k] = alpha < 0 ? -1 : 1;
            double[] vk = new double[m - k];
            for (int i = k; i < m; i++) vk[i - k] = a[i * n + k];
            vk[0] -= alpha;
            double vn = 0;
            for (double x : vk) vn += x * x;
            v[k] = vk;
            if (vn == 0) continue;  // column already reduced: the reflection is the identity
            vn = Math.sqrt(vn);
            for (int i = 0; i < vk.length; i++) vk[i] /= vn;
            reflect(a, m, n, k, vk);
        }
        double[] q = new double[m * n];  // Q = H_0 ⋯ H_{n−1} applied to the first n columns of I
        for (int j = 0; j < n; j++) q[j * n + j] = 1;
        for (int k = n - 1; k >= 0; k--) reflect(q, m, n, k, v[k]);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) q[i * n + j] *= sign[j];
        return q;
    }

    /** Applies {@code I − 2vvᵀ} to rows {@code k..m−1} of the row-major {@code m×n} matrix {@code x}. */
    private static void reflect(double[] x, int m, int n, int k, double[] v) {
        for (int j = 0; j < n; j++) {
            double d = 0;
            for (int i = k; i < m; i++) d += v[i - k] * x[i * n + j];
            d *= 2;
            if (d != 0) for (int i = k; i < m; i++) x[i * n + j] -= d * v[i - k];
        }
    }
}
