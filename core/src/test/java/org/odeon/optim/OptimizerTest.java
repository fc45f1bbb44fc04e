package org.odeon.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/** Each method against steps worked out by hand on {@code L(θ) = Σ cᵢθᵢ}, whose gradient is {@code c}. */
class OptimizerTest {
    /** One parameter θ with the given start value. */
    static class Theta extends Module {
        final Parameter theta;

        Theta(double... start) { theta = parameter("theta", NDArray.of(new int[] {start.length}, start)); }

        @Override public Tensor forward(Tensor c) { return theta.tensor().mul(c).sum(); }

        double[] values() { return theta.value().data(); }
    }

    /** Sets the gradient to {@code c} and takes one step. */
    private static void stepWithGradient(Optimizer opt, Theta m, double... c) {
        opt.zeroGrad();
        m.forward(Tensor.of(new int[] {c.length}, c)).backward();
        opt.step();
    }

    @Test void sgdStepsAgainstTheGradient() {
        Theta m = new Theta(1, -2);
        Sgd opt = new Sgd(m.namedParameters(), 0.1);
        stepWithGradient(opt, m, 0.5, 1);
        assertArrayEquals(new double[] {1 - 0.1 * 0.5, -2 - 0.1 * 1}, m.values(), 1e-15);
        assertEquals(1, opt.stepCount());
    }

    @Test void sgdWithMomentumAndWeightDecay() {
        Theta m = new Theta(1);
        Sgd opt = new Sgd(m.namedParameters(), 0.1, 0.9, false, 0.1);
        stepWithGradient(opt, m, 2);
        // g' = 2 + 0.1·1 = 2.1, b = 2.1, θ = 1 − 0.21 = 0.79
        assertEquals(0.79, m.values()[0], 1e-15);
        stepWithGradient(opt, m, 2);
        // g' = 2 + 0.1·0.79 = 2.079, b = 0.9·2.1 + 2.079 = 3.969, θ = 0.79 − 0.3969 = 0.3931
        assertEquals(0.3931, m.values()[0], 1e-15);
        assertEquals(3.969, opt.state().get("theta.momentum").item(), 1e-15);
    }

    @Test void sgdWithNesterovMomentumLooksAhead() {
        Theta m = new Theta(1);
        Sgd opt = new Sgd(m.namedParameters(), 0.1, 0.9, true, 0);
        stepWithGradient(opt, m, 2);
        // b = 2, θ = 1 − 0.1·(2 + 0.9·2) = 0.62
        assertEquals(0.62, m.values()[0], 1e-15);
        stepWithGradient(opt, m, 2);
        // b = 0.9·2 + 2 = 3.8, θ = 0.62 − 0.1·(2 + 0.9·3.8) = 0.078
        assertEquals(0.078, m.values()[0], 1e-15);
    }

    @Test void adamTakesBiasCorrectedNormalisedSteps() {
        Theta m = new Theta(1);
        Adam opt = new Adam(m.namedParameters(), 0.1);
        stepWithGradient(opt, m, 2);
        // m = 0.2, v = 0.004, m̂ = 2, v̂ = 4: θ = 1 − 0.1·2/(2 + 1e−8)
        assertEquals(1 - 0.1 * 2 / (2 + 1e-8), m.values()[0], 1e-15);
        stepWithGradient(opt, m, -1);
        // m = 0.9·0.2 − 0.1 = 0.08, v = 0.999·0.004 + 0.001 = 0.004996,
        // m̂ = 0.08/0.19 = 0.421053, v̂ = 0.004996/0.001999 = 2.499250: step 0.1·0.421053/1.580901 = 0.0266337
        assertEquals(0.9 - 0.0266337038, m.values()[0], 1e-9);
        assertEquals(0.08, opt.state().get("theta.exp_avg").item(), 1e-15);
        assertEquals(0.004996, opt.state().get("theta.exp_avg_sq").item(), 1e-15);
    }

    @Test void adamCouplesWeightDecayWhileAdamWDecouplesIt() {
        Theta a = new Theta(1), w = new Theta(1);
        Adam adam = new Adam(a.namedParameters(), 0.1, 0.9, 0.999, 1e-8, 0.5);
        AdamW adamW = new AdamW(w.namedParameters(), 0.1, 0.9, 0.999, 1e-8, 0.5);
        stepWithGradient(adam, a, 2);
        stepWithGradient(adamW, w, 2);
        // Adam: g' = 2 + 0.5·1 = 2.5, first step moves by η·g'/|g'| = 0.1
        assertEquals(1 - 0.1 * 2.5 / (2.5 + 1e-8), a.values()[0], 1e-15);
        // AdamW: θ = (1 − 0.1·0.5)·1 − 0.1·2/(2 + 1e−8) = 0.85
        assertEquals(0.95 - 0.1 * 2 / (2 + 1e-8), w.values()[0], 1e-15);
    }

    @Test void parametersWithoutGradientAreLeftAlone() {
        Theta used = new Theta(1), unused = new Theta(5);
        Map<String, Parameter> both = new LinkedHashMap<>(used.namedParameters());
        both.put("other", unused.theta);
        Adam opt = new Adam(both, 0.1);
        stepWithGradient(opt, used, 1);
        assertEquals(5, unused.values()[0]);
        assertEquals(0, opt.state().get("other.exp_avg").item());
    }

