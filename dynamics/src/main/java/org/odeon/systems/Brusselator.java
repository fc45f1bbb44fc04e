package org.odeon.systems;

import org.odeon.ode.SmoothVectorField;

/**
 * The Brusselator reaction {@code u' = A + u²v − (B + 1)u}, {@code v' = Bu − u²v}; standard
 * A = 1, B = 3 (beyond the Hopf point B = 1 + A², so it settles on a limit cycle) from (1.5, 3).
 */
public record Brusselator(double a, double b, double u0, double v0) implements OdeSystem, SmoothVectorField {

    public static Brusselator standard() { return new Brusselator(1, 3, 1.5, 3); }

    @Override public String name() { return "Brusselator"; }
    @Override public int dimension() { return 2; }
    @Override public double[] initialState() { return new double[] {u0, v0}; }

    @Override
    public void evaluate(double t, double[] y, double[] d) {
        double u = y[0], v = y[1], u2v = u * u * v;
        d[0] = a + u2v - (b + 1) * u;
        d[1] = b * u - u2v;
    }

    @Override
    public void jacobian(double t, double[] y, double[] j) {
        double u = y[0], v = y[1];
        j[0] = 2 * u * v - (b + 1); j[1] = u * u;
        j[2] = b - 2 * u * v; j[3] = -u * u;
    }
}
