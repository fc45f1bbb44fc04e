package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The kernels of a double backward (a loss on an input gradient, as in a Hamiltonian network): the one-pass
 * pullback of tanh's backward gives the same bits as the ops it replaces, and a double backward through it
 * agrees with finite differences and with the recorded (composed) rule, which third and higher orders use.
 */
class DoubleBackwardKernelsTest extends GradientCases {

    private static NDArray n(long seed, int... shape) { return new Rng(seed).normal(DType.F64, 0, 1, shape); }

    /** Derivatives of a loss on ∂H/∂z for H a two-layer tanh net, to second order in z and the weights. */
    static Stream<Case> cases() {
        return Stream.of(
                new Case("loss on the input gradient of a tanh net", t -> inputGradient(t.get(0), t.subList(1, 5)).square().sum(),
                        List.of(n(1, 3, 4), n(2, 5, 4), n(3, 5), n(4, 1, 5), n(5, 1))),
                new Case("tanh backward, scaled", t -> Tensor.tanhBackward(t.get(0).tanh(), t.get(1)).mul(t.get(0)), List.of(n(6, 2, 3), n(7, 2, 3))));
    }

    /** {@code ∂/∂z Σ H(z)}, recorded so that it can be differentiated again. */
    private static Tensor inputGradient(Tensor z, List<Tensor> p) {
        Tensor h = Dense.affine(Dense.affineTanh(z, p.get(0), p.get(1)), p.get(2), p.get(3)).sum();
        return Autograd.grad(h, z, true);
    }

    @Test
    void theOnePassPullbackHasTheBitsOfTheSingleOps() {
        Rng rng = new Rng(8);
        for (int size : new int[] {7, 100_003}) {    // one thread, and split over the threads
            NDArray gg = rng.normal(DType.F64, 0, 1, size), g = rng.normal(DType.F64, 0, 1, size), y = rng.uniform(DType.F64, -1, 1, size);
            NDArray[] both = gg.tanhGradPullback(g, y);
            assertArrayEquals(gg.mul(g).mul(y).mul(-2).data(), both[0].data(), 0, "for y");
            assertArrayEquals(gg.tanhGrad(y).data(), both[1].data(), 0, "for g");
            NDArray[] floats = gg.astype(DType.F32).tanhGradPullback(g.astype(DType.F32), y.astype(DType.F32));
            NDArray gf = g.astype(DType.F32), yf = y.astype(DType.F32), ggf = gg.astype(DType.F32);
            assertArrayEquals(ggf.mul(gf).mul(yf).mul(-2).data(), floats[0].data(), 0, "float32: the single ops");
            assertArrayEquals(ggf.tanhGrad(yf).data(), floats[1].data(), 0, "float32: the single ops");
        }
    }

    /**
     * The last backward of a double backward runs unrecorded and takes the one-pass pullback; recording it (as a
     * third order would) takes the composed rule. Both give every gradient with the same bits.
     */
    @Test
    void unrecordedAndRecordedDoubleBackwardsAgreeBitForBit() {
        Rng rng = new Rng(9);
        List<NDArray> init = List.of(rng.normal(DType.F64, 0, 1, 64, 6), rng.normal(DType.F64, 0, 0.4, 32, 6), rng.normal(DType.F64, 0, 1, 32),
                rng.normal(DType.F64, 0, 0.2, 32, 32), rng.normal(DType.F64, 0, 1, 32), rng.normal(DType.F64, 0, 0.2, 1, 32), rng.normal(DType.F64, 0, 1, 1));
        List<List<NDArray>> results = new ArrayList<>();
        for (boolean record : new boolean[] {false, true}) {
            List<Tensor> xs = init.stream().map(a -> Tensor.param(a.copy())).toList();
            Tensor z = xs.get(0);
            Tensor h = Dense.affine(Dense.affineTanh(Dense.affineTanh(z, xs.get(1), xs.get(2)), xs.get(3), xs.get(4)), xs.get(5), xs.get(6)).sum();
            Tensor loss = Autograd.grad(h, z, true).square().sum();
            results.add(Autograd.grad(List.of(loss), xs, null, record).stream().map(Tensor::value).toList());
        }
        for (int i = 0; i < init.size(); i++) {
            assertArrayEquals(results.get(1).get(i).data(), results.get(0).get(i).data(), 0, "gradient " + i);
            // ∂H/∂z does not depend on the output bias (the last input): its gradient alone is zero
            boolean zero = java.util.Arrays.stream(results.get(0).get(i).data()).allMatch(v -> v == 0);
            assertTrue(zero == (i == init.size() - 1), "gradient " + i + (zero ? " is zero" : " is not zero"));
        }
    }
}
