package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The float32 GELU kernel without a table: Φ from {@code e^{−x²/2}} (by squarings) times a rational fit of
 * erfcx, φ from the same factor. Specified by its accuracy against the float64 functions — relative on Φ's
 * left tail, absolute on the slope near its zero — and by the chunked, vectorisable array kernel giving exactly
 * the scalar functions' values (value, slope, and the slope times a gradient), also beyond the formulas' range (the one-by-one fallback) and across chunk ends.
 */
class GeluFloatKernelTest {

    private static double[] grid(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * i / (n - 1);
        return x;
    }

    @Test void phiIsRelativelyAccurateFromTheFarLeftTailToOne() {
        double worst = 0;
        for (double x : grid(-19, 8, 270_001)) worst = Math.max(worst, Math.abs(Erf.normalCdfFloat(x) / Erf.normalCdf(x) - 1));
        assertTrue(worst < 2e-10, "relative error of the float32 Φ on [−19, 8] (float32 rounds at 6e-8): " + worst);
    }

    @Test void theSlopeIsAccurateAbsolutelyAndRelativelyAwayFromItsZero() {
        double abs = 0, rel = 0;
        for (double x : grid(-19, 8, 270_001)) {
            double exact = Erf.normalCdf(x) + x * Erf.normalPdf(x), err = Math.abs(Erf.geluSlopeFloat(x) - exact);
            abs = Math.max(abs, err);
            if (Math.abs(exact) > 1e-3 || Math.abs(x) > 2) rel = Math.max(rel, err / Math.abs(exact));
        }
        assertTrue(abs < 2e-12, "absolute error of gelu′ in float32 arithmetic: " + abs);
        assertTrue(rel < 1e-9, "relative error of gelu′ where |gelu′| > 1e-3 or |x| > 2: " + rel);
    }

    @Test void theArrayKernelGivesTheScalarValuesAcrossChunksAndBeyondTheRange() {
        int n = 3 * 512 + 77;
        float[] x = new Rng(41).normal(DType.F32, 0, 4, n).floats();
        float[] special = {0f, -0f, 13.4f, -13.4f, Math.nextDown(13.4f), -Math.nextDown(13.4f), -14f, -18.5f, 20f, -1e30f, 3e38f,
                Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE};
        for (int i = 0; i < special.length; i++) x[511 + 73 * i] = special[i];
        float[] y = new float[n], s = new float[n], yOnly = new float[n];
        Erf.geluFloat(x, null, y, s, 0, n);
        Erf.geluFloat(x, null, yOnly, null, 0, n);
        float[] g = new Rng(43).normal(DType.F32, 0, 1, n).floats(), gs = new float[n];
        Erf.geluFloat(x, g, null, gs, 0, n);
        for (int i = 0; i < n; i++) {
            float wantY = (float) (x[i] * Erf.normalCdfFloat(x[i])), wantS = (float) Erf.geluSlopeFloat(x[i]);
            assertEquals(Float.floatToIntBits(wantY), Float.floatToIntBits(y[i]), "gelu(" + x[i] + ")");
            assertEquals(Float.floatToIntBits(wantS), Float.floatToIntBits(s[i]), "gelu′(" + x[i] + ")");
            assertEquals(Float.floatToIntBits(y[i]), Float.floatToIntBits(yOnly[i]), "gelu(" + x[i] + ") without the slope");
            assertEquals(Float.floatToIntBits((float) (g[i] * Erf.geluSlopeFloat(x[i]))), Float.floatToIntBits(gs[i]), "g·gelu′(" + x[i] + ")");
        }
        // and the values are GELU's: float32 rounding of the float64 functions, tails included
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(x[i])) { assertTrue(Float.isNaN(y[i]) && Float.isNaN(s[i]), "NaN stays NaN"); continue; }
            if (Float.isInfinite(x[i])) continue;
            double gelu = Erf.gelu(x[i]), slope = Erf.normalCdf(x[i]) + x[i] * Erf.normalPdf(x[i]);
            assertEquals(gelu, y[i], 1.2e-7 * Math.abs(gelu) + Float.MIN_VALUE, "gelu(" + x[i] + ")");
            assertEquals(slope, s[i], 1.2e-7 * Math.abs(slope) + 1e-12, "gelu′(" + x[i] + ")");
        }
    }

    @Test void float32GeluAndItsGradientOfArraysAreTheKernelsValues() {
        NDArray x = new Rng(42).normal(DType.F32, 0, 3, 7, 300), g = new Rng(44).normal(DType.F32, 0, 1, 7, 300);
        NDArray[] both = x.geluWithSlope();
        assertTrue(java.util.Arrays.equals(both[0].floats(), x.gelu().floats()), "gelu() and geluWithSlope()[0]");
        float[] want = new float[x.size()];
        for (int i = 0; i < want.length; i++) want[i] = (float) (g.floats()[i] * Erf.geluSlopeFloat(x.floats()[i]));
        assertTrue(java.util.Arrays.equals(want, g.geluGrad(x).floats()), "geluGrad(x) is g·gelu′(x) rounded once");
    }
}
