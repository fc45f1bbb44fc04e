package org.odeon.models.transformer;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Init;
import org.odeon.nn.LayerNorm;
import org.odeon.nn.Linear;
import org.odeon.nn.Module;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The standard pre-norm transformer block (the baseline):
 * <pre>
 *   x ← x + MHA(LN₁(x), mask)
 *   x ← x + W₂·gelu(W₁·LN₂(x) + b₁) + b₂
 * </pre>
 * with exact GELU {@code x·Φ(x)}. Uncertified (LayerNorm and dot-product attention are not globally Lipschitz).
 */
public final class TransformerBlock extends Module implements TokenMixer {
    private final LayerNorm norm1, norm2;
    private final MultiHeadAttention attention;
    private final Linear fc1, fc2;

    public TransformerBlock(int dim, int heads, int hidden, Rng rng) {
        if (hidden <= 0) throw new IllegalArgumentException("transformer block: hidden width must be positive, got " + hidden);
        norm1 = child("norm1", new LayerNorm(dim));
        attention = child("attention", new MultiHeadAttention(dim, heads, rng));
        norm2 = child("norm2", new LayerNorm(dim));
        fc1 = child("fc1", new Linear(dim, hidden, true, Init.xavierUniform(1), rng));
        fc2 = child("fc2", new Linear(hidden, dim, true, Init.xavierUniform(1), rng));
    }

    @Override public Tensor forward(Tensor x) { return forward(x, null); }

    @Override public Tensor forward(Tensor x, NDArray mask) {
        x = x.add(attention.forward(norm1.forward(x), mask));
        return x.add(fc2.forward(fc1.forward(norm2.forward(x)).gelu()));
    }
}
