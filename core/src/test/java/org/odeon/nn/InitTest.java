package org.odeon.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.Householder;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class InitTest {
    private static double variance(NDArray a) {
        double m = a.sum().item() / a.size(), s = 0;
        for (double v : a.data()) s += (v - m) * (v - m);
        return s / a.size();
    }

    private static void assertIdentity(NDArray m, double tol) {
        int n = m.dim(0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) assertEquals(i == j ? 1 : 0, m.get(i, j), tol, "entry " + i + "," + j);
    }

    @Test void householderGivesQWithOrthonormalColumnsAndUpperTriangularPositiveR() {
        Rng rng = new Rng(3);
        int m = 6, n = 4;
        NDArray a = rng.normal(DType.F64, 0, 1, m, n);
        NDArray q = NDArray.of(new int[] {m, n}, Householder.thinQ(a.toArray(), m, n));
        assertIdentity(org.odeon.tensor.Blas.matmul(q, true, q, false), 1e-12);
        NDArray r = org.odeon.tensor.Blas.matmul(q, true, a, false);  // R = QᵀA
        for (int i = 0; i < n; i++) {
            assertTrue(r.get(i, i) > 0, "diag R positive");
            for (int j = 0; j < i; j++) assertEquals(0, r.get(i, j), 1e-12, "R below diagonal");
        }
        assertArrayEquals(a.data(), q.matmul(r).data(), 1e-12);
    }

    @Test void orthogonalInitHasOrthonormalRowsWhenWideAndColumnsWhenTall() {
        Rng rng = new Rng(4);
        NDArray wide = Init.orthogonal(1).draw(DType.F64, new int[] {3, 7}, rng);
        assertIdentity(org.odeon.tensor.Blas.matmul(wide, false, wide, true), 1e-12);
        NDArray tall = Init.orthogonal(2).draw(DType.F64, new int[] {7, 3}, rng).mul(0.5);
        assertIdentity(org.odeon.tensor.Blas.matmul(tall, true, tall, false), 1e-12);
        NDArray kernel = Init.orthogonal(1).draw(DType.F64, new int[] {4, 2, 3, 3}, rng).reshape(4, 18);
        assertIdentity(org.odeon.tensor.Blas.matmul(kernel, false, kernel, true), 1e-12);
    }

    @Test void deltaOrthogonalConvolutionPreservesTheNormUnderCircularPadding() {
        Rng rng = new Rng(5);
        NDArray k = Init.deltaOrthogonal(1).draw(DType.F64, new int[] {6, 4, 3, 3}, rng);
        NDArray x = rng.normal(DType.F64, 0, 1, 2, 4, 5, 5);
        NDArray y = Conv.conv2d(Tensor.constant(x), Tensor.constant(k), null, 1, 1, IndexMap.Pad.CIRCULAR).value();
        assertEquals(x.norm(), y.norm(), 1e-10);
        assertEquals(0, k.get(2, 1, 0, 1));
    }

    @Test void varianceScalingInitsHitTheirTargetVariances() {
        Rng rng = new Rng(6);
        int[] s = {300, 200, 3, 3};  // fanIn 1800, fanOut 2700
        assertEquals(2.0 / 4500, variance(Init.xavierUniform(1).draw(DType.F64, s, rng)), 0.02 * 2.0 / 4500);
        assertEquals(2.0 / 4500, variance(Init.xavierNormal(1).draw(DType.F64, s, rng)), 0.02 * 2.0 / 4500);
        assertEquals(2.0 / 1800, variance(Init.heUniform().draw(DType.F64, s, rng)), 0.02 * 2.0 / 1800);
        assertEquals(2.0 / 1800, variance(Init.heNormal().draw(DType.F64, s, rng)), 0.02 * 2.0 / 1800);
        assertEquals(1.0 / (3 * 1800), variance(Init.lecunUniform().draw(DType.F64, s, rng)), 0.02 / (3 * 1800));
        NDArray u = Init.uniform(2, 3).draw(DType.F64, new int[] {1000}, rng);
        assertTrue(u.min(0, false).item() >= 2 && u.maxValue() < 3);
        assertEquals(0.25, variance(Init.normal(1, 0.5).draw(DType.F64, new int[] {100000}, rng)), 0.005);
    }

    @Test void initsAreDeterministicUnderASeed() {
        int[] s = {5, 4};
        assertArrayEquals(Init.orthogonal(1).draw(DType.F64, s, new Rng(9)).data(), Init.orthogonal(1).draw(DType.F64, s, new Rng(9)).data());
    }

    @Test void deltaOrthogonalRejectsEvenKernels() {
        var e = assertThrows(IllegalArgumentException.class, () -> Init.deltaOrthogonal(1).draw(DType.F64, new int[] {2, 2, 2, 2}, new Rng(1)));
        assertTrue(e.getMessage().contains("odd"));
    }
}
