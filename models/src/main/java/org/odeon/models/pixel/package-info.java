/**
 * Pixel networks: a PDE's time step learned on images, after Celledoni, Jackaman, Murari and Owren.
 * A {@link org.odeon.models.pixel.PixelNet} is {@code m} explicit Euler sub-steps of a learned
 * method-of-lines field {@code U ← U + (Δt/m)(K₂ ⋆ σ(K₁ ⋆ U + b₁) + b₂)};
 * {@link org.odeon.models.pixel.ExactScheme} gives the weights with which it <em>is</em> a
 * finite-difference scheme, {@link org.odeon.models.pixel.FrameResNet} is the unconstrained
 * baseline, {@link org.odeon.models.pixel.PixelTraining} the recurrent training on windows of
 * frames and {@link org.odeon.models.pixel.PixelMetrics} the rollout errors and structural figures.
 */
package org.odeon.models.pixel;
