package org.odeon.models.lipschitz;

import java.util.Arrays;
import org.odeon.autograd.Conv;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Shape;
import org.odeon.tensor.Windows;

/**
 * The linear map {@code A} of a layer with weight {@code W}, together with its adjoint {@code Aᵀ}
 * and its operator norm. A dense map acts on the last axis ({@code Ax = x·Wᵀ}); a convolution
 * acts on {@code [N, C, H, W]} images with its actual stride, padding and padding mode, and its
 * adjoint is the transposed convolution with the same kernel. The operator norm of a
 * convolution depends on the image size, so a convolution operator is built for one.
 */
public sealed interface Operator {
    /** Shape of the weight {@code W}. */
    int[] weightShape();

    /** Shape of one input sample (without the batch axis). */
    int[] inputShape();

    /** Shape of one output sample. */
    int[] outputShape();

    /** Shape of a bias added to {@code Ax}: one value per output feature or channel. */
    int[] biasShape();

    /** {@code Ax}. */
    Tensor apply(Tensor x, Tensor w);

    /** {@code Aᵀy}, the adjoint of {@link #apply} in {@code x}. */
    Tensor adjoint(Tensor y, Tensor w);

    /** An upper bound on {@code ‖A‖₂} (see {@link OperatorNorm}); {@code tol} is used by matrix-free maps only. */
    double normBound(NDArray w, double tol);

    /** A dense map {@code ℝ^in → ℝ^out}, weight {@code [out, in]}. */
    record Dense(int in, int out) implements Operator {
        public Dense {
            if (in <= 0 || out <= 0) throw new IllegalArgumentException("dense operator needs positive sizes, got in=" + in + ", out=" + out);
        }

        @Override public int[] weightShape() { return new int[] {out, in}; }
        @Override public int[] inputShape() { return new int[] {in}; }
        @Override public int[] outputShape() { return new int[] {out}; }
        @Override public int[] biasShape() { return new int[] {out}; }
        @Override public Tensor apply(Tensor x, Tensor w) { return Tensor.mm(x, false, w, true); }
        @Override public Tensor adjoint(Tensor y, Tensor w) { return y.matmul(w); }
        @Override public double normBound(NDArray w, double tol) { return OperatorNorm.matrixBound(w); }
    }

    /**
     * A convolution {@code C → O} channels with a {@code k×k} kernel on {@code height×width}
     * images, weight {@code [O, C, k, k]}.
     */
    record Convolution(int inChannels, int outChannels, int kernel, int stride, int padding, IndexMap.Pad mode, int height, int width)
            implements Operator {
        /** Iteration cap for certificates; convergence within it is checked. */
        static final int MAX_ITERATIONS = 5000;

        public Convolution {
            if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || height <= 0 || width <= 0)
                throw new IllegalArgumentException("convolution operator: bad sizes in=" + inChannels + " out=" + outChannels + " kernel=" + kernel
                        + " stride=" + stride + " padding=" + padding + " image=" + height + "x" + width);
            int ho = Windows.outSize(height, kernel, stride, padding), wo = Windows.outSize(width, kernel, stride, padding);
            if (outputPadding(height, ho, kernel, stride, padding) != outputPadding(width, wo, kernel, stride, padding))
                throw new IllegalArgumentException("convolution operator: image " + height + "x" + width + " needs different output paddings"
                        + " on its two axes for the transposed convolution; use a square image or stride 1");
        }

        /** Same-size convolution: stride 1, padding {@code (k−1)/2} (odd k), zero padding. */
        public static Convolution same(int inChannels, int outChannels, int kernel, int height, int width) {
            if (kernel % 2 == 0) throw new IllegalArgumentException("same-size convolution needs an odd kernel, got " + kernel);
            return new Convolution(inChannels, outChannels, kernel, 1, (kernel - 1) / 2, IndexMap.Pad.ZERO, height, width);
        }

        private static int outputPadding(int in, int out, int k, int stride, int pad) { return in - ((out - 1) * stride - 2 * pad + k); }

        @Override public int[] weightShape() { return new int[] {outChannels, inChannels, kernel, kernel}; }
        @Override public int[] inputShape() { return new int[] {inChannels, height, width}; }
        @Override public int[] biasShape() { return new int[] {1, outChannels, 1, 1}; }

        @Override public int[] outputShape() {
            return new int[] {outChannels, Windows.outSize(height, kernel, stride, padding), Windows.outSize(width, kernel, stride, padding)};
        }

        @Override public Tensor apply(Tensor x, Tensor w) {
            int[] s = x.shape();
            if (s.length != 4 || s[1] != inChannels || s[2] != height || s[3] != width)
                throw new IllegalArgumentException("convolution operator built for [N, " + inChannels + ", " + height + ", " + width + "], got " + Shape.str(s));
            return Conv.conv2d(x, w, null, stride, padding, mode);
        }

        @Override public Tensor adjoint(Tensor y, Tensor w) {
            int[] o = outputShape();
            return Conv.convTranspose2d(y, w, null, stride, padding, outputPadding(height, o[1], kernel, stride, padding), mode);
        }

        @Override public double normBound(NDArray w, double tol) {
            return OperatorNorm.powerBound(v -> applyBatch(v, w), v -> adjointBatch(v, w),
                    OperatorNorm.randomStart(batched(inputShape()), Arrays.hashCode(w.data())), tol, MAX_ITERATIONS);
        }

        NDArray applyBatch(NDArray v, NDArray w) {
            try (var ng = GradMode.off()) { return apply(Tensor.constant(v), Tensor.constant(w)).value(); }
        }

        NDArray adjointBatch(NDArray v, NDArray w) {
            try (var ng = GradMode.off()) { return adjoint(Tensor.constant(v), Tensor.constant(w)).value(); }
        }
    }

    /** {@code [1, s...]}. */
    static int[] batched(int[] s) {
        int[] b = new int[s.length + 1];
        b[0] = 1;
        System.arraycopy(s, 0, b, 1, s.length);
        return b;
    }
}
