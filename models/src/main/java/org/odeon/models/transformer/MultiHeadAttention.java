package org.odeon.models.transformer;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Init;
import org.odeon.nn.Linear;
import org.odeon.nn.Module;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Multi-head softmax self-attention (Vaswani et al. 2017) on tokens {@code [B, T, D]}:
 * <pre>
 *   headₕ = softmax_mask(Qₕ Kₕᵀ/√k) Vₕ,   Qₕ = X W_Qₕᵀ, Kₕ = X W_Kₕᵀ, Vₕ = X W_Vₕᵀ,   out = [head₁ … head_H] W_Oᵀ + b_O
 * </pre>
 * A masked key gets weight exactly 0 ({@link Tensor#maskedSoftmax}), so it changes no output;
 * a query whose keys are all masked receives 0 from attention. No Lipschitz certificate: dot-product
 * attention is not globally Lipschitz (Kim et al. 2021).
 */
public final class MultiHeadAttention extends Module implements TokenMixer {
    private final int dim, heads, headDim;
    private final Linear query, key, value, out;

    public MultiHeadAttention(int dim, int heads, Rng rng) {
        if (dim <= 0 || heads <= 0 || dim % heads != 0)
            throw new IllegalArgumentException("attention: dim " + dim + " must be a positive multiple of heads " + heads);
        this.dim = dim;
        this.heads = heads;
        this.headDim = dim / heads;
        query = child("query", new Linear(dim, dim, false, Init.xavierUniform(1), rng));
        key = child("key", new Linear(dim, dim, false, Init.xavierUniform(1), rng));
        value = child("value", new Linear(dim, dim, false, Init.xavierUniform(1), rng));
        out = child("out", new Linear(dim, dim, true, Init.xavierUniform(1), rng));
    }

    @Override public Tensor forward(Tensor x) { return forward(x, null); }

    @Override public Tensor forward(Tensor x, NDArray mask) {
        checkTokens(x, dim, "attention");
        Tensor q = split(query.forward(x), heads), k = split(key.forward(x), heads), v = split(value.forward(x), heads);
        Tensor p = weights(Tensor.mm(q, false, k, true).mul(1 / Math.sqrt(headDim)), mask);
        return out.forward(merge(p.matmul(v)));
    }

    /** Attention weights from scores {@code [B, H, T, S]}: softmax over keys, masked when a mask is given. */
    static Tensor weights(Tensor scores, NDArray mask) { return mask == null ? scores.softmax(-1) : scores.maskedSoftmax(-1, mask); }

    /** {@code [B, T, H·k] → [B, H, T, k]}. */
    static Tensor split(Tensor t, int heads) {
        int b = t.dim(0), n = t.dim(1), hk = t.dim(2);
        return t.reshape(b, n, heads, hk / heads).permute(0, 2, 1, 3);
    }

    /** {@code [B, H, T, k] → [B, T, H·k]}. */
    static Tensor merge(Tensor t) {
        int b = t.dim(0), h = t.dim(1), n = t.dim(2), k = t.dim(3);
        return t.permute(0, 2, 1, 3).reshape(b, n, h * k);
    }

    static void checkTokens(Tensor x, int dim, String who) {
        if (x.rank() != 3 || x.dim(2) != dim)
            throw new IllegalArgumentException(who + ": expected tokens [B, T, " + dim + "], got " + java.util.Arrays.toString(x.shape()));
    }

    @Override public String toString() { return "MultiHeadAttention(" + dim + ", heads=" + heads + ")"; }
}
