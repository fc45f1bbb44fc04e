/**
 * Lipschitz-constrained ResNets whose blocks are explicit steps of gradient flows of convex
 * potentials {@code V(x) = Σ γ(Ax + b)} ({@link org.odeon.models.lipschitz.Potential}): negative and
 * expansive {@link org.odeon.models.lipschitz.GradientStep}s, their mixing regimes
 * ({@link org.odeon.models.lipschitz.StepPair}), the adaptive and averaged flows
 * ({@link org.odeon.models.lipschitz.AdaptiveFlow}), norm-constrained affine maps
 * ({@link org.odeon.models.lipschitz.SpectralNormalized}, {@link org.odeon.models.lipschitz.OrthogonalLinear}),
 * and the fixed-width construction ({@link org.odeon.models.lipschitz.FixedWidthResNet}). Every layer
 * states its update and constraint and returns a certificate through {@link org.odeon.nn.Certified}.
 */
package org.odeon.models.lipschitz;
