package org.odeon.models.lipschitz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.GradCheck;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.robust.Margins;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

/** First-order gradient checks, in the input and every parameter, of the new differentiable pieces. */
class GradientChecksTest {
    static final double TOL = 1e-6;

    /** Checks {@code (x, θ) ↦ m_θ(x)} at {@code x}; smooth away from ReLU kinks, which random points avoid. */
    static double check(Module m, NDArray x) {
        List<NDArray> inputs = new ArrayList<>();
        inputs.add(x);
        for (Parameter p : m.parameters()) inputs.add(p.value().copy());
        return GradCheck.firstOrder(ts -> m.callWith(ts.subList(1, ts.size()), ts.get(0)), inputs, 1);
    }

    static NDArray x(int... shape) { return new Rng(99).normal(DType.F64, 0, 1, shape); }

    @Test void gradientStepsOnDenseAndConvolutionalPotentials() {
        Rng rng = new Rng(1);
        Potential dense = new Potential(new Operator.Dense(4, 3), Activation.leakyRelu(0.2), 1, Init.normal(0, 1), rng);
        Potential conv = new Potential(new Operator.Convolution(2, 2, 3, 2, 1, org.odeon.tensor.IndexMap.Pad.ZERO, 5, 5), Activation.leakyRelu(0.2), 1, Init.normal(0, 1), rng);
        assertTrue(check(GradientStep.damped(dense, 0.3, 0.8), x(3, 4)) < TOL);
        assertTrue(check(GradientStep.expansive(dense, 1, 0.4), x(3, 4)) < TOL);
        assertTrue(check(GradientStep.negative(conv, 0.8), x(2, 2, 5, 5)) < TOL);
    }

    @Test void stepPairsAndTheAdaptiveFlow() {
        Rng rng = new Rng(2);
        for (StepPair.Mixing m : StepPair.Mixing.values())
            assertTrue(check(StepPair.of(m, new Operator.Dense(4, 4), rng), x(3, 4)) < TOL, m.toString());
        Potential p = new Potential(new Operator.Dense(4, 4), Activation.leakyRelu(0.1), Double.POSITIVE_INFINITY, Init.normal(0, 1), rng);
        assertTrue(check(new AdaptiveFlow(p, 1), x(3, 4)) < TOL);
    }

    @Test void spectralNormalisationDifferentiatesThroughTheNormEstimate() {
        SpectralNormalized dense = new SpectralNormalized(new Operator.Dense(4, 3), 1, true, Init.normal(0, 2), new Rng(3));
        SpectralNormalized conv = new SpectralNormalized(org.odeon.models.lipschitz.Operator.Convolution.same(1, 2, 3, 4, 4), 1, true, Init.normal(0, 2), new Rng(4));
        dense.eval();
        conv.eval();
        assertTrue(check(dense, x(2, 4)) < TOL);
        assertTrue(check(conv, x(2, 1, 4, 4)) < TOL);
    }

    @Test void orthogonalMapsThroughTheExponentialAndTheCayleyTransform() {
        for (OrthogonalLinear.Map map : OrthogonalLinear.Map.values())
            assertTrue(check(new OrthogonalLinear(4, 3, map, true, new Rng(5)), x(2, 4)) < TOL, map.toString());
    }

    @Test void theLogitMargin() {
        NDArray labels = NDArray.of(new int[] {3}, 0, 2, 1);
        assertTrue(GradCheck.firstOrder(ts -> Margins.margin(ts.get(0), labels), List.of(x(3, 4)), 2) < TOL);
    }

}
