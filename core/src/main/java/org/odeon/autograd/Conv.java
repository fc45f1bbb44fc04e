package org.odeon.autograd;

import org.odeon.tensor.Convolution;
import org.odeon.tensor.Convolution.Geometry;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Windows;

/**
 * Convolutions and pooling on {@code [N, C, H, W]} tensors.
 *
 * <p>A convolution is one of three bilinear ops on the fused kernels of {@link Convolution}:
 * {@code y = conv(x, w)}, its adjoint in the image {@code z = convT(g, w)} and its adjoint in the
 * kernel {@code v = convW(x, g)}. Each op's backward is the other two,
 *
 * <pre>
 *   conv:   x̄ = convT(ȳ, w),  w̄ = convW(x, ȳ)
 *   convT:  ḡ = conv(z̄, w),   w̄ = convW(z̄, g)
 *   convW:  x̄ = convT(g, v̄),  ḡ = conv(x, v̄)
 * </pre>
 *
 * so the graph closes over these three and derivatives of any order follow. The bias of
 * {@code conv2d} is added inside the {@code conv} kernel; its gradient is a plain sum.
 */
public final class Conv {
    private Conv() {}

    /** 2-D cross-correlation, stride and padding equal on both axes; {@code bias} may be null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int pad, IndexMap.Pad mode) {
        return conv2d(x, w, bias, stride, pad, 1, 1, mode);
    }

    /**
     * 2-D cross-correlation with taps {@code dilation} pixels apart and the channels split into
     * {@code groups}: kernel {@code [O, C/groups, kh, kw]}, output channel {@code o} reading the input
     * channels of its group only ({@code groups = C}: depthwise). {@code bias} may be null.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int pad, int dilation, int groups, IndexMap.Pad mode) {
        int[] xs = requireRank4(x, "conv2d input"), ws = requireRank4(w, "conv2d kernel");
        return conv(x, w, bias == null ? null : bias.reshape(ws[0]), geometry(xs, ws, bias, stride, pad, dilation, groups, mode));
    }

    /** The geometry of a conv2d call, after checking that the shapes fit together (one-line errors). */
    private static Geometry geometry(int[] xs, int[] ws, Tensor bias, int stride, int pad, int dilation, int groups, IndexMap.Pad mode) {
        if (groups <= 0 || xs[1] % groups != 0 || ws[0] % groups != 0)
            throw new IllegalArgumentException("conv2d: " + xs[1] + " input and " + ws[0] + " output channels do not split into " + groups + " groups");
        if (ws[1] * groups != xs[1])
            throw new IllegalArgumentException("conv2d: kernel expects " + ws[1] * groups + " input channels (" + ws[1] + " per group × "
                    + groups + "), input has " + xs[1]);
        if (bias != null && bias.size() != ws[0])
            throw new IllegalArgumentException("conv2d: bias has " + bias.size() + " values for " + ws[0] + " output channels");
        return new Geometry(xs[1], xs[2], xs[3], ws[2], ws[3], stride, pad, mode, dilation, groups);
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
        int hi = xs[2], wi = xs[3], c = ws[1], kh = ws[2], kw = ws[3];
        int h = (hi - 1) * stride - 2 * pad + kh + outputPadding, wd = (wi - 1) * stride - 2 * pad + kw + outputPadding;
        if (Windows.outSize(h, kh, stride, pad) != hi || Windows.outSize(wd, kw, stride, pad) != wi)
            throw new IllegalArgumentException("convTranspose2d: output padding " + outputPadding + " must be smaller than stride " + stride);
        Tensor y = convT(x, w, new Geometry(c, h, wd, kh, kw, stride, pad, mode));
        return bias == null ? y : y.add(bias.reshape(1, c, 1, 1));
    }

    /**
     * {@code relu(conv2d(x, w, bias))} in one kernel: the activation is applied as the output leaves
     * the GEMM block (no pass of its own). Its backward masks the output gradient where the output
     * is not positive, then is the convolution's; relu's second derivative is zero, so higher
     * orders follow from the same two ops.
     */
    public static Tensor conv2dRelu(Tensor x, Tensor w, Tensor bias, int stride, int pad, IndexMap.Pad mode) {
        int[] xs = requireRank4(x, "conv2d input"), ws = requireRank4(w, "conv2d kernel");
        Geometry geo = geometry(xs, ws, bias, stride, pad, 1, 1, mode);
        Tensor b = bias == null ? null : bias.reshape(ws[0]);
        NDArray y = Convolution.conv(x.value(), w.value(), b == null ? null : b.value(), geo, true);
        Node.Backward back = (o, g, need) -> {
            NDArray[] pass = Convolution.outputGradient(g.value(), y);   // the mask and the bias gradient in one pass
            Tensor gm = Tensor.op(pass[0], (m, mbar, n) -> new Tensor[] {mbar.keepWhere(y)}, g);   // linear in g: its adjoint is itself
            return new Tensor[] {need[0] ? convT(gm, w, geo) : null, need[1] ? convW(x, gm, geo) : null, b != null && need[2] ? biasGradient(gm, pass[1]) : null};
        };
        return b == null ? Tensor.op(y, back, x, w) : Tensor.op(y, back, x, w, b);
    }

    /** {@code y = conv(x, w) + b}, the bias {@code [O]} optional: its gradient is ȳ summed over batch and positions. */
    static Tensor conv(Tensor x, Tensor w, Tensor b, Geometry geo) {
        NDArray y = Convolution.conv(x.value(), w.value(), b == null ? null : b.value(), geo);
        Node.Backward back = (o, g, need) -> new Tensor[] {
                need[0] ? convT(g, w, geo) : null, need[1] ? convW(x, g, geo) : null,
                b != null && need[2] ? biasGradient(g, Convolution.outputGradient(g.value(), null)[1]) : null};
        return b == null ? Tensor.op(y, back, x, w) : Tensor.op(y, back, x, w, b);
    }

    /** {@code Σ_{n, positions} g[n, o, ·]} with its value {@code sums} already computed; its backward broadcasts back. */
    private static Tensor biasGradient(Tensor g, NDArray sums) {
        int[] s = g.shape();
        return Tensor.op(sums, (o, sbar, need) -> new Tensor[] {sbar.reshape(1, s[1], 1, 1).expand(s)}, g);
    }

    /** {@code z = convT(g, w)}, the adjoint of {@link #conv} in the image. */
    static Tensor convT(Tensor g, Tensor w, Geometry geo) {
        return Tensor.op(Convolution.convT(g.value(), w.value(), geo), (o, zbar, need) -> new Tensor[] {
                need[0] ? conv(zbar, w, null, geo) : null, need[1] ? convW(zbar, g, geo) : null}, g, w);
    }

    /** {@code v = convW(x, g)}, the adjoint of {@link #conv} in the kernel. */
    static Tensor convW(Tensor x, Tensor g, Geometry geo) {
        return Tensor.op(Convolution.convW(x.value(), g.value(), geo), (o, vbar, need) -> new Tensor[] {
                need[0] ? convT(g, vbar, geo) : null, need[1] ? conv(x, vbar, null, geo) : null}, x, g);
    }

    /** Max pooling over {@code k×k} windows. */
    public static Tensor maxPool2d(Tensor x, int k, int stride) {
        requireRank4(x, "pooling input");
        org.odeon.tensor.Selection.Pooled p = org.odeon.tensor.Selection.maxPooled(x.value(), k, stride);
        return Tensor.op(p.value(), (o, g, need) -> new Tensor[] {g.linear(p.map().transpose())}, x);   // x.linear(map), its value already gathered
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
