package org.odeon.pde;

import java.util.Arrays;

/**
 * A difference stencil on a periodic {@code n × n} grid,
 * {@code (S u)[i, j] = Σ_{a,b=−r..r} w[a, b] · u[(i + a) mod n, (j + b) mod n]},
 * with {@code u[i·n + j]} the value at {@code (x_j, y_i)} (rows are y, columns are x).
 *
 * <p>This is exactly the cross-correlation a convolution layer computes with circular padding
 * {@code r} and the {@code (2r+1) × (2r+1)} kernel {@link #weights()}, which is the bridge the pixel
 * networks ({@code org.odeon.models.pixel}) cross: a finite-difference operator <em>is</em> a
 * convolution. The operators of the method of lines live here once; the {@code systems} zoo's
 * heat, advection and Fisher–KPP fields apply them too.
 *
 * <p>Weights are stored row-major, {@code w[a + r][b + r]}.
 */
public final class Stencil {
    private final int radius;
    private final double[] weights;
    // the non-zero taps, so that apply() neither allocates nor multiplies by zero
    private final int[] tapRow, tapCol;
    private final double[] tapWeight;

    public Stencil(int radius, double[] weights) {
        if (radius < 0) throw new IllegalArgumentException("stencil radius must be ≥ 0, got " + radius);
        int k = 2 * radius + 1;
        if (weights == null || weights.length != k * k)
            throw new IllegalArgumentException("a radius-" + radius + " stencil needs " + k * k + " weights, got " + (weights == null ? "none" : weights.length));
        for (double w : weights) if (!Double.isFinite(w)) throw new IllegalArgumentException("stencil weight is not finite: " + w);
        this.radius = radius;
        this.weights = weights.clone();
        int taps = 0;
        for (double w : weights) if (w != 0) taps++;
        tapRow = new int[taps];
        tapCol = new int[taps];
        tapWeight = new double[taps];
        for (int i = 0, t = 0; i < weights.length; i++)
            if (weights[i] != 0) { tapRow[t] = i / k - radius; tapCol[t] = i % k - radius; tapWeight[t++] = weights[i]; }
    }

    public int radius() { return radius; }

    /** Second-order 5-point Laplacian {@code (u_E + u_W + u_N + u_S − 4u)/h²}. */
    public static Stencil laplacian5(double h) {
        requireSpacing(h);
        double c = 1 / (h * h);
        return of(1, 0, 0, -4 * c, 0, 1, c, 0, -1, c, 1, 0, c, -1, 0, c);
    }

    /**
     * The compact isotropic 9-point Laplacian {@code (4(u_E+u_W+u_N+u_S) + (corners) − 20u)/(6h²)}:
     * second order, with leading error {@code h²Δ²u/12}, which depends on the direction of a
     * Fourier mode only through {@code |k|} (the 5-point stencil's does not).
     */
    public static Stencil laplacian9(double h) {
        requireSpacing(h);
        double c = 1 / (6 * h * h);
        return of(1, 0, 0, -20 * c, 0, 1, 4 * c, 0, -1, 4 * c, 1, 0, 4 * c, -1, 0, 4 * c,
                1, 1, c, 1, -1, c, -1, 1, c, -1, -1, c);
    }

    /**
     * First-order upwind difference for {@code −c·∇u} (the right-hand side of {@code u_t + c·∇u = 0}):
     * along x, {@code −c_x (u_j − u_{j−1})/h} when {@code c_x ≥ 0} and {@code −c_x (u_{j+1} − u_j)/h}
     * otherwise, likewise along y. Forward Euler with it is monotone while
     * {@code Δt (|c_x| + |c_y|)/h ≤ 1}.
     */
    public static Stencil upwind(double cx, double cy, double h) {
        requireSpacing(h);
        double ax = Math.abs(cx) / h, ay = Math.abs(cy) / h;
        return of(1, 0, 0, -(ax + ay), 0, cx >= 0 ? -1 : 1, ax, cy >= 0 ? -1 : 1, 0, ay);
    }

