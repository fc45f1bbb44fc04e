package org.odeon.tensor;

import java.util.concurrent.ConcurrentHashMap;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Real and complex FFTs along the last axes, through JTransforms.
 *
 * <p><b>Complex values</b> are real arrays with a trailing axis of extent 2 holding (re, im):
 * a spectrum of {@code m} frequencies along some axis has shape {@code [..., m, 2]}. Transforms
 * are unnormalised forward and {@code 1/n}-normalised inverse, as in NumPy.
 *
 * <p>Each transform is a {@link LinearMap} with its exact adjoint, so spectral layers get
 * derivatives of any order. With {@code c_k = 1} at DC and Nyquist and 2 elsewhere,
 * {@code irfft(Z) = rfftᵀ(c⊙Z)/n} and {@code irfftᵀ(y) = c⊙rfft(y)/n}.
 */
public final class Fft {
    private Fft() {}

    private static final ConcurrentHashMap<Integer, DoubleFFT_1D> PLANS = new ConcurrentHashMap<>();

    private static DoubleFFT_1D plan(int n) { return PLANS.computeIfAbsent(n, DoubleFFT_1D::new); }

    /** Real FFT along the last axis: {@code [..., n]} to {@code [..., n/2+1, 2]}. */
    public static LinearMap rfft(int n) {
        return new LinearMap() {
            @Override public NDArray apply(NDArray x) { return Fft.rfftApply(x, n); }
            @Override public NDArray adjoint(NDArray y) { return Fft.rfftAdjoint(y, n, false); }
        };
    }

    /** Inverse real FFT to {@code n} points: {@code [..., n/2+1, 2]} to {@code [..., n]}. */
    public static LinearMap irfft(int n) {
        return new LinearMap() {
            @Override public NDArray apply(NDArray z) { return Fft.rfftAdjoint(z, n, true); }
            @Override public NDArray adjoint(NDArray y) { return weigh(Fft.rfftApply(y, n), n); }
        };
    }

    /**
     * Complex FFT along the second-to-last axis of a complex array {@code [..., n, inner, 2]}
     * (for 2-D transforms: the axis before the one {@link #rfft} transformed). The adjoint of the
     * forward transform is the unnormalised inverse.
     */
    public static LinearMap fft(int n, boolean inverse) {
        return new LinearMap() {
            @Override public NDArray apply(NDArray z) { return complexAlong(z, n, inverse, inverse ? 1.0 / n : 1.0); }
            @Override public NDArray adjoint(NDArray z) { return complexAlong(z, n, !inverse, inverse ? 1.0 / n : 1.0); }
        };
    }

    static NDArray rfftApply(NDArray x, int n) {
        int[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != n)
            throw new IllegalArgumentException("rfft over " + n + " points of an array of shape " + Shape.str(s));
        int m = n / 2 + 1, rows = x.size() / n;
        double[] out = new double[rows * m * 2];
        DoubleFFT_1D p = plan(n);
        Parallel.rows(rows, 2 * m, (lo, hi) -> {
            double[] buf = new double[n];
            for (int r = lo; r < hi; r++) {
                double[] row = Store.load(x, r * n, n, buf);   // F32 rows are widened straight into buf
                if (row != buf) System.arraycopy(row, r * n, buf, 0, n);
                p.realForward(buf);
                unpack(buf, n, out, r * m * 2);
            }
        });
        int[] os = java.util.Arrays.copyOf(s, s.length + 1);
        os[s.length - 1] = m;
        os[s.length] = 2;
        return NDArray.exact(x.dtype(), os, out);
    }

    /**
     * JTransforms' packed real spectrum to (re, im) pairs: it keeps Re(0) in {@code buf[0]} and, in
     * {@code buf[1]}, Re(n/2) for even n or Im(m − 1) for odd n (whose Re(m − 1) is {@code buf[n − 1]}).
     */
    private static void unpack(double[] buf, int n, double[] out, int o) {
        int m = n / 2 + 1;
        out[o] = buf[0];
        for (int k = 1; 2 * k + 1 < n; k++) {
            out[o + 2 * k] = buf[2 * k];
            out[o + 2 * k + 1] = buf[2 * k + 1];
        }
        if (n % 2 == 0) {
            if (n > 1) out[o + 2 * (m - 1)] = buf[1];
        } else if (n > 1) {
            out[o + 2 * (m - 1)] = buf[n - 1];
            out[o + 2 * (m - 1) + 1] = buf[1];
        }
    }

