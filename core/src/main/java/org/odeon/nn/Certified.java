package org.odeon.nn;

/**
 * A map {@code f} that certifies its own ℓ2 Lipschitz constant: {@code ‖f(x) − f(y)‖ ≤ L·‖x − y‖}
 * for all {@code x, y}, with {@code L = lipschitzBound(tol)}.
 *
 * <p>The bound is computed from the current parameters. Where an operator norm enters, it comes
 * from {@link org.odeon.linalg.OperatorNorm}: exact upper bounds for dense matrices, power
 * iterations run until their residual is below {@code tol} (relative) and then inflated by
 * {@code tol} for matrix-free maps. The value is an upper bound, never an estimate.
 *
 * <p>Composite modules ({@link Sequential}) multiply the certificates of their children, so a model
 * built only from certified layers certifies itself; {@link #of} gives a clear error for one that
 * is not.
 */
public interface Certified {
    double lipschitzBound(double tol);

    /**
     * The certificate of {@code m}.
     *
     * @throws IllegalArgumentException naming {@code m} if it does not certify itself
     */
    static double of(Module m, double tol) {
        if (m instanceof Certified c) return c.lipschitzBound(tol);
        throw new IllegalArgumentException("no Lipschitz certificate for layer " + m + " (" + m.getClass().getName()
                + "); build the model from Certified layers (org.odeon.nn, org.odeon.models.lipschitz)");
    }
}
