package org.odeon.systems;

import java.util.Arrays;
import org.odeon.ode.SmoothVectorField;

/**
 * Viscous Burgers' equation {@code u_t + u u_x = ν u_xx} on {@code [0, L]} with fixed ends,
 * semi-discretised by central differences on {@code N} equally spaced points {@code x_i = iΔx}:
 * <pre>  u_i' = −u_i (u_{i+1} − u_{i−1}) / (2Δx) + ν (u_{i+1} − 2u_i + u_{i−1}) / Δx²,</pre>
 * for interior points, {@code u_0' = u_{N−1}' = 0}. Standard: ν = 1/50, N = 51, L = 1,
 * {@code u(x, 0) = sin(πx)}. The Jacobian is tridiagonal (stored dense) for implicit Euler.
 */
public record Burgers(double viscosity, int points, double length) implements OdeSystem, SmoothVectorField {

    public Burgers {
        if (points < 3) throw new IllegalArgumentException("Burgers: need at least 3 grid points, got " + points);
        if (!(viscosity > 0) || !(length > 0))
            throw new IllegalArgumentException("Burgers: viscosity and length must be positive, got ν=" + viscosity + ", L=" + length);
    }

    public static Burgers standard() { return new Burgers(1.0 / 50, 51, 1); }

    public double spacing() { return length / (points - 1); }

    @Override public String name() { return "Burgers"; }
    @Override public int dimension() { return points; }

    @Override
    public double[] initialState() {
        double[] u = new double[points];
        // Endpoints are exactly zero so the fixed boundary values hold from the start.
        for (int i = 1; i < points - 1; i++) u[i] = Math.sin(Math.PI * i * spacing() / length);
        return u;
    }

    @Override
    public void evaluate(double t, double[] u, double[] d) {
        double dx = spacing(), adv = 1 / (2 * dx), diff = viscosity / (dx * dx);
        d[0] = 0;
        d[points - 1] = 0;
        for (int i = 1; i < points - 1; i++)
            d[i] = -u[i] * (u[i + 1] - u[i - 1]) * adv + diff * (u[i + 1] - 2 * u[i] + u[i - 1]);
    }

    @Override
    public void jacobian(double t, double[] u, double[] j) {
        int n = points;
        double dx = spacing(), adv = 1 / (2 * dx), diff = viscosity / (dx * dx);
        Arrays.fill(j, 0, n * n, 0);
        for (int i = 1; i < n - 1; i++) {
            j[i * n + i - 1] = u[i] * adv + diff;
            j[i * n + i] = -(u[i + 1] - u[i - 1]) * adv - 2 * diff;
            j[i * n + i + 1] = -u[i] * adv + diff;
        }
    }
}