    /**
     * {@code y_j = Re Σ_{k<m} Z_k e^{+2πijk/n}}, scaled by c_k/n when {@code asInverse}. JTransforms'
     * scaled real inverse computes {@code (1/n)·Σ_k c_k·Re(Z_k e^{+2πijk/n})} from the packed
     * spectrum (the imaginary parts at DC and Nyquist drop out of Re anyway), so the plain adjoint
     * packs {@code n·Z_k/c_k}. (Its unscaled form is off by n/2 or n depending on n's factors.)
     */
    static NDArray rfftAdjoint(NDArray z, int n, boolean asInverse) {
        int[] s = z.shape();
        int m = n / 2 + 1;
        if (s.length < 2 || s[s.length - 1] != 2 || s[s.length - 2] != m)
            throw new IllegalArgumentException("inverse real FFT to " + n + " points needs [..., " + m + ", 2], got " + Shape.str(s));
        int rows = z.size() / (2 * m);
        double edge = asInverse ? 1 : n, inside = asInverse ? 1 : n / 2.0;
        double[] src = z.data(), out = new double[rows * n];
        DoubleFFT_1D p = plan(n);
        Parallel.rows(rows, n, (lo, hi) -> {
            double[] buf = new double[n];
            for (int r = lo; r < hi; r++) {
                int o = r * m * 2;
                buf[0] = edge * src[o];
                for (int k = 1; 2 * k + 1 < n; k++) {
                    buf[2 * k] = inside * src[o + 2 * k];
                    buf[2 * k + 1] = inside * src[o + 2 * k + 1];
                }
                if (n % 2 == 0) {
                    if (n > 1) buf[1] = edge * src[o + 2 * (m - 1)];
                } else if (n > 1) {
                    buf[n - 1] = inside * src[o + 2 * (m - 1)];
                    buf[1] = inside * src[o + 2 * (m - 1) + 1];
                }
                p.realInverse(buf, true);
                System.arraycopy(buf, 0, out, r * n, n);
            }
        });
        int[] os = java.util.Arrays.copyOf(s, s.length - 1);
        os[s.length - 2] = n;
        return NDArray.exact(z.dtype(), os, out);
    }

    private static double weight(int k, int n) { return k == 0 || (n % 2 == 0 && k == n / 2) ? 1 : 2; }

    /** {@code c_k/n ⊙ z} in place on a fresh spectrum {@code [..., m, 2]}. */
    private static NDArray weigh(NDArray z, int n) {
        double[] d = z.data();
        int m = n / 2 + 1;
        for (int o = 0; o < d.length; o += 2 * m)
            for (int k = 0; k < m; k++) {
                double c = weight(k, n) / n;
                d[o + 2 * k] *= c;
                d[o + 2 * k + 1] *= c;
            }
        return NDArray.owned(z.dtype(), z.shape(), d);
    }

    private static NDArray complexAlong(NDArray z, int n, boolean inverse, double scale) {
        int[] s = z.shape();
        if (s.length < 3 || s[s.length - 1] != 2 || s[s.length - 3] != n)
            throw new IllegalArgumentException("complex FFT over " + n + " points needs [..., " + n + ", inner, 2], got " + Shape.str(s));
        int inner = s[s.length - 2], rows = z.size() / (2 * n * inner);
        double[] src = z.data(), out = new double[src.length];
        DoubleFFT_1D p = plan(n);
        Parallel.rows(rows, 2 * n * inner, (lo, hi) -> {
            double[] buf = new double[2 * n];
            for (int r = lo; r < hi; r++)
                for (int j = 0; j < inner; j++) {
                    for (int k = 0; k < n; k++) {
                        int at = ((r * n + k) * inner + j) * 2;
                        buf[2 * k] = src[at];
                        buf[2 * k + 1] = src[at + 1];
                    }
                    if (inverse) p.complexInverse(buf, false); else p.complexForward(buf);
                    for (int k = 0; k < n; k++) {
                        int at = ((r * n + k) * inner + j) * 2;
                        out[at] = scale * buf[2 * k];
                        out[at + 1] = scale * buf[2 * k + 1];
                    }
                }
        });
        return NDArray.exact(z.dtype(), s, out);
    }
}
