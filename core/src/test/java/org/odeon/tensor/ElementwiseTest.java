package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Element-wise kernels written for speed rather than as the plain definition. */
class ElementwiseTest {

    @Test void float32TanhIsWithinOneUlpOfTheCorrectlyRoundedValue() {
        int differing = 0, total = 0;
        for (double v = 1e-30; v < 50; v *= 1.0003)
            for (double x : new double[] {v, -v}) {
                float exact = (float) Math.tanh(x), fast = (float) Elementwise.tanhFloat(x);
                int ulps = Math.abs(Float.floatToIntBits(exact) - Float.floatToIntBits(fast));
                assertTrue(ulps <= 1, "tanh(" + x + "): " + fast + " vs " + exact);
                if (ulps > 0) differing++;
                total++;
            }
        assertTrue(differing < total / 20, differing + " of " + total + " off by one ulp");
    }

    @Test void float32TanhSaturatesExactlyAndKeepsNaN() {
        NDArray x = NDArray.of(DType.F32, new int[] {6}, new double[] {0, -0.0, 10, 1e6, Double.NEGATIVE_INFINITY, Double.NaN});
        double[] y = x.tanh().data();
        assertEquals(0.0, y[0]);
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(y[1]), "tanh(−0) = −0");
        assertEquals(1.0, y[2]);
        assertEquals(1.0, y[3]);
        assertEquals(-1.0, y[4]);
        assertTrue(Double.isNaN(y[5]));
    }

    @Test void branchFreeKeepIsExactlyYPositiveSelectsX() {
        double[] ys = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, 1, -1, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.longBitsToDouble(0xFFF8000000000001L)};
        double[] xs = {2.5, -3, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NaN};
        for (double y : ys)
            for (double x : xs) {
                double expected = y > 0 ? x : 0;
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(Elementwise.keep(x, y)), "keep(" + x + ", " + y + ")");
            }
    }

    @Test void reluAndStepOnSpecialValues() {
        NDArray x = NDArray.of(new int[] {5}, -0.0, -2, 3, Double.NaN, Double.POSITIVE_INFINITY);
        double[] r = x.relu().data(), s = x.step().data();
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(r[0]), "relu(−0) = +0");
        assertEquals(0.0, r[1]);
        assertEquals(3.0, r[2]);
        assertTrue(Double.isNaN(r[3]), "relu(NaN) = NaN");
        assertEquals(Double.POSITIVE_INFINITY, r[4]);
        assertArrayEquals(new double[] {0, 0, 1, 0, 1}, s);
    }
}
