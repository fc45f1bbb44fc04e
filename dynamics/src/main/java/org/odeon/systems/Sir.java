package org.odeon.systems;

import java.util.List;
import org.odeon.ode.SmoothVectorField;

/**
 * The SIR epidemic model in population fractions:
 * {@code S' = −βSI}, {@code I' = βSI − γI}, {@code R' = γI}; the total {@code S + I + R} is conserved.
 * Standard β = 0.5, γ = 0.1 (R₀ = 5) from {@code (0.99, 0.01, 0)}.
 */
public record Sir(double beta, double gamma, double s0, double i0, double r0) implements OdeSystem, SmoothVectorField {

    public Sir {
        if (!(beta >= 0) || !(gamma >= 0))
            throw new IllegalArgumentException("SIR: rates must be non-negative, got β=" + beta + ", γ=" + gamma);
    }

    public static Sir standard() { return new Sir(0.5, 0.1, 0.99, 0.01, 0); }

    @Override public String name() { return "SIR"; }
    @Override public int dimension() { return 3; }
    @Override public double[] initialState() { return new double[] {s0, i0, r0}; }

    @Override
    public List<Invariant> invariants() { return List.of(new Invariant("population", y -> y[0] + y[1] + y[2])); }

    @Override
    public void evaluate(double t, double[] y, double[] d) {
        double infection = beta * y[0] * y[1], recovery = gamma * y[1];
        d[0] = -infection;
        d[1] = infection - recovery;
        d[2] = recovery;
    }

    @Override
    public void jacobian(double t, double[] y, double[] j) {
        j[0] = -beta * y[1]; j[1] = -beta * y[0]; j[2] = 0;
        j[3] = beta * y[1]; j[4] = beta * y[0] - gamma; j[5] = 0;
        j[6] = 0; j[7] = gamma; j[8] = 0;
    }
}
