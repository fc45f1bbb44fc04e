package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The fused convolution, relu and max pooling: the same function and gradients as the three ops in a row, to second order. */
class ConvReluPoolTest {

    /** {@code {batch, in, out, size, kernel, pad}}: the column path (one and several chunks), a 1×1 kernel and a single output channel (their own paths). */
    private static final int[][] SHAPES = {{3, 3, 4, 8, 3, 1}, {6, 16, 5, 32, 3, 1}, {2, 4, 6, 6, 1, 0}, {2, 3, 1, 10, 3, 1}};

    @Test
    void isMaxPoolOfConvReluInValueAndInEveryGradient() {
        for (DType t : DType.values())
            for (int[] s : SHAPES) {
                Rng rng = new Rng(5 + s[0]);
                Tensor x = Tensor.param(rng.normal(t, 0, 1, s[0], s[1], s[3], s[3])), w = Tensor.param(rng.normal(t, 0, 0.5, s[2], s[1], s[4], s[4]));
                Tensor b = Tensor.param(rng.normal(t, 0, 0.5, s[2]));
                NDArray weights = rng.normal(t, 0, 1, s[0], s[2], s[3] / 2, s[3] / 2);
                Tensor fused = Conv.conv2dReluPool(x, w, b, 1, s[5], IndexMap.Pad.ZERO, 2);
                Tensor plain = Conv.maxPool2d(Conv.conv2dRelu(x, w, b, 1, s[5], IndexMap.Pad.ZERO), 2, 2);
                double tol = t == DType.F32 ? 1e-5 : 1e-12;
                String what = t + " " + java.util.Arrays.toString(s);
                assertEquals(t, fused.dtype());
                assertClose(plain.value(), fused.value(), tol, what + " value");
                List<Tensor> gf = Autograd.grad(List.of(fused.mulConst(weights).sum()), List.of(x, w, b), null, false);
                List<Tensor> gp = Autograd.grad(List.of(plain.mulConst(weights).sum()), List.of(x, w, b), null, false);
                for (int i = 0; i < 3; i++) assertClose(gp.get(i).value(), gf.get(i).value(), tol, what + " gradient " + i);
            }
    }

    /** Pooled relu'd features, squared, through a second convolution: derivatives of first and second order in every input. */
    @Test
    void gradientsAreRightToSecondOrder() {
        Rng rng = new Rng(17);
        for (int[] s : new int[][] {{2, 2, 3, 6, 3, 1}, {2, 3, 1, 6, 3, 1}}) {
            List<NDArray> in = List.of(rng.normal(DType.F64, 0, 1, s[0], s[1], s[3], s[3]), rng.normal(DType.F64, 0, 0.5, s[2], s[1], s[4], s[4]),
                    rng.normal(DType.F64, 0, 0.5, s[2]), rng.normal(DType.F64, 0, 0.5, 2, s[2], 3, 3));
            Function<List<Tensor>, Tensor> f = v -> Conv.conv2d(Conv.conv2dReluPool(v.get(0), v.get(1), v.get(2), 1, s[5], IndexMap.Pad.ZERO, 2).square(),
                    v.get(3), null, 1, 1, IndexMap.Pad.ZERO).tanh();
            assertTrue(GradCheck.firstOrder(f, in, 3) < 1e-6, "first order");
            assertTrue(GradCheck.secondOrder(f, in, 5) < 1e-5, "second order");
        }
    }

    @Test
    void aWindowLargerThanTheOutputIsRejectedWithItsSizes() {
        Tensor x = Tensor.constant(NDArray.zeros(DType.F32, 1, 1, 3, 3)), w = Tensor.param(NDArray.zeros(DType.F32, 2, 1, 3, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv.conv2dReluPool(x, w, null, 1, 0, IndexMap.Pad.ZERO, 2));
        assertTrue(e.getMessage().contains("window 2"), e.getMessage());
    }

    private static void assertClose(NDArray expected, NDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.toArray(), a = actual.toArray();
        double scale = 1;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], tol * scale, what + " at " + i);
    }
}
