package org.odeon.models.isometric;

/**
 * A layer whose Jacobian is promised orthogonal (or isometric on a subspace) at every input where
 * it exists. {@link #jacobianDefect()} bounds {@code sup_x ‖J(x)ᵀJ(x) − I‖₂} (restricted to the
 * isometric subspace for partial isometries) from the current weights; it is 0 in exact
 * arithmetic for a constrained layer and measures rounding or drift otherwise.
 */
public interface JacobianDefect {
    double jacobianDefect();
}
