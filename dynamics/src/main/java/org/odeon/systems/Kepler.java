package org.odeon.systems;

import java.util.List;
import org.odeon.ode.SeparableHamiltonian;

/**
 * The Kepler problem {@code H = |p|²/2 − 1/|q|} in the plane, started at pericentre of an orbit
 * of eccentricity e: {@code q₀ = (1 − e, 0)}, {@code p₀ = (0, √((1+e)/(1−e)))}, period 2π.
 * Besides H it conserves the angular momentum {@code L = q₁p₂ − q₂p₁} and the Runge–Lenz
 * vector {@code A = p × L − q/|q|}.
 */
public record Kepler(double eccentricity) implements HamiltonianSystem, SeparableHamiltonian {

    public Kepler {
        if (!(eccentricity >= 0 && eccentricity < 1))
            throw new IllegalArgumentException("Kepler: eccentricity must be in [0, 1), got " + eccentricity);
    }

    /** e = 0.6. */
    public static Kepler standard() { return new Kepler(0.6); }

    @Override public String name() { return "Kepler"; }
    @Override public int degreesOfFreedom() { return 2; }

    @Override
    public double[] initialState() {
        double e = eccentricity;
        return new double[] {1 - e, 0, 0, Math.sqrt((1 + e) / (1 - e))};
    }

    @Override
    public double energy(double[] y) { return 0.5 * (y[2] * y[2] + y[3] * y[3]) - 1 / Math.hypot(y[0], y[1]); }

    public static double angularMomentum(double[] y) { return y[0] * y[3] - y[1] * y[2]; }

    /** Component {@code i} of the Runge–Lenz vector {@code (p₂L − q₁/r, −p₁L − q₂/r)}. */
    public static double rungeLenz(double[] y, int i) {
        double l = angularMomentum(y), r = Math.hypot(y[0], y[1]);
        return i == 0 ? y[3] * l - y[0] / r : -y[2] * l - y[1] / r;
    }

    @Override
    public List<Invariant> invariants() {
        return List.of(new Invariant("energy", this::energy),
                new Invariant("angular momentum", Kepler::angularMomentum),
                new Invariant("Runge-Lenz x", y -> rungeLenz(y, 0)),
                new Invariant("Runge-Lenz y", y -> rungeLenz(y, 1)));
    }

    @Override public void velocity(double[] y, double[] out) { out[0] = y[2]; out[1] = y[3]; }

    @Override
    public void force(double[] y, double[] out) {
        double r2 = y[0] * y[0] + y[1] * y[1], r3 = r2 * Math.sqrt(r2);
        out[2] = -y[0] / r3;
        out[3] = -y[1] / r3;
    }
}
