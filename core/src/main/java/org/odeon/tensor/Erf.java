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
     * {@link #normalCdf} to float32 accuracy, for float32 tensors: the local Taylor sum truncated after
     * {@code t⁶}, which leaves {@code (2x/128)⁷/7! < 5e-10} relative to {@code erfc x} on the table (float32
     * rounds at 6e-8), written out without loop or recursion, since it runs once per activation of GELU layers.
     */
    public static double normalCdfFloat(double x) {
        double z = -x * SQRT_HALF, a = Math.abs(z);          // Φ(x) = erfc(z)/2
        if (!(a < LIMIT)) return Double.isNaN(x) ? x : z < 0 ? 1 - 0.5 * continuedFraction(a, TAIL_TERMS) : 0.5 * continuedFraction(a, TAIL_TERMS);
        int k = (int) (a * PER_UNIT + 0.5), b = k * WIDTH;
        return cdfFromHalf(z, halfErfcFloat(b, a - k * NODE_STEP));
    }

    /**
     * {@code Φ = erfc(z)/2} for {@code z ≥ 0}, else {@code 1 − erfc(|z|)/2}, from {@code half = erfc(|z|)/2}, without a
     * branch: activations have random signs, and a mispredicted branch cost as much as the rest of the element.
     * With {@code d = ±1} the sign of z, {@code (1 − d)/2 + d·half} is exactly {@code half} or {@code 1 − half}.
     */
    private static double cdfFromHalf(double z, double half) {
        double d = Math.copySign(1.0, z);
        return 0.5 * (1 - d) + d * half;
    }

    /** The table's node spacing {@code 1/64}, exactly (so {@code k·NODE_STEP = k/64} without a division). */
    private static final double NODE_STEP = 1.0 / PER_UNIT;

    /** {@code erfc(x_k + t)/2} from the table row at {@code b}, the Taylor sum truncated after {@code t⁶} (see {@link #normalCdfFloat}). */
    private static double halfErfcFloat(int b, double t) {
        double p = ((((TABLE[b + 7] * t + TABLE[b + 6]) * t + TABLE[b + 5]) * t + TABLE[b + 4]) * t + TABLE[b + 3]) * t + TABLE[b + 2];
        return 0.5 * (TABLE[b + 1] - p * t);
    }

    /** {@code φ(x)} at {@code |x|/√2 = x_k + t} from the derivative of the same Taylor sum (see {@link #geluSlopeFloat}). */
    private static double pdfFloat(int k, double t) {
        int d = k * 6;
        return ((((PDF_TABLE[d + 5] * t + PDF_TABLE[d + 4]) * t + PDF_TABLE[d + 3]) * t + PDF_TABLE[d + 2]) * t + PDF_TABLE[d + 1]) * t + PDF_TABLE[d];
    }

    /** Per node: the coefficients {@code (n+1)·c_{k,n}/(2√2)}, {@code n = 0..5}, of the derivative sum that gives φ ({@link #pdfFloat}). */
    private static final double[] PDF_TABLE = pdfTable();

    private static double[] pdfTable() {
        double[] d = new double[NODES * 6];
        for (int k = 0; k < NODES; k++)
            for (int n = 0; n < 6; n++) d[k * 6 + n] = (n + 1) * TABLE[k * WIDTH + 2 + n] / (2 * Math.sqrt(2));
        return d;
    }

    /**
     * GELU's slope {@code gelu′(x) = Φ(x) + x·φ(x)} to float32 accuracy from one table row: Φ as in
     * {@link #normalCdfFloat}, and φ from the derivative of the same Taylor sum, since
     * {@code d/dt Σ c_n t^{n+1} = (2/√π)e^{−(x_k+t)²}} and {@code φ(x) = e^{−z²}/√(2π)} with {@code z = −x/√2}:
     * {@code φ = (Σ (n+1)c_n tⁿ)/(2√2)}, its truncation {@code 7c₆t⁶} below 2e-8 relative on the table. No exp.
     */
    public static double geluSlopeFloat(double x) {
        double z = -x * SQRT_HALF, a = Math.abs(z);
        if (!(a < LIMIT)) {
            if (Double.isNaN(x)) return x;
            double half = 0.5 * continuedFraction(a, TAIL_TERMS);
            return (z < 0 ? 1 - half : half) + x * normalPdf(x);
        }
        int k = (int) (a * PER_UNIT + 0.5), b = k * WIDTH;
        double t = a - k * NODE_STEP;
        return cdfFromHalf(z, halfErfcFloat(b, t)) + x * pdfFloat(k, t);
    }

    /**
     * {@code y = gelu(x)} and {@code s = gelu′(x)} for the float32 elements {@code [from, to)}, both from one
     * table row as in {@link #normalCdfFloat} and {@link #geluSlopeFloat} (the same values): the forward
     * pass and the factor its backward multiplies by, in one pass over {@code x}.
     */
    static void geluAndSlopeFloat(float[] x, float[] y, float[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = x[i], z = -v * SQRT_HALF, a = Math.abs(z);
            if (!(a < LIMIT)) {
                y[i] = (float) (v * normalCdfFloat(v));
                s[i] = (float) geluSlopeFloat(v);
                continue;
            }
            int k = (int) (a * PER_UNIT + 0.5), b = k * WIDTH;
            double t = a - k * NODE_STEP, cdf = cdfFromHalf(z, halfErfcFloat(b, t));
            y[i] = (float) (v * cdf);
            s[i] = (float) (cdf + v * pdfFloat(k, t));
        }
    }

    /** As {@link #geluAndSlopeFloat} in float64: {@code y = x·Φ(x)}, {@code s = Φ(x) + x·φ(x)}, the values of {@link #gelu} and the backward's. */
    static void geluAndSlope(double[] x, double[] y, double[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = x[i], cdf = normalCdf(v);
            y[i] = v * cdf;
            s[i] = cdf + v * normalPdf(v);
        }
    }

    /** Levels of the continued fraction beyond the table ({@code x ≥ 10}) in float32: 8 already agree with 4,000 to 2e-16. */
    private static final int TAIL_TERMS = 12;

    /** {@code gelu(x) = x·Φ(x)}. */
    public static double gelu(double x) { return x * normalCdf(x); }

    /** The standard normal density {@code φ(x) = e^{−x²/2}/√(2π)}. */
    public static double normalPdf(double x) { return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x); }

    private static final double INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);
}
