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

    /**
     * The displacement {@code exp(ξ)·y − y}. Spaces whose points live on a level set (spheres, {@code TS²})
     * override it to build the displacement from the small terms of the action without first forming
     * {@code exp(ξ)·y}, so that {@code y + displacement} rounds once at the scale of y. Integrators that
     * compose several actions per step sum the displacements and add them to y once (see
     * {@link TensorCommutatorFree}): the level set then drifts by one rounding of y per step, not by one
     * per action and per term of the action.
     */
    default Tensor expActDisplacement(Tensor xi, Tensor y) { return expAct(xi, y).sub(y); }

    /** {@code ξ·y = d/dt exp(tξ)·y |_{t=0}}. */
    Tensor infinitesimalAction(Tensor xi, Tensor y);

    /** {@code [a, b]}. */
    Tensor bracket(Tensor a, Tensor b);
}