    /** Second-order centred difference for {@code −c·∇u}: {@code −c_x (u_{j+1} − u_{j−1})/(2h) − c_y (…)}, skew-symmetric. */
    public static Stencil centred(double cx, double cy, double h) {
        requireSpacing(h);
        double ax = cx / (2 * h), ay = cy / (2 * h);
        return of(1, 0, 1, -ax, 0, -1, ax, 1, 0, -ay, -1, 0, ay);
    }

    /** Stencil of the given radius from {@code (a, b, w)} triples (row offset, column offset, weight); repeats add. */
    public static Stencil of(int radius, double... triples) {
        if (triples.length % 3 != 0) throw new IllegalArgumentException("stencil entries come as (row, column, weight) triples");
        int k = 2 * radius + 1;
        double[] w = new double[k * k];
        for (int t = 0; t < triples.length; t += 3) {
            int a = (int) triples[t], b = (int) triples[t + 1];
            if (a != triples[t] || b != triples[t + 1] || Math.abs(a) > radius || Math.abs(b) > radius)
                throw new IllegalArgumentException("stencil offset (" + triples[t] + ", " + triples[t + 1] + ") is not an integer within radius " + radius);
            w[(a + radius) * k + b + radius] += triples[t + 2];
        }
        return new Stencil(radius, w);
    }

    public int width() { return 2 * radius + 1; }

    /** {@code w[a, b]} for offsets {@code −r ≤ a, b ≤ r}. */
    public double weight(int a, int b) { return weights[(a + radius) * width() + b + radius]; }

    /** The weights as a convolution kernel, row-major {@code (2r+1) × (2r+1)} (a copy). */
    public double[] weights() { return weights.clone(); }

    /** {@code s·S}. */
    public Stencil scaled(double s) {
        double[] w = weights.clone();
        for (int i = 0; i < w.length; i++) w[i] *= s;
        return new Stencil(radius, w);
    }

    /** {@code S + T}, on the larger radius. */
    public Stencil plus(Stencil other) {
        int r = Math.max(radius, other.radius), k = 2 * r + 1;
        double[] w = new double[k * k];
        for (Stencil s : new Stencil[] {this, other})
            for (int a = -s.radius; a <= s.radius; a++)
                for (int b = -s.radius; b <= s.radius; b++) w[(a + r) * k + b + r] += s.weight(a, b);
        return new Stencil(r, w);
    }

    /** {@code Σ_{a,b} w[a,b]}: zero for a consistent difference operator (constants are in its kernel). */
    public double sum() { return Arrays.stream(weights).sum(); }

    /** {@code out = scale · S u} on a periodic {@code n × n} grid; {@code out} must not alias {@code u}. */
    public void apply(double[] u, int n, double scale, double[] out) {
        if (u.length != n * n || out.length != n * n)
            throw new IllegalArgumentException("stencil on a " + n + "×" + n + " grid needs arrays of " + n * n + ", got " + u.length + " and " + out.length);
        if (n < width()) throw new IllegalArgumentException("a " + width() + "-wide stencil needs a grid of at least " + width() + " points a side, got " + n);
        Arrays.fill(out, 0);
        for (int t = 0; t < tapWeight.length; t++) {
            double w = scale * tapWeight[t];
            int shift = Math.floorMod(tapCol[t], n), split = n - shift;
            for (int i = 0; i < n; i++) {
                int src = Math.floorMod(i + tapRow[t], n) * n, row = i * n;
                for (int j = 0; j < split; j++) out[row + j] += w * u[src + j + shift];
                for (int j = split; j < n; j++) out[row + j] += w * u[src + j + shift - n];
            }
        }
    }

    @Override public boolean equals(Object o) { return o instanceof Stencil s && s.radius == radius && Arrays.equals(s.weights, weights); }

    @Override public int hashCode() { return 31 * radius + Arrays.hashCode(weights); }

    @Override public String toString() { return "Stencil(r=" + radius + ", " + Arrays.toString(weights) + ")"; }

    private static void requireSpacing(double h) {
        if (!(h > 0) || !Double.isFinite(h)) throw new IllegalArgumentException("grid spacing must be positive and finite, got " + h);
    }
}
