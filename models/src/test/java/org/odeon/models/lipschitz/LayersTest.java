package org.odeon.models.lipschitz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.robust.Lipschitz;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.Blas;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

class LayersTest {
    static final Operator DENSE = new Operator.Dense(5, 5);

    static NDArray run(Module m, NDArray x) {
        try (var ng = GradMode.off()) { return m.forward(Tensor.constant(x)).value(); }
    }

    static Potential potential(Operator op, double maxNorm, double std, long seed) {
        return new Potential(op, Activation.relu(), maxNorm, Init.normal(0, std), new Rng(seed));
    }

    @Test void aGradientStepWithStepTwoOverNormSquaredSortsAPair() {
        GradientStep s = FixedWidthResNet.sortingStep(4, 1, 3);
        NDArray y = run(s, NDArray.of(new int[] {2, 4}, 9, 5, 7, 2, 0, -1, 4, 3));
        assertArrayEquals(new double[] {9, 2, 7, 5, 0, -1, 4, 3}, y.data(), 1e-12);
        assertEquals(1, s.lipschitzBound(1e-6), 1e-9);
    }

    @Test void projectionKeepsTheNormOfAAtMostItsRadius() {
        Potential p = potential(DENSE, 1, 1, 1);
        p.weight().value().scaleInPlace(10);
        for (int i = 0; i < 10; i++) p.project();
        assertTrue(p.normBound(1e-6) <= 1.001, "‖A‖ = " + p.normBound(1e-6));
        assertTrue(p.normBound(1e-6) >= 0.99, "projection should not shrink A below its radius");
    }

    @Test void aNegativeStepClampsItsStepIntoTwoOverLNormSquared() {
        GradientStep s = GradientStep.negative(potential(DENSE, Double.POSITIVE_INFINITY, 1, 2), 1000);
        double a = s.potential().normBound(1e-8);
        assertTrue(s.stepValue(Double.POSITIVE_INFINITY) <= 2 / (a * a) * 1.0001, "step " + s.stepValue(Double.POSITIVE_INFINITY));
        assertTrue(s.stepValue(Double.POSITIVE_INFINITY) >= 2 / (a * a) / 1.05, "the clamp should sit at the limit");
        assertTrue(s.lipschitzBound(1e-8) <= 1 + 1e-6);
    }

    @Test void anExpansiveStepIsCertifiedAtOnePlusHNormSquaredAndReachesIt() {
        GradientStep s = GradientStep.expansive(potential(DENSE, 1, 1, 3), 0.5, 5);
        assertEquals(0.5, s.stepValue(Double.POSITIVE_INFINITY));
        double bound = s.lipschitzBound(1e-8);
        assertEquals(1 + 0.5 * Math.pow(s.potential().normBound(1e-8), 2), bound, 1e-12);
        // Where all of Ax + b is positive the step is the linear map I + h·AᵀA, whose norm is the bound.
        s.potential().bias().value().assign(NDArray.full(DType.F64, 100, 5));
        double found = Lipschitz.lowerBound(s, new Rng(1).normal(DType.F64, 0, 1, 4, 5), 1e-3, 200, 0.3, 1).ratio();
        assertTrue(found > bound * 0.99 && found <= bound * (1 + 1e-9), "found " + found + ", bound " + bound);
    }

    @Test void thePrescribedPairShrinksItsExpansionUntilThePairIsNonExpansive() {
        StepPair pair = StepPair.of(StepPair.Mixing.PRESCRIBED, DENSE, new Rng(4));
        pair.namedParameters().forEach((n, p) -> { if (n.equals("second.step")) p.value().scaleInPlace(1000); });
        assertTrue(pair.lipschitzBound(1e-8) <= 1.0 + 1e-9 || pair.lipschitzBound(1e-8) <= 1.03, "bound " + pair.lipschitzBound(1e-8));
        assertTrue(pair.expansionLimit() > 0.1, "a damped step with c ≈ 0.5 leaves room for expansion, limit " + pair.expansionLimit());
        NDArray x = new Rng(5).normal(DType.F64, 0, 1, 3, 5);
        assertTrue(Lipschitz.lowerBound(pair, x, 0.1, 50, 0.2, 2).ratio() <= 1 + 1e-9);
    }

