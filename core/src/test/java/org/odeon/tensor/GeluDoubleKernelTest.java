package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The float64 GELU value-and-slope kernel is, bit for bit (any NaN as NaN), the scalar {@link Erf#gelu} and {@code Φ + x·φ}. */
class GeluDoubleKernelTest {
    private static void check(double[] x) {
        double[] y = new double[x.length], s = new double[x.length];
        Erf.geluAndSlope(x, y, s, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            assertEquals(Double.doubleToLongBits(Erf.gelu(v)), Double.doubleToLongBits(y[i]), "gelu(" + v + ")");
            assertEquals(Double.doubleToLongBits(Erf.normalCdf(v) + v * Erf.normalPdf(v)), Double.doubleToLongBits(s[i]), "gelu′(" + v + ")");
        }
    }

    @Test void randomSignsAcrossTheTableAreTheScalarValuesExactly() {
        Rng rng = new Rng(5);
        double[] x = rng.normal(DType.F64, 0, 4, 100_000).data();
        check(x);
    }

    @Test void nodesMidpointsTailsAndSpecialValuesAreTheScalarValuesExactly() {
        double step = Math.sqrt(2) / 128;   // |x|/√2 on the table's nodes and the midpoints between them
        double[] x = new double[4 * 1400 + 12];
        int n = 0;
        for (int k = 0; k < 1400; k++) {
            x[n++] = k * step; x[n++] = -k * step; x[n++] = Math.nextUp(k * step); x[n++] = -Math.nextDown(k * step);
        }
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 10 * Math.sqrt(2),
                -10 * Math.sqrt(2), Math.nextDown(-10 * Math.sqrt(2)), 1e300, -1e300, Double.MIN_VALUE, -38.5};
        System.arraycopy(special, 0, x, n, special.length);
        check(x);
    }
}
