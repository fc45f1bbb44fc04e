package org.odeon.models.lipschitz;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.NDArray;

/**
 * Persistent power iteration for {@code ‖A‖}: the unit vector {@code v} survives between calls, so
 * one iteration per training step tracks the top singular pair of slowly changing weights.
 * {@code σ̂ = ‖Av‖ ≤ ‖A‖} is an estimate from below; certificates use {@link Operator#normBound}.
 */
final class PowerIteration {
    private final Operator op;
    private NDArray v;
    private double estimate;

    PowerIteration(Operator op, long seed) {
        this.op = op;
        this.v = OperatorNorm.randomStart(Operator.batched(op.inputShape()), seed);
        this.v = v.mul(1 / v.norm());
    }

    /** Runs {@code iterations} steps {@code v ← AᵀAv/‖AᵀAv‖} and returns {@code σ̂ = ‖Av‖}. */
    double refresh(NDArray w, int iterations) {
        try (var ng = GradMode.off()) {
            Tensor wt = Tensor.constant(w);
            for (int i = 0; i < iterations; i++) {
                NDArray av = op.apply(Tensor.constant(v), wt).value();
                estimate = av.norm();
                NDArray next = op.adjoint(Tensor.constant(av), wt).value();
                double n = next.norm();
                if (n == 0) return estimate = 0;
                v = next.mul(1 / n);
            }
            estimate = op.apply(Tensor.constant(v), wt).value().norm();
            return estimate;
        }
    }

    /** The last {@code σ̂}. */
    double estimate() { return estimate; }

    /** {@code σ̂(W) = ⟨u, A_W v⟩} with {@code u = Av/‖Av‖} and {@code v} held fixed: differentiable in {@code W}. */
    Tensor differentiable(Tensor w) {
        NDArray u;
        try (var ng = GradMode.off()) {
            NDArray av = op.apply(Tensor.constant(v), Tensor.constant(w.value())).value();
            double n = av.norm();
            u = n == 0 ? av : av.mul(1 / n);
        }
        return op.apply(Tensor.constant(v), w).mulConst(u).sum();
    }

    /** Rescales the stored estimate after the weight was multiplied by {@code factor > 0}. */
    void rescaled(double factor) { estimate *= factor; }
}
