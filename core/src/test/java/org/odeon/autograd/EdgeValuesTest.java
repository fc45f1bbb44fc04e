package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.NDArray;

/** Values and derivatives at the edges of ops' domains, as PyTorch defines them. */
class EdgeValuesTest {
    static final double INF = Double.POSITIVE_INFINITY;

    @Test void logSumExpOfAFullyMaskedRowIsMinusInfinityAndOfARowHoldingPlusInfinityIsPlusInfinity() {
        Tensor x = Tensor.of(new int[] {4, 3}, -INF, -INF, -INF, 1, INF, -INF, 0, Math.log(2), -INF, 1000, 1000, -INF);
        double[] r = x.logSumExp(1, false).value().data();
        assertArrayEquals(new double[] {-INF, INF, Math.log(3), 1000 + Math.log(2)}, r, 1e-12);
        assertEquals(-INF, Tensor.of(new int[] {2}, -INF, -INF).logSumExp(0, false).value().item());
    }

    @Test void theGradientOfLogSumExpIsTheSoftmaxWhereAnEntryIsMasked() {
        Tensor x = Tensor.param(NDArray.of(new int[] {1, 3}, 0, Math.log(3), Double.NEGATIVE_INFINITY));
        List<Tensor> g = Autograd.grad(List.of(x.logSumExp(1, false).sum()), List.of(x), null, false);
        assertArrayEquals(new double[] {0.25, 0.75, 0}, g.get(0).value().data(), 1e-12);
    }

    @Test void theDerivativeOfXToTheZeroIsZeroEvenAtZero() {
        Tensor x = Tensor.param(NDArray.of(new int[] {3}, 0, -2, 5));
        Tensor y = x.pow(0);
        assertArrayEquals(new double[] {1, 1, 1}, y.value().data());
        Tensor g = Autograd.grad(List.of(y.sum()), List.of(x), null, true).get(0);
        assertArrayEquals(new double[] {0, 0, 0}, g.value().data());
        assertArrayEquals(new double[] {0, 0, 0}, Autograd.grad(List.of(g.sum()), List.of(x), null, false).get(0).value().data());
        Tensor z = Tensor.param(NDArray.of(new int[] {1}, 0));     // d/dx x² = 2x: the x^1 · x^0 chain stays finite at 0
        Tensor dz = Autograd.grad(List.of(z.pow(2).sum()), List.of(z), null, true).get(0);
        assertEquals(0, dz.value().item());
        assertEquals(2, Autograd.grad(List.of(dz.sum()), List.of(z), null, false).get(0).value().item());
    }

    @Test void theGradientOfTheNormAtZeroIsTheSubgradientZero() {
        Tensor x = Tensor.param(NDArray.of(new int[] {2, 3}, 0, 0, 0, 3, 0, -4));
        Tensor n = x.norm(false, 1);
        assertArrayEquals(new double[] {0, 5}, n.value().data());
        Tensor g = Autograd.grad(List.of(n.sum()), List.of(x), null, false).get(0);
        assertArrayEquals(new double[] {0, 0, 0, 0.6, 0, -0.8}, g.value().data(), 1e-15);
        Tensor whole = Tensor.param(NDArray.of(new int[] {2}, 0, 0));
        assertArrayEquals(new double[] {0, 0}, Autograd.grad(List.of(whole.norm(false)), List.of(whole), null, false).get(0).value().data());
        assertEquals(0, whole.norm(false).rank());
        assertArrayEquals(new int[] {2, 1}, x.norm(true, -1).shape());
    }

    @Test void theNormHasCorrectFirstAndSecondDerivativesAwayFromZero() {
        NDArray x = new org.odeon.tensor.Rng(5).normal(org.odeon.tensor.DType.F64, 0, 1, 3, 4);
        java.util.function.Function<List<Tensor>, Tensor> f = t -> t.get(0).norm(false, 1).pow(3).sum().add(t.get(0).norm(true, 0, 1).mul(t.get(0)).sum());
        double first = GradCheck.firstOrder(f, List.of(x), 1), second = GradCheck.secondOrder(f, List.of(x), 2);
        assertTrue(first < 1e-6, "first-order error " + first);
        assertTrue(second < 1e-5, "second-order error " + second);
    }
}
