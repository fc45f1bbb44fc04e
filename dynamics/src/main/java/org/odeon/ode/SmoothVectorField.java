package org.odeon.ode;

/**
 * A vector field that also knows its Jacobian {@code ∂f/∂y}, which Newton-based implicit
 * integrators use; fields without one get a finite-difference Jacobian instead.
 */
public interface SmoothVectorField extends VectorField {

    /**
     * Writes the Jacobian {@code J[i][j] = ∂f_i/∂y_j} at {@code (t, y)} into {@code dfdy},
     * row-major, {@code dfdy[i * n + j]}, where {@code n = y.length}.
     */
    void jacobian(double t, double[] y, double[] dfdy);
}
