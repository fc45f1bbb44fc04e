package org.odeon.robust;

/**
 * A map {@code f} that can certify its own ℓ2 Lipschitz constant: {@code ‖f(x) − f(y)‖ ≤ L·‖x − y‖}
 * for all {@code x, y}, with {@code L = lipschitzBound(tol)}.
 *
 * <p>The bound is computed from the current parameters. Where an operator norm enters, it comes
 * from {@link OperatorNorm}: exact upper bounds for dense matrices, power iterations run until
 * their residual is below {@code tol} (relative) and then inflated by {@code tol} for
 * convolutions. The value is an upper bound, never an estimate.
 */
public interface Certified {
    double lipschitzBound(double tol);
}
