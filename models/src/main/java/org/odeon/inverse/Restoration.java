package org.odeon.inverse;

import org.odeon.tensor.NDArray;

/**
 * The result of an iterative restoration: the estimate, the fixed-point residuals
 * {@code ‖x_{k+1} − x_k‖} of every iteration (their number is the iteration count), and whether the
 * residual reached the requested tolerance.
 */
public record Restoration(NDArray estimate, double[] residuals, boolean converged) {
    public int iterations() { return residuals.length; }

    /** The last residual, or NaN when no iteration ran. */
    public double lastResidual() { return residuals.length == 0 ? Double.NaN : residuals[residuals.length - 1]; }

    /** Whether the residuals never increased (by more than {@code slack}, relative). */
    public boolean monotone(double slack) {
        for (int k = 1; k < residuals.length; k++) if (residuals[k] > residuals[k - 1] * (1 + slack)) return false;
        return true;
    }
}
