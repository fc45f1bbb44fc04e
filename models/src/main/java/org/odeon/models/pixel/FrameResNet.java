package org.odeon.models.pixel;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Conv2d;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * The unconstrained baseline: one residual block predicting the next frame,
 *
 * <pre>
 *   U ← U + C₃ ⋆ relu(C₂ ⋆ relu(C₁ ⋆ U + b₁) + b₂) + b₃,
 * </pre>
 *
 * {@code C₁} 5×5 (1 → w), {@code C₂} 3×3 (w → w), {@code C₃} 5×5 (w → 1), circular padding. It has
 * the pixel net's receptive field and a similar number of weights (w = 4: 353; the heat net has 102, the Fisher net 511) but none of its
 * structure: no time step, no shared Euler sub-steps, no stencil form, so no scheme it reproduces
 * and no invariant it keeps.
 */
public final class FrameResNet extends Module implements NextFrame {
    private final Conv2d c1, c2, c3;

    public FrameResNet(int width, Rng rng) {
        if (width < 1 || width > 256) throw new IllegalArgumentException("frame ResNet width must be in 1..256, got " + width);
        c1 = child("c1", new Conv2d(1, width, 5, 1, 2, IndexMap.Pad.CIRCULAR, true, Init.lecunUniform(), rng));
        c2 = child("c2", new Conv2d(width, width, 3, 1, 1, IndexMap.Pad.CIRCULAR, true, Init.lecunUniform(), rng));
        c3 = child("c3", new Conv2d(width, 1, 5, 1, 2, IndexMap.Pad.CIRCULAR, true, Init.lecunUniform(), rng));
    }

    @Override public Tensor forward(Tensor u) {
        PixelNet.requireFrames(u);
        return u.add(c3.forward(c2.forward(c1.forward(u).relu()).relu()));
    }

    @Override public Tensor next(Tensor u, Tensor startNorm) { return forward(u); }
}
