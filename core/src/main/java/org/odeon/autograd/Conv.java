package org.odeon.autograd;

import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Windows;

/**
 * Convolutions and pooling on {@code [N, C, H, W]} tensors, composed from index maps and one
 * matrix product, so they inherit derivatives of every order from those two.
 *
 * <p>{@code conv2d(x, w) = im2col(x) · wᵀ}: im2col gives {@code [N·L, C·kh·kw]} (L output
 * positions), the kernel is {@code [O, C·kh·kw]}, and the product is transposed back to
 * channels-first. {@code convTranspose2d} is its adjoint in {@code x}: the same kernel applied as
 * {@code cols = x · w}, then col2im (the adjoint of im2col).
 */
public final class Conv {
    private Conv() {}

    /** 2-D cross-correlation, stride and padding equal on both axes; {@code bias} may be null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int pad, IndexMap.Pad mode) {
        int[] xs = requireRank4(x, "conv2d input"), ws = requireRank4(w, "conv2d kernel");
        if (ws[1] != xs[1])
            throw new IllegalArgumentException("conv2d: kernel expects " + ws[1] + " input channels, input has " + xs[1]);
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ws[0], kh = ws[2], kw = ws[3];
        int ho = Windows.outSize(h, kh, stride, pad), wo = Windows.outSize(wd, kw, stride, pad), l = ho * wo;
        Tensor cols = x.linear(Maps.im2col(c, h, wd, kh, kw, stride, pad, mode)).reshape(n * l, c * kh * kw);
        Tensor y = Tensor.mm(cols, false, w.reshape(o, c * kh * kw), true);       // [N·L, O]
        if (bias != null) y = y.add(bias);
        return y.reshape(n, l, o).linear(Maps.transposeBlock(l, o)).reshape(n, o, ho, wo);
    }

    /**
     * Transposed convolution (the adjoint of {@link #conv2d} in its input) with kernel
     * {@code [O, C, kh, kw]} mapping {@code O} channels to {@code C}; output extent
     * {@code (in − 1)·stride − 2·pad + k + outputPadding}.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, int stride, int pad, int outputPadding, IndexMap.Pad mode) {
        int[] xs = requireRank4(x, "convTranspose2d input"), ws = requireRank4(w, "convTranspose2d kernel");
        if (ws[0] != xs[1])
            throw new IllegalArgumentException("convTranspose2d: kernel expects " + ws[0] + " input channels, input has " + xs[1]);
        int n = xs[0], o = xs[1], hi = xs[2], wi = xs[3], c = ws[1], kh = ws[2], kw = ws[3];
        int h = (hi - 1) * stride - 2 * pad + kh + outputPadding, wd = (wi - 1) * stride - 2 * pad + kw + outputPadding;
        if (Windows.outSize(h, kh, stride, pad) != hi || Windows.outSize(wd, kw, stride, pad) != wi)
            throw new IllegalArgumentException("convTranspose2d: output padding " + outputPadding + " must be smaller than stride " + stride);
        int l = hi * wi;
        Tensor rows = x.reshape(n, o, l).linear(Maps.transposeBlock(o, l)).reshape(n * l, o);
        Tensor cols = Tensor.mm(rows, false, w.reshape(o, c * kh * kw), false).reshape(n, l, c * kh * kw);
        Tensor y = cols.linear(Maps.im2col(c, h, wd, kh, kw, stride, pad, mode).transpose());
        return bias == null ? y : y.add(bias.reshape(1, c, 1, 1));
    }

    /** Max pooling over {@code k×k} windows. */
    public static Tensor maxPool2d(Tensor x, int k, int stride) {
        requireRank4(x, "pooling input");
        return x.linear(org.odeon.tensor.Selection.maxPool(x.value(), k, stride));
    }

    /** Average pooling over {@code k×k} windows. */
    public static Tensor avgPool2d(Tensor x, int k, int stride) {
        int[] s = requireRank4(x, "pooling input");
        return x.linear(Maps.pool(s[1], s[2], s[3], k, stride, 0)).mean(false, -1);
    }

    private static int[] requireRank4(Tensor t, String what) {
        int[] s = t.shape();
        if (s.length != 4) throw new IllegalArgumentException(what + " must be [N, C, H, W], got " + java.util.Arrays.toString(s));
        return s;
    }
}