    @Test void float32ParametersStayFloat32() {
        Theta m = new Theta(1.0 / 3);
        m.to(DType.F32);
        Adam opt = new Adam(m.namedParameters(), 0.01);
        for (int i = 0; i < 3; i++) stepWithGradient(opt, m, 0.7);
        double v = m.values()[0];
        assertEquals((float) v, v);
    }

    @Test void clippingRescalesToTheGlobalNormAndReportsTheNormBefore() {
        Theta a = new Theta(0, 0), b = new Theta(0);
        Map<String, Parameter> ps = Map.of("a", a.theta, "b", b.theta);
        a.forward(Tensor.of(new int[] {2}, 3, 0)).backward();
        b.forward(Tensor.of(new int[] {1}, 4)).backward();
        assertEquals(5, GradClip.clipGlobalNorm(ps.values(), 1), 1e-15);
        assertArrayEquals(new double[] {0.6, 0}, a.theta.grad().data(), 1e-15);
        assertEquals(0.8, b.theta.grad().item(), 1e-15);
        assertEquals(1, GradClip.clipGlobalNorm(ps.values(), 2), 1e-15);
        assertEquals(0.8, b.theta.grad().item(), 1e-15);
    }

    @Test void aClippedStepUsesTheClippedGradient() {
        Theta m = new Theta(0, 0);
        Sgd opt = new Sgd(m.namedParameters(), 1);
        opt.clipGradNorm(1);
        stepWithGradient(opt, m, 30, 40);
        assertArrayEquals(new double[] {-0.6, -0.8}, m.values(), 1e-15);
    }

    @Test void theScheduleSetsTheLearningRateOfEachStep() {
        Theta m = new Theta(0);
        Sgd opt = new Sgd(m.namedParameters(), 123);
        opt.schedule(t -> t + 1);  // η₀ = 1, η₁ = 2, η₂ = 3
        for (int i = 0; i < 3; i++) stepWithGradient(opt, m, 1);
        assertEquals(-(1 + 2 + 3), m.values()[0]);
        assertEquals(3, opt.learningRate());
    }

    @Test void thePostStepHookProjectsEveryStepOntoTheConstraintSet() {
        Theta inner = new Theta(0.5, -0.5) {
            @Override protected void constrain() { theta.assign(theta.value().clamp(-1, 1)); }
        };
        Module model = new Module() {
            { child("inner", inner); }
            @Override public Tensor forward(Tensor c) { return inner.forward(c); }
        };
        int[] calls = {0};
        Sgd opt = new Sgd(model.namedParameters(), 1);
        opt.projecting(model).afterStep(() -> calls[0]++);
        opt.zeroGrad();
        model.forward(Tensor.of(new int[] {2}, -3, 0.25)).backward();
        opt.step();
        assertArrayEquals(new double[] {1, -0.75}, inner.values(), 1e-15);
        assertEquals(1, calls[0]);
    }

    @Test void restoredStateContinuesExactlyAsTheOriginal() {
        Theta a = new Theta(1, 2, 3);
        Adam optA = new Adam(a.namedParameters(), 0.05);
        optA.schedule(Schedule.cosine(0.05, 0.001, 10));
        double[][] grads = {{1, -2, 0.5}, {0.3, 0.1, -1}, {2, 2, 2}, {-1, 0, 1}, {0.5, 0.5, -0.5}};
        for (int i = 0; i < 3; i++) stepWithGradient(optA, a, grads[i]);
        Map<String, NDArray> params = a.stateDict(), state = optA.state();

        Theta b = new Theta(0, 0, 0);
        b.loadStateDict(params);
        Adam optB = new Adam(b.namedParameters(), 0.05);
        optB.schedule(Schedule.cosine(0.05, 0.001, 10));
        optB.loadState(state);
        for (int i = 3; i < 5; i++) {
            stepWithGradient(optA, a, grads[i]);
            stepWithGradient(optB, b, grads[i]);
        }
        assertArrayEquals(a.values(), b.values(), 0);
        assertEquals(5, optB.stepCount());
    }

    @Test void loadStateNamesWhatIsWrong() {
        Theta m = new Theta(1, 2);
        Sgd opt = new Sgd(m.namedParameters(), 0.1, 0.5, false, 0);
        Map<String, NDArray> s = new LinkedHashMap<>(opt.state());
        s.put("theta.momentum", NDArray.zeros(DType.F64, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> opt.loadState(s));
        assertTrue(e.getMessage().contains("theta.momentum") && e.getMessage().contains("[2]"), e.getMessage());
        s.remove("theta.momentum");
        e = assertThrows(IllegalArgumentException.class, () -> opt.loadState(s));
        assertTrue(e.getMessage().contains("lacks 'theta.momentum'"), e.getMessage());
        Map<String, NDArray> adamState = new Adam(m.namedParameters(), 0.1).state();
        e = assertThrows(IllegalArgumentException.class, () -> opt.loadState(adamState));
        assertTrue(e.getMessage().contains("theta.exp_avg"), e.getMessage());
    }

    @Test void badHyperparametersAreRejected() {
        Map<String, Parameter> ps = new Theta(1).namedParameters();
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, -1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 0.1, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 1, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 0.1).clipGradNorm(0));
    }
}
