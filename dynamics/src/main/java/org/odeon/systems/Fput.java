package org.odeon.systems;

import org.odeon.ode.SeparableHamiltonian;

/**
 * The Fermi–Pasta–Ulam–Tsingou chain of N unit masses between fixed walls
 * ({@code q₀ = q_{N+1} = 0}) joined by nonlinear springs:
 * <pre>  H = Σ_j p_j²/2 + Σ_{j=0}^{N} W(q_{j+1} − q_j),   W(r) = r²/2 + α r³/3 + β r⁴/4.</pre>
 * Standard: N = 32, α = 0.25, β = 0, all energy in the lowest normal mode
 * {@code q_j = A sin(πj/(N+1))}, A = 1.
 */
public record Fput(int particles, double alpha, double beta, double amplitude)
        implements HamiltonianSystem, SeparableHamiltonian {

    public Fput {
        if (particles < 1) throw new IllegalArgumentException("Fput: need at least one particle, got " + particles);
    }

    public static Fput standard() { return new Fput(32, 0.25, 0, 1); }

    @Override public String name() { return "FPUT"; }
    @Override public int degreesOfFreedom() { return particles; }

    @Override
    public double[] initialState() {
        double[] y = new double[2 * particles];
        for (int j = 1; j <= particles; j++) y[j - 1] = amplitude * Math.sin(Math.PI * j / (particles + 1));
        return y;
    }

    private double position(double[] y, int j) { return j == 0 || j == particles + 1 ? 0 : y[j - 1]; }

    private double springForce(double r) { return r + alpha * r * r + beta * r * r * r; }

    @Override
    public double energy(double[] y) {
        double e = 0;
        for (int j = 0; j < particles; j++) e += 0.5 * y[particles + j] * y[particles + j];
        for (int j = 0; j <= particles; j++) {
            double r = position(y, j + 1) - position(y, j);
            e += r * r / 2 + alpha * r * r * r / 3 + beta * r * r * r * r / 4;
        }
        return e;
    }

    @Override public void velocity(double[] y, double[] out) { System.arraycopy(y, particles, out, 0, particles); }

    @Override
    public void force(double[] y, double[] out) {
        for (int j = 1; j <= particles; j++) {
            double q = position(y, j);
            out[particles + j - 1] = springForce(position(y, j + 1) - q) - springForce(q - position(y, j - 1));
        }
    }
}
