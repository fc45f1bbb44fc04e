package org.odeon.models.transformer;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.models.lipschitz.Operator;
import org.odeon.models.lipschitz.SpectralNormalized;
import org.odeon.nn.Init;
import org.odeon.nn.LayerNorm;
import org.odeon.nn.Linear;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Certified;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A transformer on up to {@code T} tokens of width {@code d_in}:
 * <pre>
 *   tokens → embed ℝ^{d_in} → ℝ^D (+ positions) → blocks → readout → head ℝ^{D'} → ℝ^K
 *   readout: the mean over tokens (D' = D), the last token (D' = D), or all T tokens concatenated (D' = T·D)
 * </pre>
 * {@link Kind#STANDARD}: a free linear embedding, pre-norm {@link TransformerBlock}s, a final LayerNorm
 * and a free linear head — uncertified. {@link Kind#LIPSCHITZ}: embedding and head spectrally
 * normalised to {@code ‖E‖ ≤ r_in}, {@code ‖W‖ ≤ r_out}, {@link LipschitzBlock}s, no LayerNorm.
 *
 * <p><b>Certificate</b> (Lipschitz kind). Added positions do not change differences. The mean over
 * T tokens has norm {@code 1/√T} from the Euclidean norm over tokens, the last token 1. So in the
 * Euclidean norm over all input tokens ({@link #lipschitzBound}):
 * {@code r_in·Πᵦ (Lip_x + √T·C)ᵦ·readout·r_out} with readout {@code 1/√T} for the mean (exactly T
 * tokens), 1 for the last token (up to T) and 1 for the concatenation (an isometry; exactly T); for a move of the query (last) token alone when no token attends to it
 * ({@link #queryBound}): {@code r_in·Πᵦ Lip_xᵦ·r_out}; for a move of every token by at most δ
 * ({@link #maxTokenBound}): {@code r_in·Πᵦ (Lip_x + C)ᵦ·r_out} times δ, whatever the number of tokens
 * (times √T for the concatenation, whose T outputs may each move by that much).
 */
public final class TokenNet extends Module implements Certified {
    public enum Kind { STANDARD, LIPSCHITZ }

    public enum Readout { MEAN, LAST, FLATTEN }

    /**
     * Sizes: input token width, model width, depth, heads, head width, MLP width, outputs, max tokens; and, for the
     * Lipschitz kind, the token radius R of the attention, the norm bounds r_in of the embedding and r_out of the head,
     * and the attention's step cap κ ∈ (0, 1] (η ≤ κ·2/β).
     */
    public record Config(int inDim, int dim, int depth, int heads, int headDim, int hidden, int outputs, int tokens,
                         double radius, double embedRadius, double headRadius, double stepCap) {
        public Config {
            if (inDim <= 0 || dim <= 0 || depth < 0 || heads <= 0 || headDim <= 0 || hidden <= 0 || outputs <= 0 || tokens <= 0)
                throw new IllegalArgumentException("transformer: sizes must be positive (depth ≥ 0), got " + this);
            if (!(radius > 0) || !(embedRadius > 0) || !(headRadius > 0))
                throw new IllegalArgumentException("transformer: radii must be positive, got R=" + radius + ", r_in=" + embedRadius + ", r_out=" + headRadius);
            if (!(stepCap > 0 && stepCap <= 1)) throw new IllegalArgumentException("transformer: the attention step cap must lie in (0, 1], got " + stepCap);
        }
    }

    private final Kind kind;
    private final Readout readout;
    private final Config config;
    private final Module embed, head;
    private final LayerNorm finalNorm;
    private final Parameter positions;
    private final List<Module> blocks = new ArrayList<>();

    public TokenNet(Kind kind, Readout readout, boolean learnedPositions, Config c, Rng rng) {
        this.kind = kind;
        this.readout = readout;
        this.config = c;
        boolean lip = kind == Kind.LIPSCHITZ;
        embed = child("embed", lip ? new SpectralNormalized(new Operator.Dense(c.inDim(), c.dim()), c.embedRadius(), true, Init.orthogonal(1), rng)
                : new Linear(c.inDim(), c.dim(), true, Init.xavierUniform(1), rng));
        positions = learnedPositions ? parameter("positions", rng.normal(DType.F64, 0, 0.02, c.tokens(), c.dim())) : null;
        for (int b = 0; b < c.depth(); b++)
            blocks.add(child("block" + b, lip ? new LipschitzBlock(c.dim(), c.heads(), c.headDim(), c.hidden(), c.radius(), c.stepCap(), rng)
                    : new TransformerBlock(c.dim(), c.heads(), c.hidden(), rng)));
        finalNorm = lip ? null : child("norm", new LayerNorm(c.dim()));
        int features = readout == Readout.FLATTEN ? c.tokens() * c.dim() : c.dim();
        head = child("head", lip ? new SpectralNormalized(new Operator.Dense(features, c.outputs()), c.headRadius(), true, Init.orthogonal(1), rng)
                : new Linear(features, c.outputs(), true, Init.xavierUniform(1), rng));
    }

    public Kind kind() { return kind; }

    public Config config() { return config; }

    public List<Module> blocks() { return List.copyOf(blocks); }

    @Override public Tensor forward(Tensor x) { return forward(x, null); }

    /** Outputs {@code [B, K]} for tokens {@code [B, T, d_in]} (T ≤ the configured maximum) and an optional mask. */
    public Tensor forward(Tensor x, NDArray mask) {
        if (x.rank() != 3 || x.dim(2) != config.inDim() || x.dim(1) > config.tokens() || x.dim(1) == 0)
            throw new IllegalArgumentException("transformer: expected tokens [B, 1.." + config.tokens() + ", " + config.inDim() + "], got " + java.util.Arrays.toString(x.shape()));
        if (readout == Readout.FLATTEN && x.dim(1) != config.tokens())
            throw new IllegalArgumentException("transformer: the concatenating readout needs exactly " + config.tokens() + " tokens, got " + x.dim(1));
        Tensor h = embed.forward(x);
        if (positions != null) h = h.add(positions.tensor().slice(0, 0, x.dim(1)));
        for (Module b : blocks) h = ((TokenMixer) b).forward(h, mask);
        if (finalNorm != null) h = finalNorm.forward(h);
        Tensor r = switch (readout) {
            case MEAN -> h.mean(false, 1);
            case LAST -> h.select(1, h.dim(1) - 1).squeeze(1);
            case FLATTEN -> h.reshape(h.dim(0), h.dim(1) * h.dim(2));
        };
        return head.forward(r);
    }

    private double ends(double tol) {
        requireCertified();
        return ((Certified) embed).lipschitzBound(tol) * ((Certified) head).lipschitzBound(tol);
    }

    /** Lipschitz in the Euclidean norm over all (up to T) input tokens. */
    @Override public double lipschitzBound(double tol) {
        double l = ends(tol) * (readout == Readout.MEAN ? 1 / Math.sqrt(config.tokens()) : 1);
        for (Module b : blocks) l *= ((LipschitzBlock) b).tokenBound(config.tokens(), tol);
        return l;
    }

    /** Lipschitz in the last (query) token alone, when the mask keeps every query from attending to it. */
    public double queryBound(double tol) {
        double l = ends(tol);
        for (Module b : blocks) l *= ((LipschitzBlock) b).queryBound(tol);
        return l;
    }

    /** Output move per unit of {@code max_t ‖δx_t‖} (any one token, or all of them), for any number of tokens. */
    public double maxTokenBound(double tol) {
        double l = ends(tol) * (readout == Readout.FLATTEN ? Math.sqrt(config.tokens()) : 1);
        for (Module b : blocks) l *= ((LipschitzBlock) b).maxTokenBound(tol);
        return l;
    }

    private void requireCertified() {
        if (kind != Kind.LIPSCHITZ) throw new IllegalArgumentException("the standard transformer has no Lipschitz certificate");
    }

    @Override public String toString() { return "TokenNet(" + kind + ", " + readout + ", " + config + ")"; }
}