    @Test void aDeepFixedWidthNetKeepsItsSignalAtInitialisation() {
        // Small initial steps and orthogonal interlayers: depth 64 starts near an isometry, so training has a gradient to follow.
        FixedWidthResNet net = new FixedWidthResNet(2, 5, 64, 5, new Rng(13));
        NDArray x = new Rng(14).normal(DType.F64, 0, 1, 64, 2), y = new Rng(15).normal(DType.F64, 0, 1, 64, 2);
        NDArray fx = run(net, x), fy = run(net, y);
        double ratio = fx.sub(fy).norm() / x.sub(y).norm();
        assertTrue(ratio > 0.01 && ratio <= 1, "‖f(x) − f(y)‖/‖x − y‖ = " + ratio);
    }

    @Test void theAdaptiveFlowTakesMoreStepsAsTheNormGrows() {
        AdaptiveFlow f = new AdaptiveFlow(potential(DENSE, Double.POSITIVE_INFINITY, 0.3, 6), 1);
        double s = f.potential().normEstimate() * GradientStep.MARGIN;
        assertEquals(Math.max(1, (int) Math.ceil(s * s / 2)), f.steps());
        f.potential().weight().value().scaleInPlace(4);
        for (int i = 0; i < 5; i++) f.project();
        double s4 = f.potential().normEstimate() * GradientStep.MARGIN;
        assertEquals((int) Math.ceil(s4 * s4 / 2), f.steps());
        assertTrue(f.steps() >= 8, "‖A‖ grew fourfold, steps " + f.steps());
        assertTrue(f.lipschitzBound(1e-8) <= 1 + 1e-9);
    }

    @Test void aBudgetedFlowStaysCertifiedWhenTheNormOutgrowsItsStepBudget() {
        AdaptiveFlow f = AdaptiveFlow.budgeted(DENSE, Activation.relu(), 1, 1, 6, Init.normal(0, 0.3), new Rng(9));
        f.potential().weight().value().scaleInPlace(20);
        f.project();
        // One power iteration after the jump leaves ‖A‖ within the margin the step count allows for.
        assertTrue(f.potential().normBound(1e-8) <= Math.sqrt(2 * 6), "‖A‖ ≤ " + f.potential().normBound(1e-8) + " exceeds √(2·budget)");
        assertTrue(f.steps() <= 6, "steps " + f.steps());
        assertTrue(f.lipschitzBound(1e-8) <= 1 + 1e-9, "bound " + f.lipschitzBound(1e-8));
        NDArray x = new Rng(10).normal(DType.F64, 0, 1, 3, 5);
        assertTrue(Lipschitz.lowerBound(f, x, 0.1, 50, 0.2, 3).ratio() <= 1 + 1e-9);
        AdaptiveFlow unbudgeted = new AdaptiveFlow(potential(DENSE, Double.POSITIVE_INFINITY, 0.3, 9), 1, 1, 6);
        unbudgeted.potential().weight().value().scaleInPlace(20);
        for (int i = 0; i < 5; i++) unbudgeted.project();
        assertTrue(unbudgeted.lipschitzBound(1e-8) > 1, "control: a capped flow beyond its budget is not certified");
    }

    @Test void theAveragedFlowSatisfiesItsAveragednessInequality() {
        // T is α-averaged iff ‖Tx − Ty‖² ≤ ‖x − y‖² − ((1 − α)/α)·‖(x − Tx) − (y − Ty)‖².
        AdaptiveFlow f = new AdaptiveFlow(potential(DENSE, Double.POSITIVE_INFINITY, 1, 7), 1, 0.5, 64);
        double alpha = f.averagedness(1e-8);
        assertTrue(alpha < 1, "certified α = " + alpha);
        Rng rng = new Rng(8);
        NDArray x = rng.normal(DType.F64, 0, 2, 50, 5), y = rng.normal(DType.F64, 0, 2, 50, 5);
        NDArray tx = run(f, x), ty = run(f, y);
        for (int i = 0; i < 50; i++) {
            double dx = 0, dt = 0, dr = 0;
            for (int j = 0; j < 5; j++) {
                int k = i * 5 + j;
                double a = x.data()[k] - y.data()[k], b = tx.data()[k] - ty.data()[k];
                dx += a * a;
                dt += b * b;
                dr += (a - b) * (a - b);
            }
            assertTrue(dt <= dx - (1 - alpha) / alpha * dr + 1e-9, "pair " + i + " violates " + alpha + "-averagedness");
        }
    }

