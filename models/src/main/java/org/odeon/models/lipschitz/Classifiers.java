package org.odeon.models.lipschitz;

import java.util.ArrayList;
import java.util.List;
import org.odeon.nn.Flatten;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Pool2d;
import org.odeon.nn.Sequential;
import org.odeon.robust.Normalize;
import org.odeon.tensor.Rng;

/**
 * Image classifiers built from one {@link Regime}'s blocks, taking raw images in {@code [0, 1]}:
 * <pre>
 *   dense:  normalise → flatten → lift ℝ^{CHW} → ℝ^w → blocks on ℝ^w → head ℝ^w → ℝ^K
 *   conv:   normalise → lift conv → [blocks on C_s × H_s × W_s → max-pool 2×2 → transition conv]_s → flatten → head
 * </pre>
 * In the constrained regimes the lift, transitions and head are spectrally normalised to
 * {@code ‖·‖ ≤ 1}, so the certified bound of the whole model is that of the normalisation times
 * the product of the blocks' bounds; in the baseline and naive regimes they are unconstrained.
 */
public final class Classifiers {
    private Classifiers() {}

    /** A dense classifier with {@code blocks} blocks of width {@code width}. */
    public static Sequential dense(Regime regime, int[] imageShape, double[] mean, double[] std, int width, int blocks, int classes, Rng rng) {
        int in = imageShape[0] * imageShape[1] * imageShape[2];
        List<Module> l = new ArrayList<>();
        l.add(new Normalize(mean, std));
        l.add(new Flatten());
        l.add(affine(regime, new Operator.Dense(in, width), rng));
        for (int b = 0; b < blocks; b++) l.add(regime.block(new Operator.Dense(width, width), rng));
        l.add(affine(regime, new Operator.Dense(width, classes), rng));
        return new Sequential(l);
    }

    /**
     * A convolutional classifier: stage {@code s} has {@code channels[s]} channels and
     * {@code blocksPerStage} blocks of 3×3 convolutions, followed by 2×2 max pooling.
     */
    public static Sequential conv(Regime regime, int[] imageShape, double[] mean, double[] std, int[] channels, int blocksPerStage, int classes, Rng rng) {
        int c = imageShape[0], h = imageShape[1], w = imageShape[2];
        List<Module> l = new ArrayList<>();
        l.add(new Normalize(mean, std));
        for (int s = 0; s < channels.length; s++) {
            l.add(affine(regime, Operator.Convolution.same(c, channels[s], 3, h, w), rng));
            c = channels[s];
            for (int b = 0; b < blocksPerStage; b++) l.add(regime.block(Operator.Convolution.same(c, c, 3, h, w), rng));
            if (h % 2 != 0 || w % 2 != 0) throw new IllegalArgumentException("conv classifier: stage " + s + " has odd image size " + h + "x" + w + " before pooling");
            l.add(Pool2d.max(2, 2));
            h /= 2;
            w /= 2;
        }
        l.add(new Flatten());
        l.add(affine(regime, new Operator.Dense(c * h * w, classes), rng));
        return new Sequential(l);
    }

    /** A lift, transition or head: norm ≤ 1 in the constrained regimes, free otherwise. */
    static Module affine(Regime regime, Operator op, Rng rng) {
        return regime.constrained()
                ? new SpectralNormalized(op, 1, true, Init.orthogonal(1), rng)
                : new SpectralNormalized(op, Double.POSITIVE_INFINITY, true, Init.heUniform(), rng);
    }
}
