package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * float32 {@code +, −, ×} of same-shape arrays run on the float buffers: each result is the float64
 * result rounded once to float32, element for element, over magnitudes from subnormal to near overflow.
 */
class Float32ArithmeticTest {

    private static NDArray spread(long seed, int n) {
        Rng rng = new Rng(seed);
        double[] v = new double[n];
        double[] z = rng.normal(DType.F64, 0, 1, n).data(), e = rng.uniform(DType.F64, -140, 120, n).data();
        for (int i = 0; i < n; i++) v[i] = z[i] * Math.pow(2, Math.floor(e[i]));
        return NDArray.of(new int[] {n}, v).astype(DType.F32);
    }

    private static void sameAsRoundedDouble(String op, BinaryOperator<NDArray> f) {
        NDArray a = spread(31, 50_000), b = spread(32, 50_000);
        NDArray got = f.apply(a, b);
        assertEquals(DType.F32, got.dtype());
        NDArray want = f.apply(a.astype(DType.F64), b.astype(DType.F64)).astype(DType.F32);
        assertArrayEquals(want.floats(), got.floats(), 0f, op + " in float32 is the float64 result rounded once");
    }

    @Test void addSubtractAndMultiplyAreTheRoundedFloat64Results() {
        sameAsRoundedDouble("a + b", NDArray::add);
        sameAsRoundedDouble("a − b", NDArray::sub);
        sameAsRoundedDouble("a × b", NDArray::mul);
    }
}
