package org.odeon.systems;

import org.odeon.ode.SmoothVectorField;

/**
 * The damped oscillator {@code x'' + 2γx' + ω²x = 0} made Hamiltonian by doubling the variables
 * (Bateman): its mirror {@code y'' − 2γy' + ω²y = 0} absorbs the energy {@code x} loses, and
 * <pre>  H(x, y, p_x, p_y) = p_x p_y + γ (y p_y − x p_x) + (ω² − γ²) x y</pre>
 * is conserved, with {@code p_x = y' − γy}, {@code p_y = x' + γx}. State {@code (x, y, p_x, p_y)}.
 * H is not separable, so use a method that handles general Hamiltonians (implicit midpoint).
 */
public record DampedOscillator(double omega, double gamma, double x0, double v0)
        implements HamiltonianSystem, SmoothVectorField {

    public DampedOscillator {
        if (!(omega > 0) || !(gamma >= 0))
            throw new IllegalArgumentException("DampedOscillator: need ω > 0 and γ ≥ 0, got ω=" + omega + ", γ=" + gamma);
    }

    /** ω = 1, γ = 0.1, x(0) = y(0) = 1 released from rest. */
    public static DampedOscillator standard() { return new DampedOscillator(1, 0.1, 1, 0); }

    @Override public String name() { return "DampedOscillator"; }
    @Override public int degreesOfFreedom() { return 2; }

    /** The damped and the mirror oscillator both start at {@code (x0, v0)}. */
    @Override
    public double[] initialState() { return new double[] {x0, x0, v0 - gamma * x0, v0 + gamma * x0}; }

    @Override
    public double energy(double[] s) {
        double x = s[0], y = s[1], px = s[2], py = s[3];
        return px * py + gamma * (y * py - x * px) + (omega * omega - gamma * gamma) * x * y;
    }

    @Override
    public void evaluate(double t, double[] s, double[] d) {
        double x = s[0], y = s[1], px = s[2], py = s[3], k = omega * omega - gamma * gamma;
        d[0] = py - gamma * x;
        d[1] = px + gamma * y;
        d[2] = gamma * px - k * y;
        d[3] = -gamma * py - k * x;
    }

    @Override
    public void jacobian(double t, double[] s, double[] j) {
        double k = omega * omega - gamma * gamma;
        java.util.Arrays.fill(j, 0, 16, 0);
        j[0] = -gamma; j[3] = 1;
        j[5] = gamma; j[6] = 1;
        j[9] = -k; j[10] = gamma;
        j[12] = -k; j[15] = -gamma;
    }
}
