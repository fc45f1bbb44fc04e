package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The element-wise kernels of a dense layer's backward: float32 {@code g·(1 − y²)} on the float buffers and the
 * bias gradient (a sum over rows) split over the threads by columns, each with the bits of the plain loop.
 */
class DenseKernelsTest {

    @Test
    void float32TanhBackwardIsTheFloat64ResultRoundedOnce() {
        Rng rng = new Rng(3);
        for (int size : new int[] {5, 262_144}) {
            NDArray g = rng.normal(DType.F32, 0, 1, size), y = rng.uniform(DType.F32, -1, 1, size);
            NDArray got = g.tanhGrad(y);
            assertEquals(DType.F32, got.dtype());
            NDArray want = g.astype(DType.F64).tanhGrad(y.astype(DType.F64)).astype(DType.F32);
            assertArrayEquals(want.floats(), got.floats(), 0f);
        }
    }

    @Test
    void aSumOverRowsHasTheBitsOfTheRowByRowLoop() {
        Rng rng = new Rng(4);
        for (DType t : DType.values())
            for (int[] shape : new int[][] {{3, 5}, {1024, 256}, {2, 512, 1}, {4, 2, 300}}) {
                NDArray a = rng.normal(t, 0, 1, shape);
                int n = shape[shape.length - 1], rows = a.size() / n;
                double[] want = new double[n], x = a.data();
                for (int r = 0; r < rows; r++) for (int j = 0; j < n; j++) want[j] += x[r * n + j];
                NDArray got = a.sumTo(n);
                assertEquals(t, got.dtype());
                assertArrayEquals(NDArray.of(new int[] {n}, want).astype(t).data(), got.data(), 0, t + " " + java.util.Arrays.toString(shape));
            }
    }
}
