package org.odeon.nn;

import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Shape;

/**
 * Training losses, each a mean over the batch (axis 0). Class labels are integer-valued arrays
 * {@code [N]} of indices into the last axis of the logits {@code z: [N, C]}.
 */
public final class Losses {
    private Losses() {}

    /** {@code mean (ŷ − y)²} over every element. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        if (!java.util.Arrays.equals(prediction.shape(), target.shape()))
            throw new IllegalArgumentException("mse: prediction " + Shape.str(prediction.shape()) + " and target " + Shape.str(target.shape()) + " differ");
        return prediction.sub(target).square().mean();
    }

    /** {@code −(1/N) Σ_n log softmax(z_n)[y_n]}. */
    public static Tensor crossEntropy(Tensor logits, NDArray labels) {
        NDArray onehot = oneHot(labels, logits, "crossEntropy");
        return logits.logSoftmax(1).mulConst(onehot).sum().div(-logits.dim(0));
    }

    /**
     * Multi-class hinge {@code (1/(N·C)) Σ_n Σ_{j≠y_n} max(0, m − z_{n,y_n} + z_{n,j})}: zero once the
     * true logit beats every other by the margin {@code m} (as {@code torch.nn.MultiMarginLoss}).
     */
    public static Tensor multiClassHinge(Tensor logits, NDArray labels, double margin) {
        NDArray onehot = oneHot(labels, logits, "multiClassHinge");
        Tensor trueLogit = logits.mulConst(onehot).sum(true, 1);
        Tensor violation = logits.sub(trueLogit).add(margin).relu().mulConst(onehot.mul(-1).add(1));
        return violation.sum().div(logits.size());
    }

    /** Fraction of rows whose largest logit is at the label. */
    public static double accuracy(NDArray logits, NDArray labels) { return correct(logits, labels) / (double) labels.dim(0); }

    /** Number of rows whose largest logit is at the label. */
    public static int correct(NDArray logits, NDArray labels) {
        NDArray pred = logits.argmax(1, false);
        double[] p = pred.data(), y = labels.data();
        if (p.length != y.length) throw new IllegalArgumentException("accuracy: " + p.length + " predictions for " + y.length + " labels");
        int hit = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == y[i]) hit++;
        return hit;
    }

    /** The {@code [N, C]} indicator of the labels, in the logits' type. */
    static NDArray oneHot(NDArray labels, Tensor logits, String what) {
        int[] s = logits.shape();
        if (s.length != 2 || labels.rank() != 1 || labels.dim(0) != s[0])
            throw new IllegalArgumentException(what + ": expected logits [N, C] and labels [N], got " + Shape.str(s) + " and " + Shape.str(labels.shape()));
        int n = s[0], c = s[1];
        double[] y = labels.data(), h = new double[n * c];
        for (int i = 0; i < n; i++) {
            int k = (int) y[i];
            if (k != y[i] || k < 0 || k >= c)
                throw new IllegalArgumentException(what + ": label " + y[i] + " at row " + i + " is not a class index in [0, " + c + ")");
            h[i * c + k] = 1;
        }
        return NDArray.of(logits.dtype() == DType.F32 ? DType.F32 : DType.F64, s, h);
    }
}
