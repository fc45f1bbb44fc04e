package org.odeon.tensor;

/**
 * The error function {@code erf x = (2/√π)∫₀ˣ e^{−t²} dt}, its complement {@code erfc = 1 − erf},
 * and the Gaussian CDF and exact GELU built on them.
 *
 * <p>Evaluation is a table of local Taylor polynomials: on nodes {@code x_k = k/64} of
 * {@code [0, 10]}, {@code erf(x_k + t) = erf(x_k) + Σ_{n=0}^{D} c_{k,n} t^{n+1}} (and
 * {@code erfc(x_k + t) = erfc(x_k) − the same sum}) with
 * {@code c_{k,n} = (2/√π)(−1)ⁿ Hₙ(x_k) e^{−x_k²}/(n+1)!}, since
 * {@code dⁿ/dxⁿ e^{−x²} = (−1)ⁿ Hₙ(x) e^{−x²}} (physicists' Hermite polynomials). With
 * {@code |t| ≤ 1/128} and degree {@code D = 10} the truncation error relative to {@code erfc x}
 * is below {@code (2x/128)^{12}/12! < 1e-17} on the whole table, so the result is float64 rounding
 * only, at the cost of an eleven-term Horner sum. Node values: {@code erf} below 1/2 from the
 * series {@code (2/√π)e^{−x²} Σₙ 2ⁿx^{2n+1}/(1·3···(2n+1))} (all terms positive, no cancellation),
 * {@code erfc} above from its continued fraction {@code e^{−x²}/(√π(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))))}
 * summed backwards. Both {@code erf} (near 0) and {@code erfc} (in the right tail, down to
 * {@code erfc 10 ≈ 2e-45}) are accurate relatively; beyond 10, erfc is the continued fraction itself.
 */
public final class Erf {
    private Erf() {}

