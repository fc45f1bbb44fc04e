package org.odeon.systems;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.ode.TensorSeparableHamiltonian;
import org.odeon.ode.SeparableHamiltonian;
import org.odeon.ode.SmoothVectorField;

/**
 * The Hénon–Heiles system
 * <pre>  H = (p₁² + p₂²)/2 + (q₁² + q₂²)/2 + λ (q₁² q₂ − q₂³/3),</pre>
 * standard λ = 1, q₀ = (0.3, −0.3), p₀ = (0.3, 0.15).
 */
public record HenonHeiles(double lambda, double q1, double q2, double p1, double p2)
        implements HamiltonianSystem, SeparableHamiltonian, SmoothVectorField, TensorSeparableHamiltonian {

    public static HenonHeiles standard() { return new HenonHeiles(1, 0.3, -0.3, 0.3, 0.15); }

    @Override public String name() { return "HenonHeiles"; }
    @Override public int degreesOfFreedom() { return 2; }
    @Override public double[] initialState() { return new double[] {q1, q2, p1, p2}; }

    @Override
    public double energy(double[] y) {
        double x = y[0], z = y[1];
        return 0.5 * (y[2] * y[2] + y[3] * y[3]) + 0.5 * (x * x + z * z) + lambda * (x * x * z - z * z * z / 3);
    }

    @Override public void velocity(double[] y, double[] out) { out[0] = y[2]; out[1] = y[3]; }

    @Override
    public void force(double[] y, double[] out) {
        double x = y[0], z = y[1];
        out[2] = -x - 2 * lambda * x * z;
        out[3] = -z - lambda * (x * x - z * z);
    }

    @Override
    public void jacobian(double t, double[] y, double[] j) {
        double x = y[0], z = y[1];
        java.util.Arrays.fill(j, 0, 16, 0);
        j[2] = 1; j[7] = 1;
        j[8] = -1 - 2 * lambda * z; j[9] = -2 * lambda * x;
        j[12] = -2 * lambda * x; j[13] = -1 + 2 * lambda * z;
    }

    @Override public Tensor velocity(Tensor p) { return p; }

    @Override
    public Tensor force(Tensor q) {
        Tensor x = q.slice(-1, 0, 1), z = q.slice(-1, 1, 2);
        return Tensor.cat(List.of(x.add(x.mul(z).mul(2 * lambda)).neg(), z.add(x.square().sub(z.square()).mul(lambda)).neg()), -1);
    }
}
