package org.odeon.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class ModuleTest {
    /** A model with an own parameter, a nested Sequential, and a constrained layer. */
    static final class Net extends Module {
        final Parameter scale = parameter("scale", NDArray.of(new int[] {1}, 2));
        final Sequential layers;
        final Clipped head;

        Net(Rng rng) {
            layers = child("layers", new Sequential(new Linear(3, 4, rng), Activation.relu(), new Linear(4, 2, false, Init.orthogonal(1), rng)));
            head = child("head", new Clipped());
        }

        @Override public Tensor forward(Tensor x) { return head.forward(layers.forward(x).mul(scale.tensor())); }
    }

    /** A layer whose weight must stay in [−1, 1]. */
    static final class Clipped extends Module {
        final Parameter w = parameter("w", NDArray.of(new int[] {2}, 0.5, -0.5));

        @Override public Tensor forward(Tensor x) { return x.mul(w.tensor()); }

        @Override protected void constrain() { w.assign(w.value().clamp(-1, 1)); }
    }

    @Test void parametersHaveStableDottedNamesInRegistrationOrder() {
        Net net = new Net(new Rng(1));
        assertEquals(List.of("scale", "layers.0.weight", "layers.0.bias", "layers.2.weight", "head.w"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(1 + 12 + 4 + 8 + 2, net.parameterCount());
    }

    @Test void aSharedParameterIsListedOnceUnderItsFirstName() {
        Linear l = new Linear(2, 2, new Rng(1));
        Sequential tied = new Sequential(l, Activation.tanh(), l);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(tied.namedParameters().keySet()));
    }

    @Test void trainAndEvalReachEveryModuleOfTheTree() {
        Net net = new Net(new Rng(1));
        assertTrue(net.layers.get(1).isTraining());
        net.eval();
        assertFalse(net.isTraining() || net.layers.isTraining() || net.layers.get(2).isTraining() || net.head.isTraining());
        net.train(true);
        assertTrue(net.head.isTraining() && net.layers.get(0).isTraining());
    }

    @Test void projectPutsNestedLayersBackOnTheirConstraintSets() {
        Net net = new Net(new Rng(1));
        net.head.w.value().data()[0] = 3;
        net.project();
        assertArrayEquals(new double[] {1, -0.5}, net.head.w.value().data());
    }

    @Test void stateDictRoundTripsAndRejectsMismatchesByName() {
        Net a = new Net(new Rng(1)), b = new Net(new Rng(2));
        b.loadStateDict(a.stateDict());
        NDArray x = new Rng(3).normal(DType.F64, 0, 1, 5, 3);
        assertArrayEquals(a.forward(Tensor.constant(x)).value().data(), b.forward(Tensor.constant(x)).value().data());

        Map<String, NDArray> bad = new java.util.LinkedHashMap<>(a.stateDict());
        bad.put("layers.0.bias", NDArray.zeros(DType.F64, 5));
        var e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(bad));
        assertTrue(e.getMessage().contains("layers.0.bias") && e.getMessage().contains("[4]") && e.getMessage().contains("[5]"), e.getMessage());
        bad.remove("layers.0.bias");
        e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(bad));
        assertTrue(e.getMessage().contains("lacks parameter 'layers.0.bias'"), e.getMessage());
        bad.put("layers.0.bias", NDArray.zeros(DType.F64, 4));
        bad.put("extra", NDArray.zeros(DType.F64, 1));
        e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(bad));
        assertTrue(e.getMessage().contains("'extra'"), e.getMessage());
    }

    /** A layer with a buffer: counts its forward passes, which change its output. */
    static final class Counting extends Module {
        final Buffer calls = buffer("calls", NDArray.scalar(0));

        @Override public Tensor forward(Tensor x) {
            calls.set(NDArray.scalar(calls.value().item() + 1));
            return x.mul(calls.value().item());
        }
    }

    @Test void buffersTravelInTheStateDictAfterTheParametersAndAreRestored() {
        var outer = new Module() {
            final Linear lin = child("lin", new Linear(2, 2, true, Init.orthogonal(1), new Rng(1)));
            final Counting count = child("count", new Counting());

            @Override public Tensor forward(Tensor x) { return count.forward(lin.forward(x)); }
        };
        outer.forward(Tensor.of(new int[] {1, 2}, 1, 2));
        outer.forward(Tensor.of(new int[] {1, 2}, 1, 2));
        var state = outer.stateDict();
        assertEquals(List.of("lin.weight", "lin.bias", "count.calls"), List.copyOf(state.keySet()));
        assertEquals(2.0, state.get("count.calls").item());
        assertEquals(List.of("count.calls"), List.copyOf(outer.namedBuffers().keySet()));
        assertTrue(outer.parameters().size() == 2, "a buffer is not trained");

        var fresh = new Counting();
        fresh.loadStateDict(Map.of("calls", NDArray.scalar(5)));
        assertEquals(12.0, fresh.forward(Tensor.scalar(2)).item(), "restored count 5, then the sixth call");
        var e = assertThrows(IllegalArgumentException.class, () -> new Counting().loadStateDict(Map.of()));
        assertTrue(e.getMessage().contains("lacks buffer 'calls'"), e.getMessage());
    }

    @Test void stateDictIsACopy() {
        Net net = new Net(new Rng(1));
        NDArray saved = net.stateDict().get("scale");
        net.scale.value().data()[0] = 7;
        assertEquals(2, saved.item());
    }

    @Test void callWithEvaluatesTheModelAtOtherParametersAndRestoresItsOwn() {
        Linear l = new Linear(2, 1, new Rng(1));
        Tensor x = Tensor.of(new int[] {1, 2}, 1, 2);
        double own = l.forward(x).item();
        Tensor w = Tensor.of(new int[] {1, 2}, 10, 100), b = Tensor.of(new int[] {1}, 1000);
        assertEquals(1210, l.callWith(List.of(w, b), x).item());
        assertEquals(own, l.forward(x).item());
        assertThrows(IllegalArgumentException.class, () -> l.callWith(List.of(w), x));
    }

    @Test void toConvertsEveryParameter() {
        Net net = new Net(new Rng(1));
        net.to(DType.F32);
        for (Parameter p : net.parameters()) assertEquals(DType.F32, p.dtype());
        assertEquals(DType.F32, net.forward(Tensor.constant(NDArray.zeros(DType.F32, 1, 3))).dtype());
    }

    @Test void badNamesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Module() {
            { parameter("a.b", NDArray.scalar(1)); }
            @Override public Tensor forward(Tensor x) { return x; }
        });
        assertTrue(e.getMessage().contains("a.b"));
        assertThrows(IllegalArgumentException.class, () -> new Module() {
            { parameter("w", NDArray.scalar(1)); child("w", new Flatten()); }
            @Override public Tensor forward(Tensor x) { return x; }
        });
    }
}
