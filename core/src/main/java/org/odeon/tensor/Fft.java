package org.odeon.tensor;

import java.util.concurrent.ConcurrentHashMap;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.FloatFFT_1D;

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
 *
 * <p>An array is transformed in its own precision: float32 through JTransforms' float plans, on
 * float buffers, float64 through its double plans. The kernels below are written once over a row
 * buffer of either type ({@code float[]} or {@code double[]}): they move values with
 * {@link System#arraycopy} or {@link Store#pairs} and scale them with {@link Store#scale}, and only the plan calls pick
 * the precision.
 */
public final class Fft {
    private Fft() {}

    private static final ConcurrentHashMap<Integer, DoubleFFT_1D> PLANS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, FloatFFT_1D> FLOAT_PLANS = new ConcurrentHashMap<>();

    /** The plan for {@code n} points in the precision of buffer {@code like}: a {@link FloatFFT_1D} or a {@link DoubleFFT_1D}. */
    private static Object plan(int n, Object like) {
        return like instanceof float[] ? FLOAT_PLANS.computeIfAbsent(n, FloatFFT_1D::new) : PLANS.computeIfAbsent(n, DoubleFFT_1D::new);
    }

    private static void realForward(Object plan, Object buf) {
        if (plan instanceof FloatFFT_1D p) p.realForward((float[]) buf);
        else ((DoubleFFT_1D) plan).realForward((double[]) buf);
    }

    private static void realInverse(Object plan, Object buf) {
        if (plan instanceof FloatFFT_1D p) p.realInverse((float[]) buf, true);
        else ((DoubleFFT_1D) plan).realInverse((double[]) buf, true);
    }

    private static void complex(Object plan, Object buf, boolean inverse) {
        if (plan instanceof FloatFFT_1D p) {
            if (inverse) p.complexInverse((float[]) buf, false); else p.complexForward((float[]) buf);
        } else {
            DoubleFFT_1D p = (DoubleFFT_1D) plan;
            if (inverse) p.complexInverse((double[]) buf, false); else p.complexForward((double[]) buf);
        }
    }

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
        int[] os = java.util.Arrays.copyOf(s, s.length + 1);
        os[s.length - 1] = m;
        os[s.length] = 2;
        NDArray z = NDArray.empty(x.dtype(), os);
        Object src = Store.buffer(x), out = Store.buffer(z), plan = plan(n, src);
        Parallel.rows(rows, 2 * m, (lo, hi) -> {
            Object buf = Store.like(src, n);
            for (int r = lo; r < hi; r++) {
                System.arraycopy(src, r * n, buf, 0, n);
                realForward(plan, buf);
                unpack(buf, n, out, r * m * 2);
            }
        });
        return z;
    }

    /**
     * JTransforms' packed real spectrum to (re, im) pairs: it keeps Re(0) in {@code buf[0]} and, in
     * {@code buf[1]}, Re(n/2) for even n or Im(m − 1) for odd n (whose Re(m − 1) is {@code buf[n − 1]}).
     * The imaginary parts at DC (and Nyquist) stay the zeros {@code out} holds.
     */
    private static void unpack(Object buf, int n, Object out, int o) {
        int m = n / 2 + 1;
        System.arraycopy(buf, 0, out, o, 1);
        if (n > 2) System.arraycopy(buf, 2, out, o + 2, packedPairs(n));
        if (n % 2 == 0) {
            if (n > 1) System.arraycopy(buf, 1, out, o + 2 * (m - 1), 1);
        } else if (n > 1) {
            System.arraycopy(buf, n - 1, out, o + 2 * (m - 1), 1);
            System.arraycopy(buf, 1, out, o + 2 * (m - 1) + 1, 1);
        }
    }

    /** Values of the pairs {@code k = 1, 2, …} with {@code 2k + 1 < n}, which JTransforms packs in place from index 2 on. */
    private static int packedPairs(int n) { return 2 * ((n - 2) / 2); }

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
        int[] os = java.util.Arrays.copyOf(s, s.length - 1);
        os[s.length - 2] = n;
        NDArray y = NDArray.empty(z.dtype(), os);
        Object src = Store.buffer(z), out = Store.buffer(y), plan = plan(n, src);
        Parallel.rows(rows, n, (lo, hi) -> {
            Object buf = Store.like(src, n);
            for (int r = lo; r < hi; r++) {
                int o = r * m * 2;
                System.arraycopy(src, o, buf, 0, 1);
                Store.scale(buf, 0, 1, edge);
                if (n > 2) {
                    System.arraycopy(src, o + 2, buf, 2, packedPairs(n));
                    Store.scale(buf, 2, packedPairs(n), inside);
                }
                if (n % 2 == 0) {
                    if (n > 1) {
                        System.arraycopy(src, o + 2 * (m - 1), buf, 1, 1);
                        Store.scale(buf, 1, 1, edge);
                    }
                } else if (n > 1) {
                    System.arraycopy(src, o + 2 * (m - 1), buf, n - 1, 1);
                    System.arraycopy(src, o + 2 * (m - 1) + 1, buf, 1, 1);
                    Store.scale(buf, n - 1, 1, inside);
                    Store.scale(buf, 1, 1, inside);
                }
                realInverse(plan, buf);
                System.arraycopy(buf, 0, out, r * n, n);
            }
        });
        return y;
    }

    /** {@code c_k/n ⊙ z} in place on a fresh spectrum {@code [..., m, 2]}: weight 1 at DC (and Nyquist for even n), 2 elsewhere. */
    private static NDArray weigh(NDArray z, int n) {
        Object d = Store.buffer(z);
        int m = n / 2 + 1, twos = 2 * (m - 1 - (n % 2 == 0 ? 1 : 0));   // k = 1 .. m − 1, Nyquist aside
        for (int o = 0; o < z.size(); o += 2 * m) {
            Store.scale(d, o, 2, 1.0 / n);
            Store.scale(d, o + 2, twos, 2.0 / n);
            if (n % 2 == 0 && n > 1) Store.scale(d, o + 2 * (m - 1), 2, 1.0 / n);
        }
        return z;
    }

    private static NDArray complexAlong(NDArray z, int n, boolean inverse, double scale) {
        int[] s = z.shape();
        if (s.length < 3 || s[s.length - 1] != 2 || s[s.length - 3] != n)
            throw new IllegalArgumentException("complex FFT over " + n + " points needs [..., " + n + ", inner, 2], got " + Shape.str(s));
        int inner = s[s.length - 2], rows = z.size() / (2 * n * inner);
        NDArray y = NDArray.empty(z.dtype(), s);
        Object src = Store.buffer(z), out = Store.buffer(y), plan = plan(n, src);
        Parallel.rows(rows, 2 * n * inner, (lo, hi) -> {
            Object buf = Store.like(src, 2 * n);
            for (int r = lo; r < hi; r++)
                for (int j = 0; j < inner; j++) {
                    int at = (r * n * inner + j) * 2;
                    Store.pairs(src, at, 2 * inner, buf, 0, 2, n);
                    complex(plan, buf, inverse);
                    if (scale != 1) Store.scale(buf, 0, 2 * n, scale);
                    Store.pairs(buf, 0, 2, out, at, 2 * inner, n);
                }
        });
        return y;
    }
}
