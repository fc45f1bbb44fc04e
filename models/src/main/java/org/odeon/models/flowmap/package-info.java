/**
 * Shallow networks whose activation is the time-{@code T} flow map of a learned neural ODE, after
 * De Marinis, Murari, Celledoni et al., "Approximation properties of neural ODEs":
 * {@code f(x) = C Φ_T(Ax + b) + e} ({@link org.odeon.models.flowmap.FlowMapNetwork}) with
 * {@link org.odeon.models.flowmap.FlowMapActivation} {@code Φ_T}, and the paper's two constraints —
 * a one-sided Lipschitz bound {@code μ} on the vector field ({@code Lip(Φ_T) ≤ e^{Tμ}}, and its
 * discrete counterpart for the integrator actually used) and unit-norm linear weights
 * ({@code ‖A‖₂ = ‖C‖₂ = 1}) — each certified. Also the trained MLP flow map used as Parareal's coarse
 * propagator ({@link org.odeon.models.flowmap.MlpFlowMap}, chosen through
 * {@link org.odeon.models.flowmap.CoarsePropagator}).
 */
package org.odeon.models.flowmap;
