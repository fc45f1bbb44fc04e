package org.odeon.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class MlpTest {
    @Test void isTheSequentialOfItsLayersWithTheSameNamesAndTheSameDraws() {
        Mlp mlp = Mlp.tanh(new Rng(3), 2, 8, 8, 2);
        Rng rng = new Rng(3);
        Sequential seq = new Sequential(new Linear(2, 8, rng), Activation.tanh(), new Linear(8, 8, rng), Activation.tanh(), new Linear(8, 2, rng));
        assertEquals(seq.namedParameters().keySet(), mlp.namedParameters().keySet());
        seq.stateDict().forEach((k, v) -> assertArrayEquals(v.data(), mlp.stateDict().get(k).data(), 0, k));
        NDArray x = new Rng(4).normal(DType.F64, 0, 1, 5, 2);
        assertArrayEquals(seq.forward(Tensor.constant(x)).value().data(), mlp.forward(Tensor.constant(x)).value().data(), 0);
        assertEquals(seq.lipschitzBound(1e-9), mlp.lipschitzBound(1e-9), 0, "the same certificate");
    }

    @Test void widthsActivationAndInitAreThoseAsked() {
        Mlp mlp = new Mlp(Mlp.widths(3, 5, 2, 1), Activation::relu, Init.zeros(), new Rng(1));
        assertArrayEquals(new int[] {3, 5, 5, 1}, mlp.widths());
        assertArrayEquals(new int[] {3, 5, 5, 1}, Mlp.widths(3, List.of(5, 5), 1));
        List<Linear> l = mlp.linears();
        assertEquals(3, l.size());
        for (Linear k : l) for (double w : k.weight().value().data()) assertEquals(0, w);
        assertArrayEquals(new int[] {1, 5}, l.get(2).weight().shape());
        assertEquals("Mlp(3 → 5 → 5 → 1, ReLU)", mlp.toString());
        // zero weights: the output is the last bias whatever the input
        double[] out = mlp.forward(Tensor.constant(new Rng(2).normal(DType.F64, 0, 1, 4, 3))).value().data();
        for (double v : out) assertEquals(l.get(2).bias().value().item(), v, 0);
    }

    @Test void gradientsOfBothOrdersMatchFiniteDifferences() {
        Mlp m = Mlp.tanh(new Rng(5), 3, 4, 2);
        List<NDArray> inputs = new ArrayList<>(List.of(new Rng(6).normal(DType.F64, 0, 1, 2, 3)));
        for (Parameter p : m.parameters()) inputs.add(p.value());
        Function<List<Tensor>, Tensor> f = ts -> m.callWith(ts.subList(1, ts.size()), ts.get(0));
        assertTrue(GradCheck.firstOrder(f, inputs, 1) < 1e-6);
        assertTrue(GradCheck.secondOrder(f, inputs, 2) < 1e-5);
    }

    @Test void badWidthsAreRejectedWithOneLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> Mlp.tanh(new Rng(1), 3));
        assertTrue(e.getMessage().contains("at least an input and an output"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Mlp.tanh(new Rng(1), 3, 0, 1));
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Mlp.widths(2, 4, 0, 1));
        assertTrue(e.getMessage().contains("hidden layer"), e.getMessage());
    }
}
