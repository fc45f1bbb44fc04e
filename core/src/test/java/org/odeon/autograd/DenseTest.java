package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The fused dense ops: the same values as their composition, and derivatives to second order. */
class DenseTest extends GradientCases {

    private static NDArray n(long seed, int... shape) { return new Rng(seed).normal(DType.F64, 0, 1, shape); }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("affine", t -> Dense.affine(t.get(0), t.get(1), t.get(2)).square(), List.of(n(1, 4, 3), n(2, 5, 3), n(3, 5))),
                new Case("affine without bias, batch axes", t -> Dense.affine(t.get(0), t.get(1), null).tanh(), List.of(n(4, 2, 3, 3), n(5, 2, 3))),
                new Case("affine tanh", t -> Dense.affineTanh(t.get(0), t.get(1), t.get(2)), List.of(n(6, 4, 3), n(7, 5, 3), n(8, 5))),
                new Case("affine tanh, two layers, batch axes", t -> Dense.affine(Dense.affineTanh(t.get(0), t.get(1), t.get(2)), t.get(3), null).square(),
                        List.of(n(9, 2, 2, 3), n(10, 4, 3), n(11, 4), n(12, 2, 4))),
                new Case("tanh backward (from the output)", t -> t.get(0).tanh().mul(t.get(1)).tanh(), List.of(n(13, 3, 2), n(14, 3, 2))));
    }

    @Test
    void theFusedOpsEqualTheirCompositionInBothPrecisions() {
        for (DType d : DType.values()) {
            Rng rng = new Rng(20);
            NDArray x = rng.normal(d, 0, 1, 37, 33), w = rng.normal(d, 0, 1, 35, 33), b = rng.normal(d, 0, 1, 35);
            NDArray affine = x.matmul(transpose(w)).add(b);
            double tol = d == DType.F32 ? 2e-6 : 1e-13;
            assertClose(affine, x.affine(w, b), tol);
            assertClose(affine.tanh(), x.affineTanh(w, b), tol);
            assertClose(x.matmul(transpose(w)), x.affine(w, null), tol);
            assertEquals(d, x.affineTanh(w, b).dtype());
        }
    }

    @Test
    void badShapesAreOneLineErrors() {
        NDArray x = NDArray.zeros(DType.F64, 4, 3), w = NDArray.zeros(DType.F64, 5, 2);
        assertEquals("affine: input [4, 3] does not fit weight [5, 2] ([out, in])",
                assertThrows(IllegalArgumentException.class, () -> x.affine(w, null)).getMessage());
        assertEquals("affine: bias [4] does not fit 5 outputs",
                assertThrows(IllegalArgumentException.class, () -> x.affine(NDArray.zeros(DType.F64, 5, 3), NDArray.zeros(DType.F64, 4))).getMessage());
    }

    private static NDArray transpose(NDArray w) {
        int r = w.dim(0), c = w.dim(1);
        double[] t = new double[r * c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = w.get(i, j);
        return NDArray.of(w.dtype(), new int[] {c, r}, t);
    }

    private static void assertClose(NDArray expected, NDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape());
        double[] e = expected.data(), a = actual.data();
        for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), "element " + i);
    }
}
