package org.odeon.models.operator;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Certified;
import org.odeon.nn.Module;
import org.odeon.tensor.Rng;

/**
 * Fourier neural operator {@code G = Q ∘ L_T ∘ … ∘ L_1 ∘ P} (Li et al., 2021): the input field and
 * its grid coordinates are lifted pointwise to {@code width} channels by {@code P}, pass through
 * {@code T} {@link FourierBlock}s {@code v ← σ(K v + W v + b)}, and are projected pointwise to the
 * output by {@code Q = W₂ σ(W₁ ·)}. Every piece is either pointwise or acts on a fixed set of
 * Fourier modes, so the same weights apply to any resolution that resolves the modes.
 *
 * <p>Fields are {@code [B, C, H, W]} with {@code H = 1} in 1-D. {@code modes2 = 0} selects 1-D.
 *
 * <p>Certificate: the grid channels are constants, so as a map of the input field
 * {@code ‖G(a) − G(b)‖₂ ≤ ‖P‖·Π L_t·‖W₁‖·1.129·‖W₂‖·‖a − b‖₂}, on any grid (both sides are grid ℓ2 norms).
 */
public final class Fno extends Module implements Certified {
    /** Sizes of an FNO: {@code modes2 = 0} for 1-D; {@code projection} is Q's hidden width. */
    public record Config(int inChannels, int outChannels, int width, int modes1, int modes2, int layers, int projection, Grid grid) {
        public Config {
            if (inChannels <= 0 || outChannels <= 0 || width <= 0 || modes1 <= 0 || modes2 < 0 || layers <= 0 || projection <= 0)
                throw new IllegalArgumentException("FNO config: every size must be positive (modes2 ≥ 0), got " + this);
        }

        public int dims() { return modes2 == 0 ? 1 : 2; }
    }

    private final Config config;
    private final Pointwise lift, hidden, out;
    private final List<FourierBlock> blocks = new ArrayList<>();

    public Fno(Config c, Rng rng) {
        this.config = c;
        lift = child("lift", new Pointwise(c.inChannels() + c.dims(), c.width(), true, rng));
        for (int i = 0; i < c.layers(); i++)
            blocks.add(child("block" + i, new FourierBlock(c.width(), c.modes1(), c.modes2(), i < c.layers() - 1, rng)));
        hidden = child("project1", new Pointwise(c.width(), c.projection(), true, rng));
        out = child("project2", new Pointwise(c.projection(), c.outChannels(), true, rng));
    }

    public Config config() { return config; }

    public List<FourierBlock> blocks() { return List.copyOf(blocks); }

    @Override public double lipschitzBound(double tol) {
        double l = lift.lipschitzBound(tol) * hidden.lipschitzBound(tol) * Gelu.LIPSCHITZ * out.lipschitzBound(tol);
        for (FourierBlock b : blocks) l *= b.lipschitzBound(tol);
        return l;
    }

    /** {@code x: [B, inChannels, H, W]} → {@code [B, outChannels, H, W]}. */
    @Override public Tensor forward(Tensor x) {
        requireField(x, config.inChannels(), config.dims());
        int b = x.dim(0), h = x.dim(2), w = x.dim(3);
        int[] min = blocks.get(0).spectral().minimumSize();
        if (h < min[0] || w < min[1])
            throw new IllegalArgumentException("FNO with modes " + config.modes1() + (config.dims() == 2 ? "×" + config.modes2() : "")
                    + " needs a grid of at least " + (config.dims() == 2 ? min[0] + "×" : "") + min[1] + " points, got " + (config.dims() == 2 ? h + "×" : "") + w);
        Tensor coords = config.grid().channels(config.dims(), h, w, x.dtype()).expand(b, config.dims(), h, w);
        Tensor v = lift.forward(Grid.concat(List.of(x, coords)));
        for (FourierBlock block : blocks) v = block.forward(v);
        return out.forward(Gelu.apply(hidden.forward(v)));
    }

    /** Checks a field's rank, channels and (for 1-D) its unit height; one line naming what was wrong. */
    static void requireField(Tensor x, int channels, int dims) {
        if (x.rank() != 4 || x.dim(1) != channels || (dims == 1 && x.dim(2) != 1))
            throw new IllegalArgumentException("expected a " + dims + "-D field [B, " + channels + ", " + (dims == 1 ? "1" : "H") + ", W], got "
                    + org.odeon.tensor.Shape.str(x.shape()));
    }
}
