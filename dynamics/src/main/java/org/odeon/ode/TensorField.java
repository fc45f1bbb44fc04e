package org.odeon.ode;

import org.odeon.autograd.Tensor;

/**
 * The differentiable form of a vector field: {@code y' = f(t, y)} on a batch of states
 * {@code y} of shape {@code [..., n]}, written with {@link Tensor} ops so that losses can be
 * back-propagated through the integrator (to any order).
 */
@FunctionalInterface
public interface TensorField {

    /** {@code f(t, y)}, same shape as {@code y}. */
    Tensor evaluate(double t, Tensor y);
}
