package org.odeon.pde;

import org.odeon.tensor.Rng;

/** Smooth periodic fields on the unit square, sampled at {@code (x_j, y_i) = (j/n, i/n)}, {@code u[i·n + j]}. */
public final class InitialData {
    private InitialData() {}

    /**
     * {@code a·sin(2π k (x − s_x))·cos(2π l (y − s_y)) + offset}: the fields the pixel paper trains
     * on, each seeded draw taking integer wave numbers {@code k, l} uniformly in
     * {@code [kMin, kMax]} and shifts {@code s_x, s_y} uniformly in {@code [0, 1)}.
     */
    public static double[] randomSinCos(int n, int kMin, int kMax, double amplitude, double offset, Rng rng) {
        if (kMin < 0 || kMax < kMin) throw new IllegalArgumentException("wave numbers need 0 ≤ kMin ≤ kMax, got " + kMin + ".." + kMax);
        if (2 * kMax >= n) throw new IllegalArgumentException("wave number " + kMax + " is not resolved on " + n + " points (needs n > " + 2 * kMax + ")");
        int k = kMin + rng.nextInt(kMax - kMin + 1), l = kMin + rng.nextInt(kMax - kMin + 1);
        return sinCos(n, k, l, rng.uniform(), rng.uniform(), amplitude, offset);
    }

    /**
     * {@code (a/√m) Σ_{q=1..m} sin(2π k_q (x − s_{x,q}))·cos(2π l_q (y − s_{y,q})) + offset}: a sum of
     * {@code m} independent draws of {@link #randomSinCos} (m = 1 is that family), so that the data
     * show a network more than a few wave numbers at once.
     */
    public static double[] randomSinCosSum(int n, int kMin, int kMax, int terms, double amplitude, double offset, Rng rng) {
        if (terms < 1) throw new IllegalArgumentException("a sum of sin·cos fields needs ≥ 1 term, got " + terms);
        double[] u = randomSinCos(n, kMin, kMax, amplitude / Math.sqrt(terms), offset, rng);
        for (int q = 1; q < terms; q++) {
            double[] v = randomSinCos(n, kMin, kMax, amplitude / Math.sqrt(terms), 0, rng);
            for (int i = 0; i < u.length; i++) u[i] += v[i];
        }
        return u;
    }

    /** {@code a·sin(2π k (x − s_x))·cos(2π l (y − s_y)) + offset}. */
    public static double[] sinCos(int n, int k, int l, double sx, double sy, double amplitude, double offset) {
        if (n < 1) throw new IllegalArgumentException("grid needs n ≥ 1, got " + n);
        double[] u = new double[n * n];
        double[] cy = new double[n], sxv = new double[n];
        for (int i = 0; i < n; i++) {
            cy[i] = Math.cos(2 * Math.PI * l * (i / (double) n - sy));
            sxv[i] = Math.sin(2 * Math.PI * k * (i / (double) n - sx));
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) u[i * n + j] = amplitude * sxv[j] * cy[i] + offset;
        return u;
    }
}