    @Test void orthogonalParametrisationsStayOnTheGroup() {
        for (OrthogonalLinear.Map map : OrthogonalLinear.Map.values()) {
            OrthogonalLinear o = new OrthogonalLinear(6, 6, map, false, new Rng(9));
            o.namedParameters().get("skew").value().scaleInPlace(5);      // far from the identity
            NDArray q;
            try (var ng = GradMode.off()) { q = o.orthogonal().value(); }
            NDArray qtq = Blas.matmul(q, true, q, false);
            assertArrayEquals(NDArray.eye(DType.F64, 6).data(), qtq.data(), 1e-9, map + ": QᵀQ ≠ I");
            assertEquals(1, OperatorNorm.matrixBound(q), 1e-3);
        }
        OrthogonalLinear wide = new OrthogonalLinear(6, 3, OrthogonalLinear.Map.CAYLEY, false, new Rng(10));
        NDArray w;
        try (var ng = GradMode.off()) { w = wide.weight().value(); }
        assertArrayEquals(NDArray.eye(DType.F64, 3).data(), Blas.matmul(w, false, w, true).data(), 1e-9, "rows of a 6 → 3 map are orthonormal");
    }

    @Test void spectralNormalisationHoldsTheNormAtItsRadiusAfterTraining() {
        SpectralNormalized s = new SpectralNormalized(Operator.Convolution.same(2, 3, 3, 6, 6), 1, true, Init.normal(0, 2), new Rng(11));
        s.train(true);
        NDArray kick = new Rng(12).normal(DType.F64, 0, 1, s.weight().value().shape());
        for (int i = 0; i < 5; i++) {
            s.weight().value().axpyInPlace(1, kick);    // an optimizer step the one-iteration estimate lags behind
            s.forward(Tensor.constant(NDArray.zeros(DType.F64, 1, 2, 6, 6)));
        }
        s.eval();
        double bound = s.lipschitzBound(1e-7);
        assertTrue(bound >= 0.999 && bound <= 1 + 1e-6, "normalised conv norm after eval() " + bound);
        var state = s.stateDict();
        state.put("weight", state.get("weight").mul(3));
        s.loadStateDict(state);                      // in evaluation mode: the normaliser follows the new weights
        assertTrue(s.lipschitzBound(1e-7) <= 1 + 1e-6, "after loading ×3 weights " + s.lipschitzBound(1e-7));
    }

    @Test void aComposedModelIsBoundedByTheProductOfItsParts() {
        Rng rng = new Rng(12);
        Module[] parts = {new SpectralNormalized(new Operator.Dense(3, 5), 2, true, Init.normal(0, 1), rng),
                Regime.FLEXIBLE.block(DENSE, rng), Regime.BASELINE.block(DENSE, rng), new SpectralNormalized(new Operator.Dense(5, 2), 1, true, Init.normal(0, 1), rng)};
        var model = new org.odeon.nn.Sequential(parts);
        double product = 1;
        for (Module p : parts) product *= Lipschitz.bound(p, 1e-6);
        double whole = Lipschitz.bound(model, 1e-6);
        assertTrue(whole <= product * (1 + 1e-12), "whole " + whole + " > product " + product);
        double found = Lipschitz.lowerBound(model, rng.normal(DType.F64, 0, 1, 8, 3), 0.2, 60, 0.2, 3).ratio();
        assertTrue(found <= whole, "found " + found + " above the certified " + whole);
    }

    @Test void unknownLayersAreRefusedByName() {
        var ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Lipschitz.bound(new org.odeon.nn.LayerNorm(4), 1e-6));
        assertTrue(ex.getMessage().contains("LayerNorm"), ex.getMessage());
    }
}
