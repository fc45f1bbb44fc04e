package org.odeon.systems;

import org.odeon.autograd.Tensor;
import org.odeon.ode.TensorSeparableHamiltonian;
import org.odeon.ode.SeparableHamiltonian;
import org.odeon.ode.SmoothVectorField;

/** The simple pendulum {@code H = p²/(2ml²) + m g l (1 − cos q)}, q the angle from the downward vertical. */
public record Pendulum(double mass, double length, double gravity, double q0, double p0)
        implements HamiltonianSystem, SeparableHamiltonian, SmoothVectorField, TensorSeparableHamiltonian {

    public Pendulum {
        if (!(mass > 0) || !(length > 0) || !(gravity >= 0))
            throw new IllegalArgumentException("Pendulum: need m > 0, l > 0, g ≥ 0, got m=" + mass + ", l=" + length + ", g=" + gravity);
    }

    /** m = l = g = 1, released from rest at q = 1 rad. */
    public static Pendulum standard() { return new Pendulum(1, 1, 1, 1, 0); }

    @Override public String name() { return "Pendulum"; }
    @Override public int degreesOfFreedom() { return 1; }
    @Override public double[] initialState() { return new double[] {q0, p0}; }

    @Override
    public double energy(double[] y) {
        return y[1] * y[1] / (2 * mass * length * length) + mass * gravity * length * (1 - Math.cos(y[0]));
    }

    @Override public void velocity(double[] y, double[] out) { out[0] = y[1] / (mass * length * length); }
    @Override public void force(double[] y, double[] out) { out[1] = -mass * gravity * length * Math.sin(y[0]); }

    @Override
    public void jacobian(double t, double[] y, double[] dfdy) {
        dfdy[0] = 0; dfdy[1] = 1 / (mass * length * length);
        dfdy[2] = -mass * gravity * length * Math.cos(y[0]); dfdy[3] = 0;
    }

    @Override public Tensor velocity(Tensor p) { return p.mul(1 / (mass * length * length)); }

    @Override public Tensor force(Tensor q) { return q.sin().mul(-mass * gravity * length); }
}
