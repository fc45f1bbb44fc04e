package org.odeon.models.operator;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Certified;
import org.odeon.nn.Module;
import org.odeon.tensor.Rng;

/**
 * One FNO layer {@code v ← σ(K v + W v + b)}: a {@link SpectralConv} {@code K} (global, low modes)
 * plus a {@link Pointwise} map {@code W v + b} (local, all modes), then GELU — or no activation on
 * the last block, as in the FNO paper. Lipschitz: {@code ≤ 1.129·(‖K‖ + ‖W‖)} (1 without GELU).
 */
public final class FourierBlock extends Module implements Certified {
    private final SpectralConv spectral;
    private final Pointwise local;
    private final boolean activate;

    /** {@code modes2 = 0} for 1-D. */
    public FourierBlock(int width, int modes1, int modes2, boolean activate, Rng rng) {
        spectral = child("spectral", new SpectralConv(width, width, modes1, modes2, rng));
        local = child("local", new Pointwise(width, width, true, rng));
        this.activate = activate;
    }

    public SpectralConv spectral() { return spectral; }

    @Override public double lipschitzBound(double tol) {
        return (activate ? Gelu.LIPSCHITZ : 1) * (spectral.lipschitzBound(tol) + local.lipschitzBound(tol));
    }

    @Override public Tensor forward(Tensor v) {
        Tensor y = spectral.forward(v).add(local.forward(v));
        return activate ? Gelu.apply(y) : y;
    }
}
