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
}
