package org.odeon.models.denoise;

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

    /** The Gaussian-filter baseline of width {@code sigma} pixels. */
    public static UnaryOperator<NDArray> gaussian(double sigma) { return img -> Classical.gaussianFilter(img, sigma); }
}