    private static final int PER_UNIT = 64, DEGREE = 10, WIDTH = DEGREE + 3;
    private static final double LIMIT = 10, TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI), SQRT_HALF = Math.sqrt(0.5);
    private static final int NODES = (int) (LIMIT * PER_UNIT) + 1;
    /** Per node: {@code erf(x_k)}, {@code erfc(x_k)}, then {@code c_{k,0..D}}. */
    private static final double[] TABLE = table();

    private static double[] table() {
        double[] t = new double[NODES * WIDTH];
        for (int k = 0; k < NODES; k++) {
            double x = k / (double) PER_UNIT, g = TWO_OVER_SQRT_PI * Math.exp(-x * x);
            int b = k * WIDTH;
            if (x < 0.5) { t[b] = series(x); t[b + 1] = 1 - t[b]; }
            else { t[b + 1] = continuedFraction(x, 4000); t[b] = 1 - t[b + 1]; }
            double hPrev = 0, h = 1, fact = 1;          // H_{n−1}, H_n, (n+1)!
            for (int n = 0; n <= DEGREE; n++) {
                fact *= n + 1;
                t[b + 2 + n] = g * (n % 2 == 0 ? h : -h) / fact;
                double next = 2 * x * h - 2 * n * hPrev; // H_{n+1} = 2x·H_n − 2n·H_{n−1}
                hPrev = h;
                h = next;
            }
        }
        return t;
    }

    /** The all-positive series for {@code erf x}. */
    static double series(double x) {
        double term = x, sum = x, x2 = 2 * x * x;
        for (int n = 0; n < 1000 && term > 1e-18 * sum; n++) {
            term *= x2 / (2 * n + 3);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
    }

    /** {@code erfc x} for {@code x > 0} by the continued fraction with {@code terms} levels, from the bottom up. */
    static double continuedFraction(double x, int terms) {
        double f = x;
        for (int k = terms; k >= 1; k--) f = x + 0.5 * k / f;
        return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
    }

    /** The Taylor sum {@code Σ c_{k,n} t^{n+1}} at the node whose table row starts at {@code b}. */
    private static double local(int b, double t) {
        double p = TABLE[b + WIDTH - 1];
        for (int n = DEGREE - 1; n >= 0; n--) p = p * t + TABLE[b + 2 + n];
        return p * t;
    }

    /** {@code erf x}; NaN stays NaN. */
    public static double erf(double x) {
        double a = Math.abs(x);
        if (!(a < LIMIT)) return Double.isNaN(x) ? x : Math.copySign(1.0, x);
        int k = (int) (a * PER_UNIT + 0.5), b = k * WIDTH;
        return Math.copySign(TABLE[b] + local(b, a - k / (double) PER_UNIT), x);
    }

    /** {@code erfc x = 1 − erf x}, accurate relatively for {@code x ≥ 0}. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) return 2 - erfc(-x);
        if (x >= LIMIT) return continuedFraction(x, 100);
        int k = (int) (x * PER_UNIT + 0.5), b = k * WIDTH;
        return TABLE[b + 1] - local(b, x - k / (double) PER_UNIT);
    }

    /** The standard normal CDF {@code Φ(x) = erfc(−x/√2)/2}, accurate relatively in the left tail. */
    public static double normalCdf(double x) { return 0.5 * erfc(-x * SQRT_HALF); }

    /**
     * {@link #normalCdf} to float32 accuracy, for float32 tensors, by a formula without table, branch or library call
     * (so that loops over it vectorise): for {@code |x| < } {@link #FLOAT_BOUND},
     * {@code Φ(−|x|) = ½ erfc(a) = ½ e^{−a²} R(a)} with {@code a = |x|/√2}, where {@code R = erfcx} is our rational
     * fit {@link #scaledErfc} (relative error ≤ 1.3e-12) and {@code e^{−a²} = e^{−x²/2}} is {@link #gaussian}
     * (≤ 1e-10); {@code Φ(x) = 1 − Φ(−|x|)} for {@code x > 0}. Relative error ≤ 2e-10 on the left tail, far
     * below float32's 6e-8. Beyond the bound, the continued fraction of {@link #erfc}.
     */
    public static double normalCdfFloat(double x) {
        double ax = Math.abs(x);
        if (!(ax < FLOAT_BOUND)) return Double.isNaN(x) ? x : cdfFromHalf(x, 0.5 * continuedFraction(ax * SQRT_HALF, TAIL_TERMS));
        return cdfFromHalf(x, gaussian(ax) * scaledErfc(ax));
    }

    /**
     * GELU's slope {@code gelu′(x) = Φ(x) + x·φ(x)} to float32 accuracy: Φ as in {@link #normalCdfFloat}, and
     * {@code φ(x) = e^{−x²/2}/√(2π)} from the same {@link #gaussian} factor.
     */
    public static double geluSlopeFloat(double x) {
        double ax = Math.abs(x);
        if (!(ax < FLOAT_BOUND)) return Double.isNaN(x) ? x : normalCdfFloat(x) + x * normalPdf(x);
        double e = gaussian(ax);
        return cdfFromHalf(x, e * scaledErfc(ax)) + x * (e * INV_SQRT_TWO_PI);
    }

    /** {@code |x|} below which the float32 formulas hold; {@code a = |x|/√2 < 9.48} lies in {@link #scaledErfc}'s fitted range {@code [0, 9.5]}. */
    static final double FLOAT_BOUND = 13.4;

    /**
     * {@code Φ = half} for {@code x < 0}, {@code 1 − half} for {@code x > 0} and ½ at 0, from {@code half = Φ(−|x|)},
     * without a branch or select (either one stops the loops from vectorising, and a branch on random signs is
     * mispredicted half the time): with {@code d = sign(x)/2}, {@code (½ + d) − 2d·half} is exactly {@code half},
     * {@code 1 − half} or ½.
     */
    private static double cdfFromHalf(double x, double half) {
        double d = 0.5 * Math.signum(x);
        return (0.5 + d) + (-2 * d) * half;
    }

    /**
     * {@code e^{−x²/2}} for {@code |x| ≤} {@link #FLOAT_BOUND}, by multiplications only:
     * {@code (e^{u})^{256}} with {@code u = −x²/512 ∈ [−0.36, 0]}, {@code e^u} by its Taylor polynomial of degree 10
     * (remainder {@code |u|¹¹/11! < 3e-13}, so {@code < 1e-10} after eight squarings; {@code x²} of a float is exact in double).
     */
    private static double gaussian(double ax) {
        double u = ax * ax * (-1.0 / 512);
        double p = Math.fma(u, 1.0 / 3628800, 1.0 / 362880);
        p = Math.fma(u, p, 1.0 / 40320);
        p = Math.fma(u, p, 1.0 / 5040);
        p = Math.fma(u, p, 1.0 / 720);
        p = Math.fma(u, p, 1.0 / 120);
        p = Math.fma(u, p, 1.0 / 24);
        p = Math.fma(u, p, 1.0 / 6);
        p = Math.fma(u, p, 0.5);
        p = Math.fma(u, p, 1);
        p = Math.fma(u, p, 1);
        p *= p; p *= p; p *= p; p *= p;
        p *= p; p *= p; p *= p; p *= p;
        return p;
    }

    /**
     * {@code ½ erfcx(a) = ½ e^{a²} erfc(a)} at {@code a = |x|/√2 ∈ [0, 9.5]}: our rational fit {@code P(a)/Q(a)} of
     * degree 8/8, found as a degree 7/8 rational in {@code 1/(1 + a/2)} (the variable in which erfcx is smooth out to
     * its {@code 1/(a√π)} tail; fitted on Chebyshev points, minimax by Lawson's reweighting) and multiplied out.
     * All coefficients are positive, so Horner's rule is stable; measured relative error ≤ 1.3e-12 on the range.
     */
    private static double scaledErfc(double ax) {
        double a = ax * SQRT_HALF;
        double p = Math.fma(a, 2.2193946805737644e-10, 0.005612466545009733);
        p = Math.fma(a, p, 0.06182884788932288);
        p = Math.fma(a, p, 0.3321694044448201);
        p = Math.fma(a, p, 1.0947806243870761);
        p = Math.fma(a, p, 2.355370847406713);
        p = Math.fma(a, p, 3.2800808052145776);
        p = Math.fma(a, p, 2.701538046767119);
        p = Math.fma(a, p, 0.9999999999987383);
        double q = Math.fma(a, 0.00994785899404471, 0.10958827256445307);
        q = Math.fma(a, q, 0.5937361611467377);
        q = Math.fma(a, q, 1.9951722675331687);
        q = Math.fma(a, q, 4.4646661082097445);
        q = Math.fma(a, q, 6.726904026332289);
        q = Math.fma(a, q, 6.601679610171769);
        q = Math.fma(a, q, 3.8299172135891415);
        q = Math.fma(a, q, 1.0);
        return 0.5 * p / q;
    }

    /** Elements a float32 GELU pass handles at once: its intermediates stay in the L1 cache. */
    private static final int CHUNK = 512;

    /**
     * {@code y = gelu(x)} and {@code s = g·gelu′(x)} ({@code g = 1} when null) for the float32 elements
     * {@code [from, to)}, either output skipped when null: the values of {@link #normalCdfFloat} and
     * {@link #geluSlopeFloat}, the product with g taken in double and rounded once. The forward pass and the
     * backward's fused product, or both at once. The work runs in short passes over chunks, each simple enough for
     * the JIT to vectorise (one loop doing it all is too large for it to unroll); elements beyond
     * {@link #FLOAT_BOUND} (or NaN) are redone one by one at the end.
     */
    static void geluFloat(float[] x, float[] g, float[] y, float[] s, int from, int to) {
        double[] e = new double[CHUNK], c = new double[CHUNK];
        double largest = 0;
        for (int lo = from; lo < to; lo += CHUNK) {
            int n = Math.min(CHUNK, to - lo);
            largest = Math.max(largest, cdfChunk(x, lo, n, e, c));
            if (y != null) valueChunk(x, lo, n, c, y);
            if (s != null && g == null) slopeChunk(x, lo, n, e, c, s);
            if (s != null && g != null) gradientChunk(x, g, lo, n, e, c, s);
        }
        if (!(largest < FLOAT_BOUND))
            for (int i = from; i < to; i++)
                if (!(Math.abs(x[i]) < FLOAT_BOUND)) {
                    if (y != null) y[i] = (float) (x[i] * normalCdfFloat(x[i]));
                    if (s != null) s[i] = (float) ((g == null ? 1 : g[i]) * geluSlopeFloat(x[i]));
                }
    }

    /** {@code e = e^{−x²/2}} and {@code c = Φ(x)} for {@code x[lo, lo + n)} (|x| capped at the bound); returns {@code max |x|}. */
    private static double cdfChunk(float[] x, int lo, int n, double[] e, double[] c) {
        for (int j = 0; j < n; j++) e[j] = gaussian(Math.min(Math.abs((double) x[lo + j]), FLOAT_BOUND));
        for (int j = 0; j < n; j++) {
            double v = x[lo + j], ax = Math.min(Math.abs(v), FLOAT_BOUND);
            c[j] = cdfFromHalf(v, e[j] * scaledErfc(ax));
        }
        float largest = 0;
        for (int j = 0; j < n; j++) largest = Math.max(largest, Math.abs(x[lo + j]));
        return largest;
    }

    private static void valueChunk(float[] x, int lo, int n, double[] c, float[] y) {
        for (int j = 0; j < n; j++) y[lo + j] = (float) (x[lo + j] * c[j]);
    }

    private static void slopeChunk(float[] x, int lo, int n, double[] e, double[] c, float[] s) {
        for (int j = 0; j < n; j++) s[lo + j] = (float) (c[j] + x[lo + j] * (e[j] * INV_SQRT_TWO_PI));
    }

    private static void gradientChunk(float[] x, float[] g, int lo, int n, double[] e, double[] c, float[] s) {
        for (int j = 0; j < n; j++) s[lo + j] = (float) (g[lo + j] * (c[j] + x[lo + j] * (e[j] * INV_SQRT_TWO_PI)));
    }

    /**
     * As {@link #geluFloat} (value and slope) in float64: {@code y = x·Φ(x)}, {@code s = Φ(x) + x·φ(x)}, bit for bit
     * the values of {@link #gelu} and the backward's {@code normalCdf(x) + x·normalPdf(x)}, but without their branches:
     * {@code Φ(−|x|) = ½ erfc(|x|/√2)} from the same table row and Taylor sum as {@link #erfc}, then
     * {@link #cdfFromHalf} for the sign (exact: {@code ½(2 − e) = 1 − ½e} in floating point, since halving is exact).
     * Random signs made {@link #erfc}'s {@code x < 0} branch a coin toss for the predictor. Elements whose
     * {@code |x|/√2} leaves the table (or NaN) are redone by the scalar path at the end.
     */
    static void geluAndSlope(double[] x, double[] y, double[] s, int from, int to) {
        double largest = 0;
        for (int i = from; i < to; i++) {
            double v = x[i], a = Math.abs(v) * SQRT_HALF, c = Math.min(a, LIMIT);
            largest = Math.max(largest, a);
            int k = (int) (c * PER_UNIT + 0.5), b = k * WIDTH;
            double cdf = cdfFromHalf(v, 0.5 * (TABLE[b + 1] - local(b, c - k / (double) PER_UNIT)));
            y[i] = v * cdf;
            s[i] = cdf + v * normalPdf(v);
        }
        if (!(largest < LIMIT))
            for (int i = from; i < to; i++)
                if (!(Math.abs(x[i]) * SQRT_HALF < LIMIT)) {
                    y[i] = gelu(x[i]);
                    s[i] = normalCdf(x[i]) + x[i] * normalPdf(x[i]);
                }
    }

    /** Levels of the continued fraction for erfc beyond {@link #FLOAT_BOUND} ({@code a ≥ 9.47}) in float32: 8 already agree with 4,000 to 2e-16. */
    private static final int TAIL_TERMS = 12;

    /** {@code gelu(x) = x·Φ(x)}. */
    public static double gelu(double x) { return x * normalCdf(x); }

    /** The standard normal density {@code φ(x) = e^{−x²/2}/√(2π)}. */
    public static double normalPdf(double x) { return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x); }

    private static final double INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);
}
