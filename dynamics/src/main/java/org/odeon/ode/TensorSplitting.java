package org.odeon.ode;

import java.util.List;
import org.odeon.autograd.Tensor;

/**
 * Differentiable form of a symplectic {@link SplittingScheme} (the same coefficients as
 * {@link SplittingMethod}): kicks {@code p ← p + b_i h·(−∂V/∂q)} alternating with drifts
 * {@code q ← q + a_i h·∂T/∂p}, on batches {@code y = (q, p)} of shape {@code [..., 2d]}.
 */
public final class TensorSplitting implements TensorStepper<TensorSeparableHamiltonian> {
    private final SplittingScheme scheme;

    public TensorSplitting(SplittingScheme scheme) { this.scheme = scheme; }

    public static TensorSplitting symplecticEulerKickDrift() { return new TensorSplitting(SplittingScheme.SYMPLECTIC_EULER_KICK_DRIFT); }
    public static TensorSplitting symplecticEulerDriftKick() { return new TensorSplitting(SplittingScheme.SYMPLECTIC_EULER_DRIFT_KICK); }
    public static TensorSplitting stormerVerlet() { return new TensorSplitting(SplittingScheme.STORMER_VERLET); }
    public static TensorSplitting yoshida4() { return new TensorSplitting(SplittingScheme.YOSHIDA4); }

    @Override public String name() { return scheme.name(); }

    @Override public int order() { return scheme.order(); }

    @Override
    public Tensor step(TensorSeparableHamiltonian f, double t, double h, Tensor y) {
        int d = f.degreesOfFreedom();
        if (y.dim(y.rank() - 1) != 2 * d)
            throw new IllegalArgumentException(name() + ": last axis must have length 2d = " + 2 * d + ", got " + y.dim(y.rank() - 1));
        Tensor q = y.slice(-1, 0, d), p = y.slice(-1, d, 2 * d);
        double[] kicks = scheme.kicks(), drifts = scheme.drifts();
        for (int i = 0; i < kicks.length; i++) {
            if (kicks[i] != 0) p = p.add(f.force(q).mul(kicks[i] * h));
            if (i < drifts.length && drifts[i] != 0) q = q.add(f.velocity(p).mul(drifts[i] * h));
        }
        return Tensor.cat(List.of(q, p), -1);
    }
}
