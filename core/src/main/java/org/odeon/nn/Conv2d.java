package org.odeon.nn;

import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * 2-D convolution (cross-correlation) {@code y[o] = Σ_c W[o,c] ⋆ x[c] + b[o]} on {@code [N, C, H, W]},
 * kernel {@code [out, in, k, k]}, with zero, circular or reflect padding.
 */
public final class Conv2d extends Module {
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

    @Override public String toString() {
        int[] s = weight.shape();
        return "Conv2d(" + s[1] + " → " + s[0] + ", k=" + s[2] + ", stride=" + stride + ", pad=" + padding + " " + mode + ")";
    }
}
