package org.odeon.autograd;

import org.odeon.tensor.NDArray;

/**
 * The dense layer's ops, fused: {@code y = x·Wᵀ + b} and {@code y = tanh(x·Wᵀ + b)} on the last axis
 * of {@code x}, with {@code W: [out, in]} and {@code b: [out]} (or null).
 *
 * <p>The value is one GEMM written straight into the result and one pass that adds the bias and
 * applies the activation in place (no separate sum and activation arrays). The backward is written
 * with differentiable ops, so every order follows: with {@code ḡ = ȳ} for the affine map and
 * {@code ḡ = ȳ·(1 − y²)} (from the output, as {@link Tensor#tanh}) for the tanh layer,
 *
 * <pre>
 *   x̄ = ḡ·W,   W̄ = ḡᵀ·x (rows of every batch axis folded into one product),   b̄ = Σ_rows ḡ
 * </pre>
 */
public final class Dense {
    private Dense() {}

    /** {@code x·Wᵀ + b}; {@code b} may be null. */
    public static Tensor affine(Tensor x, Tensor w, Tensor b) { return fused(x, w, b, false); }

    /** {@code tanh(x·Wᵀ + b)}; {@code b} may be null. */
    public static Tensor affineTanh(Tensor x, Tensor w, Tensor b) { return fused(x, w, b, true); }

    private static Tensor fused(Tensor x, Tensor w, Tensor b, boolean tanh) {
        NDArray bias = b == null ? null : b.value();
        NDArray value = tanh ? x.value().affineTanh(w.value(), bias) : x.value().affine(w.value(), bias);
        int in = w.dim(1), out = w.dim(0), n = x.size() / Math.max(in, 1);
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return Tensor.op(value, (y, g, need) -> {
            Tensor pre = tanh ? Tensor.tanhBackward(y, g) : g;    // the gradient of x·Wᵀ + b
            Tensor rows = pre.reshape(n, out);
            return new Tensor[] {
                    need[0] ? Tensor.mm(pre, false, w, false) : null,
                    need[1] ? Tensor.mm(rows, true, x.reshape(n, in), false) : null,
                    b != null && need[2] ? rows.sumTo(out) : null};
        }, inputs);
    }
}
