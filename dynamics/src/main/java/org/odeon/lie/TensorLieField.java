package org.odeon.lie;

import org.odeon.autograd.Tensor;
import org.odeon.ode.TensorField;

/**
 * Differentiable form of a {@link LieVectorField}: {@code y' = ξ(t, y)·y} on batches of points,
 * with {@code ξ} written in {@link Tensor} ops (it may be a network).
 */
public interface TensorLieField extends TensorField {

    TensorHomogeneousSpace space();

    /** {@code ξ(t, y)} for points {@code [..., m]}, shape {@code [..., k]}. */
    Tensor generator(double t, Tensor y);

    @Override
    default Tensor evaluate(double t, Tensor y) { return space().infinitesimalAction(generator(t, y), y); }
}
