package org.odeon.autograd;

import org.odeon.tensor.Fft;
import org.odeon.tensor.ModeMix;

/**
 * Differentiable FFTs (see {@link Fft} for the complex layout {@code [..., m, 2]}) and complex
 * arithmetic on that layout.
 */
public final class Spectral {
    private Spectral() {}

    /** Real FFT along {@code axis}: that axis becomes {@code n/2+1} frequencies, with (re, im) last. */
    public static Tensor rfft(Tensor x, int axis) {
        int r = x.rank(), a = org.odeon.tensor.Shape.axis(axis, r);
        Tensor moved = a == r - 1 ? x : x.transpose(a, r - 1);
        Tensor z = moved.linear(Fft.rfft(moved.dim(-1)));
        return a == r - 1 ? z : z.transpose(a, r - 1);
    }

    /** Inverse of {@link #rfft} to {@code n} points along {@code axis} (of the real result). */
    public static Tensor irfft(Tensor z, int axis, int n) {
        int r = z.rank() - 1, a = org.odeon.tensor.Shape.axis(axis, r);
        Tensor moved = a == r - 1 ? z : z.transpose(a, r - 1);
        Tensor y = moved.linear(Fft.irfft(n));
        return a == r - 1 ? y : y.transpose(a, r - 1);
    }

    /** 2-D real FFT over the last two axes: {@code [..., h, w]} to {@code [..., h, w/2+1, 2]}. */
    public static Tensor rfft2(Tensor x) {
        Tensor z = x.linear(Fft.rfft(x.dim(-1)));
        return z.linear(Fft.fft(x.dim(-2), false));
    }

    /** Inverse of {@link #rfft2} to {@code [..., h, w]}. */
    public static Tensor irfft2(Tensor z, int w) {
        Tensor y = z.linear(Fft.fft(z.dim(-3), true));
        return y.linear(Fft.irfft(w));
    }

    /** Real part of a complex tensor {@code [..., 2]}. */
    public static Tensor re(Tensor z) { return z.slice(-1, 0, 1).squeeze(-1); }

    /** Imaginary part of a complex tensor {@code [..., 2]}. */
    public static Tensor im(Tensor z) { return z.slice(-1, 1, 2).squeeze(-1); }

    /** Builds a complex tensor from real and imaginary parts of equal shape. */
    public static Tensor complex(Tensor re, Tensor im) { return Tensor.stack(java.util.List.of(re, im), -1); }

    // ------------------------------------------------------------------ complex products

    /**
     * Complex product {@code a·b} of trailing (re, im) pairs, broadcasting the other axes:
     * {@code (a_r b_r − a_i b_i, a_r b_i + a_i b_r)}. Composed of real ops, so differentiable to any order.
     */
    public static Tensor cmul(Tensor a, Tensor b) {
        pairs(a, "cmul");
        pairs(b, "cmul");
        Tensor ar = re(a), ai = im(a), br = re(b), bi = im(b);
        return complex(ar.mul(br).sub(ai.mul(bi)), ar.mul(bi).add(ai.mul(br)));
    }

    /**
     * Complex matrix product {@code [..., m, p, 2] @ [..., p, n, 2] → [..., m, n, 2]} (batch axes
     * broadcast). It is one real matrix product: the row {@code (x_r, x_i)} of each complex entry
     * times the real 2×2 block {@code [[b_r, b_i], [−b_i, b_r]]} of each entry of {@code b} is the
     * (re, im) pair of the complex product, so {@code a} viewed as {@code [..., m, 2p]} times
     * {@code b} as {@code [..., 2p, 2n]} is the complex product viewed as {@code [..., m, 2n]}.
     */
    public static Tensor cmatmul(Tensor a, Tensor b) {
        pairs(a, "cmatmul");
        pairs(b, "cmatmul");
        if (a.rank() < 3 || b.rank() < 3 || a.dim(-2) != b.dim(-3))
            throw new IllegalArgumentException("cmatmul needs [..., m, p, 2] and [..., p, n, 2], got "
                    + org.odeon.tensor.Shape.str(a.shape()) + " and " + org.odeon.tensor.Shape.str(b.shape()));
        Tensor br = re(b), bi = im(b);
        Tensor top = complex(br, bi), bottom = complex(bi.neg(), br);         // [..., p, n, 2] each
        Tensor block = Tensor.stack(java.util.List.of(top, bottom), -3);     // [..., p, 2, n, 2]
        int[] bs = b.shape(), as = a.shape();
        int r = bs.length;
        int[] blockShape = java.util.Arrays.copyOf(bs, r - 1);
        blockShape[r - 3] = 2 * bs[r - 3];
        blockShape[r - 2] = 2 * bs[r - 2];
        int[] rows = java.util.Arrays.copyOf(as, as.length - 1);
        rows[as.length - 2] = 2 * as[as.length - 2];
        Tensor y = a.reshape(rows).matmul(block.reshape(blockShape));      // [..., m, 2n]
        int[] ys = java.util.Arrays.copyOf(y.shape(), y.rank() + 1);
        ys[y.rank() - 1] = bs[r - 2];
        ys[y.rank()] = 2;
        return y.reshape(ys);
    }

