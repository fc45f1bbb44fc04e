package org.odeon.ode;

/**
 * A separable Hamiltonian {@code H(q, p) = T(p) + V(q)} on the state {@code y = (q, p)},
 * {@code q = y[0..d)}, {@code p = y[d..2d)}. Its vector field is
 * <pre>  q' = ∂T/∂p(p),   p' = −∂V/∂q(q),</pre>
 * and each half is the exact flow of one part of {@code H}, which is what explicit
 * symplectic splitting methods ({@link SplittingMethod}) compose.
 */
public interface SeparableHamiltonian extends VectorField {

    /** Number of degrees of freedom {@code d}; the state has length {@code 2d}. */
    int degreesOfFreedom();

    /** Writes {@code ∂T/∂p}, read from the p-half of {@code y}, into {@code out[0..d)}. */
    void velocity(double[] y, double[] out);

    /** Writes {@code −∂V/∂q}, read from the q-half of {@code y}, into {@code out[d..2d)}. */
    void force(double[] y, double[] out);

    @Override
    default void evaluate(double t, double[] y, double[] dydt) {
        velocity(y, dydt);
        force(y, dydt);
    }
}
