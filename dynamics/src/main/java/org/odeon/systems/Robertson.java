package org.odeon.systems;

import java.util.List;
import org.odeon.ode.SmoothVectorField;

/**
 * Robertson's stiff chemical kinetics:
 * <pre>  y₁' = −k₁y₁ + k₃y₂y₃,   y₂' = k₁y₁ − k₃y₂y₃ − k₂y₂²,   y₃' = k₂y₂²,</pre>
 * standard (k₁, k₂, k₃) = (0.04, 3·10⁷, 10⁴) from (1, 0, 0); the total {@code y₁ + y₂ + y₃} is conserved.
 */
public record Robertson(double k1, double k2, double k3) implements OdeSystem, SmoothVectorField {

    public static Robertson standard() { return new Robertson(0.04, 3e7, 1e4); }

    @Override public String name() { return "Robertson"; }
    @Override public int dimension() { return 3; }
    @Override public double[] initialState() { return new double[] {1, 0, 0}; }

    @Override
    public List<Invariant> invariants() { return List.of(new Invariant("mass", y -> y[0] + y[1] + y[2])); }

    @Override
    public void evaluate(double t, double[] y, double[] d) {
        double r1 = k1 * y[0], r2 = k2 * y[1] * y[1], r3 = k3 * y[1] * y[2];
        d[0] = -r1 + r3;
        d[1] = r1 - r3 - r2;
        d[2] = r2;
    }

    @Override
    public void jacobian(double t, double[] y, double[] j) {
        j[0] = -k1; j[1] = k3 * y[2]; j[2] = k3 * y[1];
        j[3] = k1; j[4] = -k3 * y[2] - 2 * k2 * y[1]; j[5] = -k3 * y[1];
        j[6] = 0; j[7] = 2 * k2 * y[1]; j[8] = 0;
    }
}