    private static void pairs(Tensor z, String op) {
        if (z.rank() == 0 || z.dim(-1) != 2)
            throw new IllegalArgumentException(op + " needs complex values as trailing (re, im) pairs, got shape " + org.odeon.tensor.Shape.str(z.shape()));
    }

    // ------------------------------------------------------------------ mode-truncating spectral products

    /**
     * Mode-truncated spectral product in 1-D, the kernel of a Fourier layer:
     * {@code y = F⁻¹(P_kᵀ (Ŵ · P_k F x))}, i.e. {@code ŷ[b,o,ξ] = Σ_i x̂[b,i,ξ] Ŵ[i,o,ξ]} for the
     * lowest {@code k} frequencies {@code ξ < k} and 0 above. {@code x: [B, Cin, n]}, weights
     * {@code [Cin, Cout, k, 2]} (complex as real pairs), result {@code [B, Cout, n]}. Needs
     * {@code k ≤ n/2}, so that every kept mode lies strictly below Nyquist at every resolution;
     * then the result for a band-limited input does not depend on {@code n}.
     *
     * <p>Only {@code k} of the {@code n/2 + 1} frequencies are needed, so the truncated transforms
     * {@code P_k F} and {@code F⁻¹P_kᵀ} are applied as constant {@code n × 2k} and {@code 2k × n} real
     * matrices (one GEMM each, {@code O(nk)} per row) rather than as full FFTs followed by a cut;
     * the values are the same DFT sums. The inverse counts each {@code ξ > 0} twice and reads only
     * the real part at {@code ξ = 0}, as the real inverse FFT does.
     */
    public static Tensor spectralProduct1d(Tensor x, Tensor w) {
        if (x.rank() != 3 || w.rank() != 4 || w.dim(-1) != 2 || w.dim(0) != x.dim(1))
            throw new IllegalArgumentException("spectralProduct1d needs x [B, Cin, n] and weights [Cin, Cout, k, 2], got "
                    + org.odeon.tensor.Shape.str(x.shape()) + " and " + org.odeon.tensor.Shape.str(w.shape()));
        int b = x.dim(0), cin = x.dim(1), n = x.dim(2), k = w.dim(2), cout = w.dim(1);
        if (2 * k > n) throw new IllegalArgumentException("spectralProduct1d: " + k + " modes need at least " + 2 * k + " points, got " + n);
        org.odeon.tensor.DType t = x.dtype();
        Tensor low = x.matmul(TruncatedDft.forwardReal(n, k, t)).reshape(b, cin, k, 2);
        Tensor y = modeMix(low, w.astype(t));                                           // [B, Cout, k, 2]
        return y.reshape(b, cout, 2 * k).matmul(TruncatedDft.inverseReal(n, k, t));
    }

