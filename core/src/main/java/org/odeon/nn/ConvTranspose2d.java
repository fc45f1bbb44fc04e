package org.odeon.nn;

import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * Transposed convolution, the adjoint in {@code x} of a {@link Conv2d} with the same kernel:
 * kernel {@code [in, out, k, k]}, output extent {@code (n − 1)·stride − 2·padding + k + outputPadding}.
 * Certificate: an adjoint has the norm of its map, so the {@link Conv2d} bound of the same kernel.
 */
public final class ConvTranspose2d extends Module implements Certified {
    private final Parameter weight, bias;
    private final int stride, padding, outputPadding;
    private final IndexMap.Pad mode;

    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding, int outputPadding, IndexMap.Pad mode,
                           boolean withBias, Init init, Rng rng) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || outputPadding < 0 || outputPadding >= stride)
            throw new IllegalArgumentException("ConvTranspose2d: bad sizes in=" + in + " out=" + out + " kernel=" + kernel
                    + " stride=" + stride + " padding=" + padding + " outputPadding=" + outputPadding + " (must be < stride)");
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.mode = mode;
        weight = parameter("weight", init.draw(DType.F64, new int[] {in, out, kernel, kernel}, rng));
        double a = 1 / Math.sqrt(out * kernel * kernel);
        bias = withBias ? parameter("bias", Init.uniform(-a, a).draw(DType.F64, new int[] {out}, rng)) : null;
    }

    /** Zero padding, with bias, default initialisation. */
    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding, int outputPadding, Rng rng) {
        this(in, out, kernel, stride, padding, outputPadding, IndexMap.Pad.ZERO, true, Init.lecunUniform(), rng);
    }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

    @Override public Tensor forward(Tensor x) {
        return Conv.convTranspose2d(x, weight.tensor(), bias == null ? null : bias.tensor(), stride, padding, outputPadding, mode);
    }

    @Override public double lipschitzBound(double tol) { return Conv2d.tapBound(weight.value(), padding, mode); }

    @Override public String toString() {
        int[] s = weight.shape();
        return "ConvTranspose2d(" + s[0] + " → " + s[1] + ", k=" + s[2] + ", stride=" + stride + ", pad=" + padding + " " + mode + ")";
    }
}
