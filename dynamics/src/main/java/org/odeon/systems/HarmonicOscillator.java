package org.odeon.systems;

import org.odeon.autograd.Tensor;
import org.odeon.ode.TensorSeparableHamiltonian;
import org.odeon.ode.SeparableHamiltonian;
import org.odeon.ode.SmoothVectorField;

/**
 * The harmonic oscillator {@code H = p²/(2m) + k q²/2}, with exact solution
 * {@code q(t) = q₀ cos ωt + p₀/(mω) sin ωt}, {@code ω = √(k/m)}.
 */
public record HarmonicOscillator(double mass, double stiffness, double q0, double p0)
        implements HamiltonianSystem, SeparableHamiltonian, SmoothVectorField, TensorSeparableHamiltonian {

    public HarmonicOscillator {
        if (!(mass > 0) || !(stiffness > 0))
            throw new IllegalArgumentException("HarmonicOscillator: mass and stiffness must be positive, got m=" + mass + ", k=" + stiffness);
    }

    /** m = k = 1, (q, p) = (1, 0). */
    public static HarmonicOscillator standard() { return new HarmonicOscillator(1, 1, 1, 0); }

    @Override public String name() { return "HarmonicOscillator"; }
    @Override public int degreesOfFreedom() { return 1; }
    @Override public double[] initialState() { return new double[] {q0, p0}; }
    @Override public double energy(double[] y) { return y[1] * y[1] / (2 * mass) + 0.5 * stiffness * y[0] * y[0]; }
    @Override public void velocity(double[] y, double[] out) { out[0] = y[1] / mass; }
    @Override public void force(double[] y, double[] out) { out[1] = -stiffness * y[0]; }

    @Override
    public void jacobian(double t, double[] y, double[] dfdy) {
        dfdy[0] = 0; dfdy[1] = 1 / mass;
        dfdy[2] = -stiffness; dfdy[3] = 0;
    }

    /** The exact state at time {@code t} from the standard initial state. */
    public double[] exact(double t) {
        double w = Math.sqrt(stiffness / mass), c = Math.cos(w * t), s = Math.sin(w * t);
        return new double[] {q0 * c + p0 / (mass * w) * s, -mass * w * q0 * s + p0 * c};
    }

    @Override public Tensor velocity(Tensor p) { return p.mul(1 / mass); }

    @Override public Tensor force(Tensor q) { return q.mul(-stiffness); }
}
