package org.odeon.models.lipschitz;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.nn.Buffer;
import org.odeon.tensor.NDArray;

/**
 * Persistent power iteration for {@code ‖A‖}: the unit vector {@code v} survives between calls, so
 * one iteration per training step tracks the top singular pair of slowly changing weights.
 * {@code σ̂ = ‖Av‖ ≤ ‖A‖} is an estimate from below; certificates use {@link Operator#normBound}.
 * Both {@code v} and {@code σ̂} steer training (normalisation, projection), so they live in buffers
 * of the owning module and are saved and restored with it.
 */
final class PowerIteration {
    private final Operator op;
    private final Buffer vector, sigma;

    /** Over the buffers {@code vector} (from {@link #start}) and {@code sigma} (a scalar) that the owner registered. */
    PowerIteration(Operator op, Buffer vector, Buffer sigma) {
        this.op = op;
        this.vector = vector;
        this.sigma = sigma;
    }

    /** A seeded random unit starting vector for {@code op}. */
    static NDArray start(Operator op, long seed) {
        NDArray v = OperatorNorm.randomStart(Operator.batched(op.inputShape()), seed);
        return v.mul(1 / v.norm());
    }

    /** Runs {@code iterations} steps {@code v ← AᵀAv/‖AᵀAv‖} and returns {@code σ̂ = ‖Av‖}. */
    double refresh(NDArray w, int iterations) {
        try (var ng = GradMode.off()) {
            Tensor wt = Tensor.constant(w);
            for (int i = 0; i < iterations; i++) {
                NDArray next = op.adjoint(op.apply(Tensor.constant(vector.value()), wt), wt).value();
                double n = next.norm();
                if (n == 0) return setEstimate(0);
                vector.set(next.mul(1 / n));
            }
            return setEstimate(op.apply(Tensor.constant(vector.value()), wt).value().norm());
        }
    }

    private double setEstimate(double s) {
        sigma.set(NDArray.scalar(s));
        return s;
    }

    /** The last {@code σ̂}. */
    double estimate() { return sigma.value().item(); }

    /** {@code σ̂(W) = ⟨u, A_W v⟩} with {@code u = Av/‖Av‖} and {@code v} held fixed: differentiable in {@code W}. */
    Tensor differentiable(Tensor w) {
        NDArray u;
        try (var ng = GradMode.off()) {
            NDArray av = op.apply(Tensor.constant(vector.value()), Tensor.constant(w.value())).value();
            double n = av.norm();
            u = n == 0 ? av : av.mul(1 / n);
        }
        return op.apply(Tensor.constant(vector.value()), w).mulConst(u).sum();
    }

    /** Rescales the stored estimate after the weight was multiplied by {@code factor > 0}. */
    void rescaled(double factor) { setEstimate(estimate() * factor); }
}
