package org.odeon.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class LayerNormTest {
    @Test void normalisesEachRowThenScalesAndShifts() {
        LayerNorm ln = new LayerNorm(3, 1e-12, true);
        ln.namedParameters().get("weight").assign(NDArray.of(new int[] {3}, 2, 2, 2));
        ln.namedParameters().get("bias").assign(NDArray.of(new int[] {3}, 1, 1, 1));
        double[] y = ln.forward(Tensor.of(new int[] {1, 3}, 1, 2, 3)).value().data();
        double s = Math.sqrt(2.0 / 3);   // population std of (1, 2, 3)
        assertEquals(1 - 2 / s, y[0], 1e-10);
        assertEquals(1, y[1], 1e-12);
        assertEquals(1 + 2 / s, y[2], 1e-10);
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.stateDict().keySet()));
    }

    @Test void gradientsInInputAndParametersMatchFiniteDifferences() {
        LayerNorm ln = new LayerNorm(4);
        NDArray x = new Rng(1).normal(DType.F64, 0, 1, 3, 4), g = new Rng(2).normal(DType.F64, 1, 0.3, 4), b = new Rng(3).normal(DType.F64, 0, 1, 4);
        var f = (java.util.function.Function<List<Tensor>, Tensor>) t -> ln.callWith(List.of(t.get(1), t.get(2)), t.get(0));
        assertTrue(GradCheck.firstOrder(f, List.of(x, g, b), 4) < 1e-6);
        assertTrue(GradCheck.secondOrder(f, List.of(x, g, b), 5) < 1e-5);
    }

    @Test void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(0));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(3, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(3).forward(Tensor.of(new int[] {2}, 1, 2)));
    }
}
