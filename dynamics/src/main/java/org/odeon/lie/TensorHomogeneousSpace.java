package org.odeon.lie;

import org.odeon.autograd.Tensor;

/**
 * Differentiable form of a {@link HomogeneousSpace}: the same action, infinitesimal action and
 * bracket on batches of algebra elements {@code [..., k]} and points {@code [..., m]}, written
 * with {@link Tensor} ops. The spaces of this package implement both forms in one class.
 */
public interface TensorHomogeneousSpace {

    int algebraDimension();

    int pointDimension();

    /** {@code exp(ξ)·y}. */
    Tensor expAct(Tensor xi, Tensor y);

    /** {@code ξ·y = d/dt exp(tξ)·y |_{t=0}}. */
    Tensor infinitesimalAction(Tensor xi, Tensor y);

    /** {@code [a, b]}. */
    Tensor bracket(Tensor a, Tensor b);
}
