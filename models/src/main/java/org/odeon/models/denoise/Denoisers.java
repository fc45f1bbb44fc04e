package org.odeon.models.denoise;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.inverse.Classical;
import org.odeon.nn.Module;
import org.odeon.tensor.NDArray;

/** Denoisers as maps of {@code [H, W]} (or {@code [c, H, W]}) images, for {@link org.odeon.inverse.PlugAndPlay}. */
public final class Denoisers {
    private Denoisers() {}

    /** A network on {@code [N, c, H, W]} applied to one image without recording gradients. */
    public static UnaryOperator<NDArray> of(Module net, int channels) {
        return img -> {
            int[] s = img.shape();
            int h = s[s.length - 2], w = s[s.length - 1];
            try (var ng = GradMode.off()) {
                return net.forward(Tensor.constant(img.reshape(1, channels, h, w))).value().reshape(s);
            }
        };
    }

    /**
     * The relaxed denoiser {@code D_θ = (1 − θ)I + θD}. If {@code D = (1 − α)I + αN} is α-averaged
     * ({@code N} non-expansive), then {@code D_θ = (1 − θα)I + θα·N} is {@code θα}-averaged, so any
     * {@code 0 < θ < 1/α} keeps a certified averaged operator: {@code θ < 1} weakens the denoiser,
     * {@code θ > 1} strengthens it. In PnP this tunes the regularisation without retraining.
     */
    public static UnaryOperator<NDArray> relaxed(UnaryOperator<NDArray> denoiser, double theta) {
        if (!(theta > 0 && Double.isFinite(theta))) throw new IllegalArgumentException("relaxation θ must be positive and finite, got " + theta);
        return theta == 1 ? denoiser : x -> x.mul(1 - theta).add(denoiser.apply(x).mul(theta));
    }

    /**
     * Loads {@code source}'s parameters into {@code target}, a network of the same layout built for
     * another image size, keeping {@code target}'s own buffers (the norm estimates belong to the size).
     */
    static <M extends Module> M withParametersOf(M target, Module source) {
        Map<String, NDArray> state = target.stateDict();
        source.namedParameters().forEach((k, p) -> state.put(k, p.value().copy()));
        target.loadStateDict(state);
        target.train(source.isTraining());
        return target;
    }

    /** The Gaussian-filter baseline of width {@code sigma} pixels. */
    public static UnaryOperator<NDArray> gaussian(double sigma) { return img -> Classical.gaussianFilter(img, sigma); }
}
