package org.odeon.nn;

import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * 2-D convolution (cross-correlation) {@code y[o] = Σ_c W[o,c] ⋆ x[c] + b[o]} on {@code [N, C, H, W]},
 * kernel {@code [out, in, k, k]}, with zero, circular or reflect padding.
 *
 * <p>Certificate, for every input size: the convolution is {@code Σ_taps S_t ⊗ W_t}, where
 * {@code W_t = W[:, :, i, j]} mixes channels and {@code S_t} shifts, pads and subsamples the image.
 * {@code S_t} reads each input pixel at most {@code r} times ({@code r = 1} with zero padding, and
 * with circular padding up to {@code (k − 1)/2}; {@code r ≤ 3·3} with reflect padding, a pixel
 * appearing at most three times along each padded axis), so {@code ‖S_t‖ ≤ √r} and
 * {@code Lip ≤ √r·Σ_t ‖W_t‖₂}. This is size-independent and loose (a matrix-free power iteration
 * on a given input size is tighter; see {@code org.odeon.models.lipschitz.Operator}).
 */
public final class Conv2d extends Module implements Certified {
    private final Parameter weight, bias;
    private final int stride, padding;
    private final IndexMap.Pad mode;

    public Conv2d(int in, int out, int kernel, int stride, int padding, IndexMap.Pad mode, boolean withBias, Init init, Rng rng) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0)
            throw new IllegalArgumentException("Conv2d: bad sizes in=" + in + " out=" + out + " kernel=" + kernel + " stride=" + stride + " padding=" + padding);
        this.stride = stride;
        this.padding = padding;
        this.mode = mode;
        weight = parameter("weight", init.draw(DType.F64, new int[] {out, in, kernel, kernel}, rng));
        double a = 1 / Math.sqrt(in * kernel * kernel);
        bias = withBias ? parameter("bias", Init.uniform(-a, a).draw(DType.F64, new int[] {out}, rng)) : null;
    }

    /** Zero padding, with bias, weight and bias from {@code U(±1/√fanIn)}. */
    public Conv2d(int in, int out, int kernel, int stride, int padding, Rng rng) {
        this(in, out, kernel, stride, padding, IndexMap.Pad.ZERO, true, Init.lecunUniform(), rng);
    }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

    @Override public Tensor forward(Tensor x) {
        return Conv.conv2d(x, weight.tensor(), bias == null ? null : bias.tensor(), stride, padding, mode);
    }

    @Override public double lipschitzBound(double tol) { return tapBound(weight.value(), padding, mode); }

    /** {@code √r·Σ_t ‖W[:, :, i, j]‖₂} for a kernel {@code [A, B, k, k]} (see the class comment); its transpose's bound is the same. */
    static double tapBound(NDArray w, int padding, IndexMap.Pad mode) {
        int a = w.dim(0), b = w.dim(1), kh = w.dim(2), kw = w.dim(3);
        double reads = switch (mode) {
            case ZERO -> 1;
            case CIRCULAR -> {
                if (2 * padding > Math.min(kh, kw) - 1)
                    throw new IllegalArgumentException("no Lipschitz certificate for circular padding " + padding + " beyond (k − 1)/2 with kernel " + kh
                            + " (the padded image wraps a pixel into one tap twice)");
                yield 1;
            }
            case REFLECT -> 9;
        };
        double[] d = w.astype(DType.F64).toArray(), tap = new double[a * b];
        double sum = 0;
        for (int i = 0; i < kh; i++)
            for (int j = 0; j < kw; j++) {
                for (int o = 0; o < a; o++)
                    for (int c = 0; c < b; c++) tap[o * b + c] = d[((o * b + c) * kh + i) * kw + j];
                sum += OperatorNorm.matrixBound(NDArray.of(new int[] {a, b}, tap.clone()));
            }
        return Math.sqrt(reads) * sum;
    }

    @Override public String toString() {
        int[] s = weight.shape();
        return "Conv2d(" + s[1] + " → " + s[0] + ", k=" + s[2] + ", stride=" + stride + ", pad=" + padding + " " + mode + ")";
    }
}
