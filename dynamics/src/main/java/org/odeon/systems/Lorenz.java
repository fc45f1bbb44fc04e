package org.odeon.systems;

import org.odeon.ode.SmoothVectorField;

/**
 * The Lorenz system {@code x' = σ(y − x)}, {@code y' = x(ρ − z) − y}, {@code z' = xy − βz};
 * standard (σ, ρ, β) = (10, 28, 8/3) from {@code (1, 1, 1)}. Chaotic and dissipative: no invariants.
 */
public record Lorenz(double sigma, double rho, double beta, double x0, double y0, double z0) implements OdeSystem, SmoothVectorField {

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
}
