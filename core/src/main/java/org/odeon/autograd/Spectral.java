package org.odeon.autograd;

import org.odeon.tensor.Fft;

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
}
