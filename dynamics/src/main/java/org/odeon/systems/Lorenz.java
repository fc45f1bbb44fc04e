package org.odeon.systems;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.ode.TensorField;
import org.odeon.ode.SmoothVectorField;

/**
 * The Lorenz system {@code x' = σ(y − x)}, {@code y' = x(ρ − z) − y}, {@code z' = xy − βz};
 * standard (σ, ρ, β) = (10, 28, 8/3) from {@code (1, 1, 1)}. Chaotic and dissipative: no invariants.
 */
public record Lorenz(double sigma, double rho, double beta, double x0, double y0, double z0) implements OdeSystem, SmoothVectorField, TensorField {

    public static Lorenz standard() { return new Lorenz(10, 28, 8.0 / 3, 1, 1, 1); }

    @Override public String name() { return "Lorenz"; }
    @Override public int dimension() { return 3; }
    @Override public double[] initialState() { return new double[] {x0, y0, z0}; }

    @Override
    public void evaluate(double t, double[] s, double[] d) {
        double x = s[0], y = s[1], z = s[2];
        d[0] = sigma * (y - x);
        d[1] = x * (rho - z) - y;
        d[2] = x * y - beta * z;
    }

    @Override
    public void jacobian(double t, double[] s, double[] j) {
        double x = s[0], y = s[1], z = s[2];
        j[0] = -sigma; j[1] = sigma; j[2] = 0;
        j[3] = rho - z; j[4] = -1; j[5] = -x;
        j[6] = y; j[7] = x; j[8] = -beta;
    }

    @Override
    public Tensor evaluate(double t, Tensor s) {
        Tensor x = s.slice(-1, 0, 1), y = s.slice(-1, 1, 2), z = s.slice(-1, 2, 3);
        return Tensor.cat(List.of(y.sub(x).mul(sigma), x.mul(z.neg().add(rho)).sub(y), x.mul(y).sub(z.mul(beta))), -1);
    }
}