    /**
     * Mode-truncated spectral product in 2-D: {@code x: [B, Cin, h, w]}, weights
     * {@code [Cin, Cout, 2·k1, k2, 2]} for the frequencies {@code |ξ₁| < k1} (in the order
     * {@code 0..k1−1, −k1..−1}, the rows of a full FFT axis) and {@code 0 ≤ ξ₂ < k2} (the half axis of
     * the real FFT). Needs {@code 2·k1 ≤ h} and {@code 2·k2 ≤ w}; the rest of the spectrum is zero.
     * As in 1-D, the truncated transforms are constant matrices: a real one along {@code w}, then
     * a complex one along {@code h} (and back).
     */
    public static Tensor spectralProduct2d(Tensor x, Tensor w) {
        if (x.rank() != 4 || w.rank() != 5 || w.dim(-1) != 2 || w.dim(0) != x.dim(1) || w.dim(2) % 2 != 0)
            throw new IllegalArgumentException("spectralProduct2d needs x [B, Cin, h, w] and weights [Cin, Cout, 2·k1, k2, 2], got "
                    + org.odeon.tensor.Shape.str(x.shape()) + " and " + org.odeon.tensor.Shape.str(w.shape()));
        int h = x.dim(2), wd = x.dim(3), k1 = w.dim(2) / 2, k2 = w.dim(3), b = x.dim(0), cin = x.dim(1), cout = w.dim(1);
        if (2 * k1 > h || 2 * k2 > wd)
            throw new IllegalArgumentException("spectralProduct2d: modes (" + k1 + ", " + k2 + ") need at least " + 2 * k1 + "×" + 2 * k2 + " points, got " + h + "×" + wd);
        org.odeon.tensor.DType t = x.dtype();
        Tensor alongW = x.matmul(TruncatedDft.forwardReal(wd, k2, t)).reshape(b, cin, h, k2, 2).permute(0, 1, 3, 2, 4);   // [B, Cin, k2, h, 2]
        Tensor low = alongW.reshape(b, cin, k2, 2 * h).matmul(TruncatedDft.forwardFull(h, k1, t)).reshape(b, cin, k2, 2 * k1, 2);
        Tensor y = modeMix(low.reshape(b, cin, 2 * k1 * k2, 2), w.astype(t).permute(0, 1, 3, 2, 4).reshape(cin, cout, 2 * k1 * k2, 2));
        Tensor backH = y.reshape(b, cout, k2, 4 * k1).matmul(TruncatedDft.inverseFull(h, k1, t)).reshape(b, cout, k2, h, 2);
        return backH.permute(0, 1, 3, 2, 4).reshape(b, cout, h, 2 * k2).matmul(TruncatedDft.inverseReal(wd, k2, t));
    }

    /**
     * {@code y[b,o,ξ] = Σ_i x[b,i,ξ]·w[i,o,ξ]} for {@code x [B, Cin, K, 2]}, {@code w [Cin, Cout, K, 2]}: one
     * complex matrix product per mode, in one fused kernel ({@link ModeMix}). It is bilinear, and its
     * adjoints in {@code x} and {@code w} are the kernel's other two products, so its backward is
     *
     * <pre>
     *   mix:   x̄ = mixT(ȳ, w),  w̄ = mixW(x, ȳ)
     *   mixT:  ḡ = mix(z̄, w),   w̄ = mixW(z̄, g)
     *   mixW:  x̄ = mixT(g, v̄),  ḡ = mix(x, v̄)
     * </pre>
     *
     * and derivatives of any order close over the three.
     */
    static Tensor modeMix(Tensor x, Tensor w) {
        return Tensor.op(ModeMix.mix(x.value(), w.value()), (o, g, need) -> new Tensor[] {
                need[0] ? mixT(g, w) : null, need[1] ? mixW(x, g) : null}, x, w);
    }

    private static Tensor mixT(Tensor g, Tensor w) {
        return Tensor.op(ModeMix.mixT(g.value(), w.value()), (o, zbar, need) -> new Tensor[] {
                need[0] ? modeMix(zbar, w) : null, need[1] ? mixW(zbar, g) : null}, g, w);
    }

    private static Tensor mixW(Tensor x, Tensor g) {
        return Tensor.op(ModeMix.mixW(x.value(), g.value()), (o, vbar, need) -> new Tensor[] {
                need[0] ? mixT(g, vbar) : null, need[1] ? modeMix(x, vbar) : null}, x, g);
    }
}
