package org.odeon.models.transformer;

import org.odeon.autograd.Tensor;
import org.odeon.models.lipschitz.GradientStep;
import org.odeon.models.lipschitz.Operator;
import org.odeon.models.lipschitz.Potential;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Certified;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A Lipschitz transformer block: gradient-flow attention followed by a gradient-step MLP, both
 * explicit Euler steps of negative gradient flows of convex potentials:
 * <pre>
 *   x ← Γ(μ, P_R(x)) = P_R(x) − η·∇ₓ log E_{y∼μ} e^{⟨x,Ay⟩}     0 ≤ η ≤ κ·2/β,  β = R²Σₕ‖Aₕ‖²    ({@link GradientFlowAttention})
 *   x ← x − τ·Wᵀσ(Wx + b)                                     0 ≤ τ ≤ 2/(L_σ‖W‖²)           ({@link GradientStep}, token by token)
 * </pre>
 * <b>Certificate.</b> In the query, for any fixed context: {@code Lip_x(attention)·Lip(MLP) ≤ 1·1}.
 * In the context, per unit move of every token (norm {@code max_t ‖x_t‖}):
 * {@code (Lip_x + C)·Lip(MLP)}, independent of the number of tokens; in the Euclidean norm over
 * T tokens: {@code (Lip_x + √T·C)·Lip(MLP)}, with C of {@link GradientFlowAttention#contextBound}.
 */
public final class LipschitzBlock extends Module implements Certified, TokenMixer {
    private final GradientFlowAttention attention;
    private final GradientStep mlp;

    /** @param stepCap κ in (0, 1]: the attention step stays below κ·2/β (see {@link GradientFlowAttention}) */
    public LipschitzBlock(int dim, int heads, int headDim, int hidden, double radius, double stepCap, Rng rng) {
        attention = child("attention", new GradientFlowAttention(dim, heads, headDim, radius, 0.5, stepCap, rng));
        Potential v = new Potential(new Operator.Dense(dim, hidden), Activation.relu(), Double.POSITIVE_INFINITY, Init.heUniform(), rng);
        mlp = child("mlp", GradientStep.negative(v, 1 / (v.normEstimate() * v.normEstimate())));   // half the admissible step
    }

    public GradientFlowAttention attention() { return attention; }

    public GradientStep mlp() { return mlp; }

    @Override public Tensor forward(Tensor x) { return forward(x, null); }

    @Override public Tensor forward(Tensor x, NDArray mask) { return mlp.forward(attention.forward(x, mask)); }

    /** Lipschitz in the query tokens for a fixed context (≤ 1 when both steps are clamped). */
    public double queryBound(double tol) { return attention.queryBound(tol) * mlp.lipschitzBound(tol); }

    /** Lipschitz in the norm {@code max_t ‖x_t‖} over tokens, any number of tokens. */
    public double maxTokenBound(double tol) { return (attention.queryBound(tol) + attention.contextBound(tol)) * mlp.lipschitzBound(tol); }

    /** Lipschitz in the Euclidean norm over {@code tokens} tokens. */
    public double tokenBound(int tokens, double tol) { return attention.tokenBound(tokens, tol) * mlp.lipschitzBound(tol); }

    @Override public double lipschitzBound(double tol) { return queryBound(tol); }

    /**
     * How far each step is used: {@code ηβ/2} of the attention (1 at the non-expansive limit 2/β) and {@code τ/τ_max} of
     * the MLP. A trained block whose fractions are both 0 computes the identity after the projection {@code P_R}.
     */
    public double[] stepFractions() {
        double limit = mlp.stepLimit();
        return new double[] {attention.stepValue() * attention.smoothness() / 2, limit == Double.POSITIVE_INFINITY ? Double.NaN : mlp.stepValue(limit) / limit};
    }

    @Override public String toString() { return "LipschitzBlock(" + attention + ", " + mlp + ")"; }
}
