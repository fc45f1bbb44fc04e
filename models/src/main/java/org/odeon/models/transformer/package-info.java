/**
 * Transformers on token sequences {@code [B, T, D]}: the standard pre-norm block
 * ({@link org.odeon.models.transformer.TransformerBlock}: LayerNorm, softmax attention, GELU MLP)
 * as the baseline, and the Lipschitz blocks of Furuya, Murari and Schönlieb, "Approximation Theory
 * for Lipschitz Continuous Transformers" (2025), in which attention and MLP are explicit Euler
 * steps of negative gradient flows: {@link org.odeon.models.transformer.GradientFlowAttention}
 * {@code x ← x − η∇ₓ log E_{y∼μ} e^{⟨x,Ay⟩}} and the gradient-step MLP
 * {@link org.odeon.models.lipschitz.GradientStep}. Each Lipschitz block certifies its bound in the
 * query and in the context ({@link org.odeon.models.transformer.LipschitzBlock}), and
 * {@link org.odeon.models.transformer.TokenNet} composes them into a network with an end-to-end
 * certificate. Masks ({@link org.odeon.models.transformer.Masks}) are arrays that are nonzero
 * where a query may attend to a key.
 */
package org.odeon.models.transformer;
