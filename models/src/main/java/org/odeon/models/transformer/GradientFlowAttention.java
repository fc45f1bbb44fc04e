package org.odeon.models.transformer;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Certified;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Gradient-flow attention (Furuya, Murari, Schönlieb 2025): one explicit Euler step of the
 * negative gradient flow of a log-partition potential. With tokens first projected onto the ball
 * of radius {@code R}, {@code x̄ = P_R(x) = x·min(1, R/‖x‖)}, a query {@code x̄} attending to the
 * empirical measure μ of the (projected, unmasked) context tokens {@code ȳⱼ} moves to
 * <pre>
 *   Γ(μ, x̄) = x̄ − η·∇ₓ Φ_μ(x̄),   Φ_μ(x) = Σₕ log E_{y∼μ} exp⟨x, Aₕy⟩,   Aₕ = W_Qₕᵀ W_Kₕ
 *   ∇ₓ Φ_μ(x) = Σₕ Aₕ·E_μ[y e^{⟨x,Aₕy⟩}]/E_μ[e^{⟨x,Aₕy⟩}] = Σₕ W_Qₕᵀ Σⱼ pₕⱼ W_Kₕȳⱼ,   pₕ = softmax_mask(⟨W_Qₕx, W_Kₕȳⱼ⟩)
 * </pre>
 * (softmax attention whose value map is tied to its query and key maps).
 *
 * <p><b>Step bound.</b> The Hessian {@code ∇²Φ_μ(x) = Σₕ Cov_{pₕ}(Aₕy)} is positive semidefinite, and
 * in any unit direction u the variance of {@code uᵀAₕy} over y in the ball of radius R is at most
 * {@code max_y (uᵀAₕy)² ≤ ‖Aₕ‖²R²}. So {@code 0 ⪯ ∇²Φ ⪯ β·I} with
 * {@code β = R²·Σₕ ‖Aₕ‖²} (the sup over the support of {@code ‖Aₕy‖²} under normalised tokens). For
 * any two queries, {@code Γ(x) − Γ(x′) = (I − η·H̄)(x − x′)} with {@code H̄} the Hessian averaged
 * over the segment, whose spectrum lies in {@code [0, β]}, hence
 * <pre>
 *   Lip_x Γ ≤ max(1, ηβ − 1),   which is ≤ 1 exactly when 0 ≤ η ≤ 2/β,
 * </pre>
 * and the projection {@code P_R} is 1-Lipschitz. The step is learnt as a fraction of the admissible one,
 * <pre>
 *   η = φ·κ·2/β,   φ ∈ [0, 1] (the parameter {@code step}, clamped in every forward pass and after every optimizer step),
 * </pre>
 * with a step cap {@code 0 < κ ≤ 1} (1 by default); β uses a certified upper bound of each
 * {@code ‖Aₕ‖} ({@link OperatorNorm#matrixBound}), so {@code η ≤ κ·2/β} exactly, not up to an estimate.
 * The bound holds for any measure μ, in particular for any number of context tokens.
 *
 * <p><b>Why a fraction.</b> If η itself were learnt and clamped to {@code κ·2/β}, the limit would be a
 * constant to the gradient: training would grow the interactions {@code Aₕ} as if the step stayed put, while the
 * clamp shrinks it as {@code 1/‖A‖²} after every update, and in-context regression never left the zero
 * predictor. Here η is a differentiable function of the weights: the certified bound of each {@code ‖Aₕ‖} is a
 * Gram iteration ({@code G ← G²/‖G‖_F} from {@code AₕᵀAₕ}), a smooth expression that the forward pass also
 * evaluates on the autograd tape ({@code gramBoundSquared}), so the gradient of η is the derivative of the very
 * {@code φ·κ·2/β} that certifies the step.
 *
 * <p><b>Context.</b> Moving context token {@code ȳₖ} changes the step by
 * {@code ∂Γ/∂ȳₖ = −η Σₕ pₕₖ [Aₕ + (Aₕȳₖ − mₕ)(Aₕᵀx̄)ᵀ]} with {@code mₕ = Σⱼ pₕⱼAₕȳⱼ}. For moves
 * {@code δₖ} with {@code ‖δₖ‖ ≤ δ}: the first term gives at most {@code η‖Aₕ‖δ}; the second
 * {@code η‖Aₕ‖Rδ·Σₖ pₕₖ‖Aₕȳₖ − mₕ‖ ≤ η‖Aₕ‖Rδ·(Σₖ pₕₖ‖Aₕȳₖ − mₕ‖²)^{1/2} ≤ η‖Aₕ‖²R²δ}
 * (Cauchy–Schwarz, and the variance of {@code Aₕȳ} is at most its second moment {@code ≤ ‖Aₕ‖²R²}).
 * So when every token moves by at most δ, a query's output moves by at most {@code C·δ} with
 * <pre>
 *   C = η·Σₕ ‖Aₕ‖(1 + ‖Aₕ‖R²)        ({@link #contextBound}; independent of the number of tokens)
 * </pre>
 * which is about {@code 2κ} at the step {@code η = κ·2/β}: the step cap κ ≤ 1 trades the size of
 * the attention step against the context sensitivity. In self-attention on T tokens a query's
 * own move and the context's move add: in the norm
 * {@code max_t ‖x_t‖} the layer is {@code (Lip_x + C)}-Lipschitz, and in the Euclidean norm over
 * all tokens {@code (Lip_x + √T·C)}-Lipschitz ({@link #tokenBound}), since a weight matrix with rows
 * summing to one has spectral norm at most √T.
 */
public final class GradientFlowAttention extends Module implements Certified, TokenMixer {
    private final int dim, heads, headDim;
    private final double radius, stepCap;
    private final Parameter query, key, step;

    /**
     * @param radius       the token radius R of the projection
     * @param stepFraction the initial φ: η as a fraction of the admissible {@code κ·2/β}, in {@code [0, 1]}
     * @param stepCap      κ in {@code (0, 1]}: η never exceeds {@code κ·2/β}
     */
    public GradientFlowAttention(int dim, int heads, int headDim, double radius, double stepFraction, double stepCap, Rng rng) {
        if (dim <= 0 || heads <= 0 || headDim <= 0)
            throw new IllegalArgumentException("gradient-flow attention needs positive sizes, got dim=" + dim + " heads=" + heads + " headDim=" + headDim);
        if (!(radius > 0 && Double.isFinite(radius))) throw new IllegalArgumentException("gradient-flow attention: token radius must be positive and finite, got " + radius);
        if (!(stepFraction >= 0 && stepFraction <= 1)) throw new IllegalArgumentException("gradient-flow attention: step fraction must lie in [0, 1], got " + stepFraction);
        if (!(stepCap > 0 && stepCap <= 1)) throw new IllegalArgumentException("gradient-flow attention: step cap κ must lie in (0, 1], got " + stepCap);
        this.stepCap = stepCap;
        this.dim = dim;
        this.heads = heads;
        this.headDim = headDim;
        this.radius = radius;
        // W_K starts equal to W_Q: each Aₕ = W_QₕᵀW_Qₕ starts symmetric positive semidefinite, so the first
        // steps already move a query towards the context tokens it aligns with (an in-context kernel step)
        NDArray w = rng.normal(DType.F64, 0, 1 / Math.sqrt(dim), heads * headDim, dim);
        query = parameter("query", w);
        key = parameter("key", w);
        step = parameter("step", NDArray.full(DType.F64, stepFraction, 1));
    }

    /** κ·2/β caps η at κ = 1 (the largest non-expansive step). */
    public GradientFlowAttention(int dim, int heads, int headDim, double radius, double stepFraction, Rng rng) {
        this(dim, heads, headDim, radius, stepFraction, 1, rng);
    }

    public double radius() { return radius; }

    /** {@code x·min(1, R/‖x‖)} token by token: the projection onto the ball, 1-Lipschitz. */
    static Tensor project(Tensor x, double radius) {
        Tensor r = Tensor.scalar(radius).astype(x.dtype());
        Tensor norm = x.square().sum(true, -1).add(1e-300).sqrt();   // the floor keeps 0-tokens' gradient finite
        return x.mul(r.div(norm.maximum(r)));   // where ‖x‖ < R the maximum is the constant R: no gradient into the norm
    }

    /** {@code Aₕ = W_Qₕᵀ W_Kₕ} as arrays {@code [D, D]}. */
    private NDArray[] interactions() {
        NDArray[] a = new NDArray[heads];
        try (var ng = GradMode.off()) {
            for (int h = 0; h < heads; h++) {
                Tensor q = Tensor.constant(query.value()).slice(0, h * headDim, (h + 1) * headDim);
                Tensor k = Tensor.constant(key.value()).slice(0, h * headDim, (h + 1) * headDim);
                a[h] = Tensor.mm(q, true, k, false).value();
            }
        }
        return a;
    }

    private double[] normBounds() {
        NDArray[] a = interactions();
        double[] n = new double[heads];
        for (int h = 0; h < heads; h++) n[h] = OperatorNorm.matrixBound(a[h]);
        return n;
    }

    /** {@code β = R²·Σₕ ‖Aₕ‖²} from certified upper bounds of the norms. */
    public double smoothness() {
        double s = 0;
        for (double n : normBounds()) s += n * n;
        return radius * radius * s;
    }

    /** The largest admissible step {@code κ·2/β} (infinite when every {@code Aₕ = 0}). */
    public double stepLimit() {
        double b = smoothness();
        return b == 0 ? Double.POSITIVE_INFINITY : stepCap * 2 / b;
    }

    /** φ clamped into [0, 1]. */
    private double fraction() { return Math.max(0, Math.min(step.value().item(), 1)); }

    /** The step size in use, {@code η = φ·κ·2/β} (0 when every {@code Aₕ = 0}: then the step moves nothing whatever its size). */
    public double stepValue() {
        double limit = stepLimit();
        return Double.isInfinite(limit) ? 0 : fraction() * limit;
    }

    /**
     * η as a tensor: the value {@code φ·κ·2/β} with the certified β, the gradient in the weights that of the same
     * expression (see the class comment).
     */
    private Tensor stepTensor(Tensor wq, Tensor wk) {
        Tensor phi = step.tensor().clamp(0, 1);
        Tensor betaT = null;
        double beta = 0;
        for (int h = 0; h < heads; h++) {
            Tensor a = Tensor.mm(wq.slice(0, h * headDim, (h + 1) * headDim), true, wk.slice(0, h * headDim, (h + 1) * headDim), false);
            Tensor n2 = gramBoundSquared(a);
            betaT = betaT == null ? n2 : betaT.add(n2);
            beta += Math.pow(OperatorNorm.matrixBound(a.value()), 2);    // the weights in use (also when bound by Module.callWith)
        }
        beta *= radius * radius;
        if (beta == 0) return phi.mul(Tensor.scalar(0).astype(phi.dtype()));
        // the ratio β/β_T is 1 up to rounding (both are the Gram bound); as a constant it makes the value exactly the certified one
        double ratio = beta / (radius * radius * betaT.item());
        return phi.mul(Tensor.scalar(stepCap * 2 / (radius * radius * ratio)).astype(phi.dtype())).div(betaT.reshape(1));
    }

    /**
     * {@code OperatorNorm.matrixBound(A)²} as a differentiable expression: the Gram iteration {@code G ← G²/‖G‖_F} on
     * {@code AᵀA} with the same number of steps, so {@code (Π‖G_k‖_F^{2^{-k}})} is the bound's square and its gradient
     * the derivative of the certified bound.
     */
    static Tensor gramBoundSquared(Tensor a) {
        Tensor g = Tensor.mm(a, true, a, false);
        Tensor logScale = null;
        for (int k = 0; ; k++) {
            Tensor f = g.square().sum().sqrt();
            if (f.item() == 0) return f;
            Tensor term = f.log().mul(Tensor.scalar(Math.pow(2, -k)).astype(f.dtype()));
            logScale = logScale == null ? term : logScale.add(term);
            if (k == OperatorNorm.GRAM_STEPS) return logScale.exp();
            g = g.div(f);
            g = Tensor.mm(g, false, g, false);
        }
    }

    @Override public Tensor forward(Tensor x) { return forward(x, null); }

    @Override public Tensor forward(Tensor x, NDArray mask) {
        MultiHeadAttention.checkTokens(x, dim, "gradient-flow attention");
        Tensor y = project(x, radius);
        Tensor wq = query.tensor(), wk = key.tensor();
        Tensor eta = stepTensor(wq, wk);
        Tensor q = MultiHeadAttention.split(Tensor.mm(y, false, wq, true), heads), k = MultiHeadAttention.split(Tensor.mm(y, false, wk, true), heads);
        Tensor p = MultiHeadAttention.weights(Tensor.mm(q, false, k, true), mask);
        Tensor gradient = MultiHeadAttention.merge(p.matmul(k)).matmul(wq);    // Σₕ W_Qₕᵀ Σⱼ pₕⱼ W_Kₕȳⱼ
        return y.sub(gradient.mul(eta));
    }

    /** {@code max(1, ηβ − 1)}: the Lipschitz constant in the query for any fixed context. */
    public double queryBound(double tol) { return Math.max(1, stepValue() * smoothness() - 1); }

    /** {@code C = η·Σₕ ‖Aₕ‖(1 + ‖Aₕ‖R²)}: the move of a query's output per unit move of every context token. */
    public double contextBound(double tol) {
        double c = 0;
        for (double n : normBounds()) c += n * (1 + n * radius * radius);
        return stepValue() * c;
    }

    /** The Lipschitz constant of self-attention on {@code tokens} tokens in the Euclidean norm over all of them. */
    public double tokenBound(int tokens, double tol) { return queryBound(tol) + Math.sqrt(tokens) * contextBound(tol); }

    /** The bound in the query ({@link #queryBound}). */
    @Override public double lipschitzBound(double tol) { return queryBound(tol); }

    @Override protected void constrain() { step.value().assign(NDArray.full(step.dtype(), fraction(), 1)); }

    @Override public String toString() { return "GradientFlowAttention(" + dim + ", heads=" + heads + "×" + headDim + ", R=" + radius + ")"; }
}
