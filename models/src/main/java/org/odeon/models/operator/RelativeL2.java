package org.odeon.models.operator;

import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/**
 * The error measure of neural-operator papers: per sample {@code ‖û − u‖₂ / ‖u‖₂} over the grid,
 * averaged over the batch. As a ratio of grid norms it does not depend on the grid's resolution
 * (both norms scale alike), so errors at different resolutions compare directly.
 */
public final class RelativeL2 {
    private RelativeL2() {}

    /** The differentiable loss for fields {@code [B, C, H, W]}; the targets are constants. */
    public static Tensor loss(Tensor prediction, NDArray target) {
        requireSameShape(prediction.value(), target);
        Tensor t = Tensor.constant(target);
        NDArray norms = target.square().sum(false, 1, 2, 3).sqrt();
        return prediction.sub(t).square().sum(false, 1, 2, 3).sqrt().div(Tensor.constant(norms)).mean();
    }

    /** The per-sample errors of a batch. */
    public static double[] perSample(NDArray prediction, NDArray target) {
        requireSameShape(prediction, target);
        int b = target.dim(0), n = target.size() / b;
        double[] p = prediction.data(), u = target.data(), out = new double[b];
        for (int i = 0; i < b; i++) {
            double num = 0, den = 0;
            for (int j = i * n; j < (i + 1) * n; j++) {
                num += (p[j] - u[j]) * (p[j] - u[j]);
                den += u[j] * u[j];
            }
            out[i] = Math.sqrt(num / den);
        }
        return out;
    }

    private static void requireSameShape(NDArray p, NDArray t) {
        if (!java.util.Arrays.equals(p.shape(), t.shape()) || t.rank() != 4)
            throw new IllegalArgumentException("relative L2 of fields [B, C, H, W] of one shape, got " + org.odeon.tensor.Shape.str(p.shape()) + " and " + org.odeon.tensor.Shape.str(t.shape()));
    }
}
