package org.odeon.models.symplectic;

import org.odeon.systems.DampedOscillator;
import org.odeon.systems.Fput;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.systems.HenonHeiles;

/**
 * The Hamiltonian systems the symplectic-flow papers learn, each with the box {@code [−box, box]^{2d}} training
 * states are drawn from and the standard initial state of a long rollout: the harmonic oscillator from
 * {@code (1, 0)}, the weakly damped oscillator (ζ = 0.01, doubled to be Hamiltonian), Hénon–Heiles at its standard
 * chaotic-regime state, and an FPUT chain.
 */
public enum Benchmark {
    HARMONIC, DAMPED, HENON_HEILES, FPUT;

    /** A system, its training box and its rollout's initial state. */
    public record Problem(HamiltonianSystem system, double box, double[] z0) {}

    /** The problem; {@code particles} is the FPUT chain length (unused otherwise). */
    public Problem problem(int particles) {
        return switch (this) {
            case HARMONIC -> new Problem(HarmonicOscillator.standard(), 1.2, new double[] {1, 0});
            case DAMPED -> { var s = new DampedOscillator(1, 0.01, 1, 0); yield new Problem(s, 1.2, s.initialState()); }
            case HENON_HEILES -> new Problem(HenonHeiles.standard(), 0.5, HenonHeiles.standard().initialState());
            case FPUT -> { var s = new Fput(particles, 0.25, 0, 1); yield new Problem(s, 1.0, s.initialState()); }
        };
    }
}
