package org.odeon.models.lipschitz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

class OperatorTest {
    static double dot(NDArray a, NDArray b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.data()[i] * b.data()[i];
        return s;
    }

    @Test void theAdjointOfAStridedPaddedConvolutionIsItsTransposedConvolution() {
        Rng rng = new Rng(1);
        for (IndexMap.Pad mode : IndexMap.Pad.values()) {
            var op = new Operator.Convolution(2, 3, 3, 2, 1, mode, 7, 7);
            NDArray w = rng.normal(DType.F64, 0, 1, op.weightShape());
            NDArray x = rng.normal(DType.F64, 0, 1, 2, 2, 7, 7), y = rng.normal(DType.F64, 0, 1, 2, 3, 4, 4);
            NDArray ax = op.apply(Tensor.constant(x), Tensor.constant(w)).value();
            NDArray aty = op.adjoint(Tensor.constant(y), Tensor.constant(w)).value();
            assertArrayEquals(x.shape(), aty.shape());
            assertEquals(dot(ax, y), dot(x, aty), 1e-9 * Math.abs(dot(ax, y)) + 1e-9, mode + ": ⟨Ax, y⟩ ≠ ⟨x, Aᵀy⟩");
        }
    }

    @Test void aOneByOneConvolutionHasTheNormOfItsChannelMatrix() {
        NDArray w = new Rng(2).normal(DType.F64, 0, 1, 3, 2, 1, 1);
        var op = new Operator.Convolution(2, 3, 1, 1, 0, IndexMap.Pad.ZERO, 4, 4);
        double exact = OperatorNorm.matrixBound(w.reshape(3, 2));
        double bound = op.normBound(w, 1e-8);
        assertTrue(bound >= exact * (1 - 1e-6) && bound <= exact * (1 + 1e-6), "conv bound " + bound + " vs matrix norm " + exact);
    }

    @Test void zeroPaddingMakesTheNormSmallerThanCircularPadding() {
        // A circular convolution's norm is the largest |K̂(ω)| over frequencies: here, at ω = 0, Σ|k| = 3.
        NDArray w = NDArray.of(new int[] {1, 1, 3, 3}, 0, 0, 0, 1, 1, 1, 0, 0, 0);
        double circular = new Operator.Convolution(1, 1, 3, 1, 1, IndexMap.Pad.CIRCULAR, 6, 6).normBound(w, 1e-8);
        double zero = new Operator.Convolution(1, 1, 3, 1, 1, IndexMap.Pad.ZERO, 6, 6).normBound(w, 1e-8);
        assertEquals(3, circular, 1e-6);
        assertTrue(zero < circular - 1e-3, "zero padding " + zero + " should lose some of the DC gain " + circular);
        assertEquals(1 + 2 * Math.cos(Math.PI / 7), zero, 1e-6);   // the tridiagonal Toeplitz [1 1 1] of size 6
    }

    @Test void badShapesAreNamed() {
        var op = Operator.Convolution.same(2, 2, 3, 5, 5);
        var ex = assertThrows(IllegalArgumentException.class, () -> op.apply(Tensor.constant(NDArray.zeros(DType.F64, 1, 2, 6, 6)), Tensor.constant(NDArray.zeros(DType.F64, op.weightShape()))));
        assertTrue(ex.getMessage().contains("[1, 2, 6, 6]") || ex.getMessage().contains("6"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Operator.Convolution.same(1, 1, 2, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> new Operator.Dense(0, 3));
    }
}
