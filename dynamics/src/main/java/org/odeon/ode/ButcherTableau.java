package org.odeon.ode;

import java.util.Arrays;

/**
 * The coefficients {@code (A, b, c)} of an explicit Runge–Kutta method,
 * <pre>  k_i = f(t + c_i h, y + h Σ_{j<i} a_ij k_j),   y_{n+1} = y_n + h Σ_i b_i k_i,</pre>
 * optionally with embedded weights {@code b̂} (error estimate {@code h Σ (b_i − b̂_i) k_i})
 * and the coefficients {@code d} of a continuous extension (dense output).
 *
 * <p>This is the single definition of each method: the fast {@link ExplicitRungeKutta}, the
 * adaptive {@link DormandPrince54} and the differentiable tensor form all read it.
 *
 * @param a lower-triangular stage matrix, {@code a[i].length == i}
 */
public record ButcherTableau(String name, int order, double[][] a, double[] b, double[] c,
                            double[] bHat, double[] dense) {

    public ButcherTableau {
        int s = b.length;
        if (c.length != s || a.length != s)
            throw new IllegalArgumentException(name + ": A, b, c must have " + s + " stages, got A " + a.length + ", c " + c.length);
        for (int i = 0; i < s; i++) {
            if (a[i].length != i)
                throw new IllegalArgumentException(name + ": row " + i + " of A must have " + i + " entries (explicit), got " + a[i].length);
            double row = 0;
            for (double v : a[i]) row += v;
            // Row-sum condition c_i = Σ_j a_ij, needed for order ≥ 2 on non-autonomous problems.
            if (Math.abs(row - c[i]) > 1e-14)
                throw new IllegalArgumentException(name + ": c[" + i + "] = " + c[i] + " but row " + i + " of A sums to " + row);
        }
        if (Math.abs(Arrays.stream(b).sum() - 1) > 1e-14)
            throw new IllegalArgumentException(name + ": weights b must sum to 1");
        if (bHat != null && bHat.length != s)
            throw new IllegalArgumentException(name + ": embedded weights need " + s + " entries, got " + bHat.length);
        if (dense != null && dense.length != s)
            throw new IllegalArgumentException(name + ": dense-output coefficients need " + s + " entries, got " + dense.length);
    }

    public int stages() { return b.length; }

    /** Explicit Euler: {@code y_{n+1} = y_n + h f(t_n, y_n)}. */
    public static final ButcherTableau EULER = new ButcherTableau("Euler", 1,
            new double[][] {{}}, new double[] {1}, new double[] {0}, null, null);

    /** Heun's method (explicit trapezoidal rule), order 2. */
    public static final ButcherTableau HEUN = new ButcherTableau("Heun", 2,
            new double[][] {{}, {1}}, new double[] {0.5, 0.5}, new double[] {0, 1}, null, null);

    /** The classical Runge–Kutta method of order 4. */
    public static final ButcherTableau RK4 = new ButcherTableau("RK4", 4,
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1 / 6.0, 1 / 3.0, 1 / 3.0, 1 / 6.0}, new double[] {0, 0.5, 0.5, 1}, null, null);

    /**
     * Dormand–Prince 5(4): order-5 weights {@code b} (equal to the last row of {@code A}, so the
     * last stage is the first stage of the next step, FSAL), order-4 embedded weights, and
     * Shampine's order-4 continuous extension.
     */
    public static final ButcherTableau DOPRI5 = new ButcherTableau("DOPRI5", 5,
            new double[][] {
                    {},
                    {1 / 5.0},
                    {3 / 40.0, 9 / 40.0},
                    {44 / 45.0, -56 / 15.0, 32 / 9.0},
                    {19372 / 6561.0, -25360 / 2187.0, 64448 / 6561.0, -212 / 729.0},
                    {9017 / 3168.0, -355 / 33.0, 46732 / 5247.0, 49 / 176.0, -5103 / 18656.0},
                    {35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0}},
            new double[] {35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0, 0},
            new double[] {0, 1 / 5.0, 3 / 10.0, 4 / 5.0, 8 / 9.0, 1, 1},
            new double[] {5179 / 57600.0, 0, 7571 / 16695.0, 393 / 640.0, -92097 / 339200.0, 187 / 2100.0, 1 / 40.0},
            new double[] {-12715105075.0 / 11282082432.0, 0, 87487479700.0 / 32700410799.0,
                    -10690763975.0 / 1880347072.0, 701980252875.0 / 199316789632.0,
                    -1453857185.0 / 822651844.0, 69997945.0 / 29380423.0});
}
