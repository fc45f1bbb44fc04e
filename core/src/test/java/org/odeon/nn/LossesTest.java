package org.odeon.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class LossesTest {
    private static final NDArray LABELS = NDArray.of(new int[] {2}, 1, 0);

    @Test void mseIsTheMeanSquaredError() {
        assertEquals((1 + 4 + 0 + 9) / 4.0, Losses.mse(Tensor.of(new int[] {2, 2}, 1, 2, 3, 4), Tensor.of(new int[] {2, 2}, 0, 0, 3, 7)).item(), 1e-15);
    }

    @Test void crossEntropyIsMinusTheMeanLogProbabilityOfTheLabel() {
        // row 0: softmax(0, ln 3) = (1/4, 3/4), label 1; row 1: softmax(0, 0) = (1/2, 1/2), label 0
        Tensor z = Tensor.of(new int[] {2, 2}, 0, Math.log(3), 0, 0);
        assertEquals(-(Math.log(0.75) + Math.log(0.5)) / 2, Losses.crossEntropy(z, LABELS).item(), 1e-15);
    }

    @Test void crossEntropyIsStableForHugeLogits() {
        Tensor z = Tensor.of(new int[] {1, 2}, 1000, 0);
        assertEquals(1000, Losses.crossEntropy(z, NDArray.of(new int[] {1}, 1)).item(), 1e-9);
    }

    @Test void multiClassHingeCountsMarginViolations() {
        // row 0 (label 1): z = (1, 0.5, -1): j=0 gives max(0, 1 − 0.5 + 1) = 1.5, j=2 gives max(0, 1 − 0.5 − 1) = 0
        // row 1 (label 0): z = (3, 0, 2.5): j=1 gives 0, j=2 gives max(0, 1 − 3 + 2.5) = 0.5
        Tensor z = Tensor.of(new int[] {2, 3}, 1, 0.5, -1, 3, 0, 2.5);
        assertEquals((1.5 + 0.5) / 6, Losses.multiClassHinge(z, LABELS, 1).item(), 1e-15);
        // with labels (0, 0) and margin 0.4 every true logit wins by at least 0.5: no violation
        assertEquals(0, Losses.multiClassHinge(z, NDArray.of(new int[] {2}, 0, 0), 0.4).item());
    }

    @Test void lossesHaveCorrectGradients() {
        Rng rng = new Rng(2);
        NDArray z = rng.normal(DType.F64, 0, 1, 2, 3), t = rng.normal(DType.F64, 0, 1, 2, 3);
        assertTrue(GradCheck.firstOrder(xs -> Losses.crossEntropy(xs.get(0), LABELS), List.of(z), 1) < 1e-6);
        assertTrue(GradCheck.secondOrder(xs -> Losses.crossEntropy(xs.get(0), LABELS), List.of(z), 1) < 1e-5);
        assertTrue(GradCheck.firstOrder(xs -> Losses.multiClassHinge(xs.get(0), LABELS, 1), List.of(z), 1) < 1e-6);
        assertTrue(GradCheck.secondOrder(xs -> Losses.multiClassHinge(xs.get(0), LABELS, 1), List.of(z), 1) < 1e-5);
        assertTrue(GradCheck.firstOrder(xs -> Losses.mse(xs.get(0), xs.get(1)), List.of(z, t), 1) < 1e-6);
        assertTrue(GradCheck.secondOrder(xs -> Losses.mse(xs.get(0), xs.get(1)), List.of(z, t), 1) < 1e-5);
    }

    @Test void badLabelsAreRejectedWithTheirRow() {
        Tensor z = Tensor.of(new int[] {2, 2}, 0, 0, 0, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(z, NDArray.of(new int[] {2}, 0, 2)));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(z, NDArray.of(new int[] {2}, 0, 0.5)));
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(z, NDArray.of(new int[] {3}, 0, 0, 0)));
    }

    @Test void accuracyCountsArgmaxHits() {
        NDArray z = NDArray.of(new int[] {3, 2}, 0, 1, 2, 1, 5, 6);
        assertEquals(2.0 / 3, Losses.accuracy(z, NDArray.of(new int[] {3}, 1, 0, 0)), 1e-15);
    }
}
