package org.odeon.models.symplectic;

import java.util.function.UnaryOperator;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.ode.HipparchusReference;
import org.odeon.ode.ImplicitMidpoint;
import org.odeon.ode.SeparableHamiltonian;
import org.odeon.ode.SplittingMethod;
import org.odeon.ode.VectorField;
import org.odeon.tensor.NDArray;

/**
 * Long-time prediction by composing a learned one-step map: {@code z_{n+1} = Ψ(z_n)}, e.g.
 * {@code Ψ = Φ_θ(·, Δt)} for a time-continuous model. Runs without recording a graph.
 */
public final class Rollout {
    private Rollout() {}

    /** {@code z_0, …, z_n} as rows of {@code [n+1][2d]}; {@code step} acts on batches {@code [1, 2d]}. */
    public static double[][] trajectory(UnaryOperator<Tensor> step, double[] z0, int n) {
        if (n < 0) throw new IllegalArgumentException("number of steps must be ≥ 0, got " + n);
        double[][] out = new double[n + 1][];
        out[0] = z0.clone();
        try (var off = GradMode.off()) {
            Tensor z = Tensor.constant(NDArray.of(new int[] {1, z0.length}, z0.clone()));
            for (int i = 1; i <= n; i++) {
                z = step.apply(z);
                out[i] = z.value().toArray();
            }
        }
        return out;
    }

    /** {@code z(0), z(1), …, z(n)} of the true flow of {@code f} at unit times, from the tight Hipparchus solver (step by step). */
    public static double[][] reference(VectorField f, double[] z0, int n) {
        HipparchusReference ref = HipparchusReference.tight();
        double[][] out = new double[n + 1][];
        out[0] = z0.clone();
        for (int k = 1; k <= n; k++) out[k] = ref.solve(f, k - 1, out[k - 1], k);
        return out;
    }

    /**
     * {@code n} unit steps of the classical symplectic baseline: leapfrog (Störmer–Verlet) for a separable
     * Hamiltonian, the implicit midpoint rule otherwise (it is symplectic for any Hamiltonian).
     */
    public static double[][] symplecticBaseline(HamiltonianSystem sys, double[] z0, int n) {
        return sys instanceof SeparableHamiltonian s ? SplittingMethod.stormerVerlet().trajectory(s, 0, z0, n, 1) : new ImplicitMidpoint().trajectory(sys, 0, z0, n, 1);
    }

    /** The one-step map {@code z ↦ Φ(z, Δt)} of a time-continuous model. */
    public static UnaryOperator<Tensor> stepOf(TimeFlow model, double dt) {
        Tensor t = Tensor.constant(NDArray.of(new int[] {1, 1}, dt));
        return z -> model.flow(z, t);
    }
}
