/**
 * Networks whose input-to-output Jacobian is orthogonal almost everywhere (perfect dynamical
 * isometry), after Massucco, Murari and Schönlieb, "Neural Networks with Orthogonal Jacobian":
 * <ul>
 *   <li>{@link org.odeon.models.isometric.OrthogonalLayer} {@code x ↦ σ(Wx + b)}, {@code W} orthogonal, {@code |σ'| = 1} a.e.;</li>
 *   <li>{@link org.odeon.models.isometric.ReflectionLayer} {@code x ↦ x − 2Wᵀ H(Wx + b)}, {@code WWᵀ = I}, a data-dependent reflection;</li>
 *   <li>{@link org.odeon.models.isometric.PartialIsometryLayer}: an isometry on a coordinate subspace that every layer maps to itself;</li>
 *   <li>their compositions (the Jacobian of a composition is the product of orthogonal factors);</li>
 *   <li>{@link org.odeon.models.isometric.JacobianRegularizer} pulling ordinary networks towards orthogonal Jacobians,
 *       and {@link org.odeon.models.isometric.JacobianSpectrum} measuring singular values of exact Jacobians.</li>
 * </ul>
 * Orthogonal weights come from {@link org.odeon.models.isometric.OrthogonalWeight}. Each layer reports the
 * distance of its Jacobian from the promised structure through {@link org.odeon.nn.StructureCheck}.
 */
package org.odeon.models.isometric;
