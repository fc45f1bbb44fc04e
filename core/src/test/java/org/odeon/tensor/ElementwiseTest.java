package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Element-wise kernels whose float32 forms differ from the float64 ones. */
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
}
