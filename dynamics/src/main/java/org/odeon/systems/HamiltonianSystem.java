package org.odeon.systems;

import java.util.List;

/**
 * A canonical Hamiltonian system {@code q' = ∂H/∂p, p' = −∂H/∂q} on {@code y = (q, p)} with
 * {@code q = y[0..d)}, {@code p = y[d..2d)}. Its flow is symplectic and conserves {@code H}.
 */
public interface HamiltonianSystem extends OdeSystem {

    /** Number of degrees of freedom {@code d}. */
    int degreesOfFreedom();

    /** The Hamiltonian {@code H(q, p)}. */
    double energy(double[] y);

    @Override default int dimension() { return 2 * degreesOfFreedom(); }

    @Override default List<Invariant> invariants() { return List.of(new Invariant("energy", this::energy)); }
}
