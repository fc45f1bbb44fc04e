package org.odeon.tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 2-D convolution (cross-correlation) of images {@code x[N, C, H, W]} with kernels
 * {@code w[O, C, kh, kw]}, and the two adjoints that make up its derivatives:
 *
 * <pre>
 *   conv(x, w)[n, o, oy, ox] = Σ_{c, ky, kx} w[o, c, ky, kx] · x̃[n, c, s·oy + ky − p, s·ox + kx − p]
 *   ⟨conv(a, w), g⟩ = ⟨a, convT(g, w)⟩        (convT: adjoint in the image)
 *   ⟨conv(x, u), g⟩ = ⟨u, convW(x, g)⟩        (convW: adjoint in the kernel)
 * </pre>
 *
 * where {@code x̃} reads zero, wraps around or mirrors outside the image ({@link IndexMap.Pad}).
 * All three are bilinear, so each one's partial derivatives are the other two: autograd builds
 * derivatives of any order from these kernels alone.
 *
 * <p>Per sample, one GEMM on the column block {@code cols[C·kh·kw, Ho·Wo]} gathered through a
 * cached table ({@link Windows#columns}): {@code y_n = W·cols_n} lands channels-first in the
 * output, {@code convT} scatters {@code Wᵀ·g_n} back through the table, and {@code convW} sums
 * {@code g_n·cols_nᵀ} over the batch. F32 operands stay in float scratch and go to {@code sgemm},
 * whose results need no rounding; samples are split over the cores.
 */
public final class Convolution {
    private Convolution() {}

    /** Input extents, kernel extents, stride, padding and padding mode of a convolution. */
    public record Geometry(int channels, int height, int width, int kh, int kw, int stride, int pad, IndexMap.Pad mode) {
        public Geometry {
            if (channels <= 0 || kh <= 0 || kw <= 0 || stride <= 0 || pad < 0)
                throw new IllegalArgumentException("convolution: channels " + channels + ", kernel " + kh + "x" + kw + " and stride "
                        + stride + " must be positive, padding " + pad + " non-negative");
            Windows.outSize(height, kh, stride, pad);
            Windows.outSize(width, kw, stride, pad);
            if (mode == IndexMap.Pad.REFLECT && (pad >= height || pad >= width))
                throw new IllegalArgumentException("reflect padding " + pad + " needs an image larger than the padding, got " + height + "x" + width);
        }

        public int outHeight() { return Windows.outSize(height, kh, stride, pad); }

        public int outWidth() { return Windows.outSize(width, kw, stride, pad); }

        /** Output positions per channel, {@code Ho·Wo}. */
        int positions() { return outHeight() * outWidth(); }

        /** Kernel taps per output channel, {@code C·kh·kw}. */
        int taps() { return channels * kh * kw; }

        int imageSize() { return channels * height * width; }
    }

    /**
     * {@code conv(x, w) + bias}: {@code [N, C, H, W] × [O, C, kh, kw] → [N, O, Ho, Wo]}, the bias
     * {@code [O]} (or null) added per output channel. The output block starts as the bias and the
     * GEMM accumulates onto it, so the bias costs no pass of its own.
     */
    public static NDArray conv(NDArray x, NDArray w, NDArray bias, Geometry geo) {
        int n = batch(x, geo.channels, geo.height, geo.width, "conv input"), o = kernels(w, geo, "conv kernel");
        if (bias != null && (bias.rank() != 1 || bias.size() != o))
            throw new IllegalArgumentException("conv bias must be [" + o + "], got " + Shape.str(bias.shape()));
        int l = geo.positions(), ck = geo.taps(), img = geo.imageSize(), ol = o * l;
        int[] table = table(geo);
        DType t = bias == null ? DType.promote(x.dtype(), w.dtype()) : DType.promote(DType.promote(x.dtype(), w.dtype()), bias.dtype());
        double[] xd = x.data(), bd = bias == null ? null : bias.data(), out = new double[n * ol];
        if (t == DType.F32) {
            float[] wf = floats(w.data());
            Parallel.rows(n, ck * l, (lo, hi) -> {
                Scratch s = SCRATCH.get();
                float[] cols = s.floats(0, ck * l), y = s.floats(1, ol);
                for (int b = lo; b < hi; b++) {
                    gather(table, xd, b * img, cols);
                    if (bd != null) for (int c = 0; c < o; c++) Arrays.fill(y, c * l, (c + 1) * l, (float) bd[c]);
                    Blas.sgemm(false, false, o, l, ck, wf, 0, cols, 0, bd == null ? 0f : 1f, y, 0);
                    for (int i = 0; i < ol; i++) out[b * ol + i] = y[i];
                }
            });
        } else {
            double[] wd = w.data();
            Parallel.rows(n, ck * l, (lo, hi) -> {
                double[] cols = SCRATCH.get().doubles(ck * l);
                for (int b = lo; b < hi; b++) {
                    gather(table, xd, b * img, cols);
                    if (bd != null) for (int c = 0; c < o; c++) Arrays.fill(out, b * ol + c * l, b * ol + (c + 1) * l, bd[c]);
                    Blas.dgemm(false, false, o, l, ck, wd, 0, cols, 0, bd == null ? 0 : 1, out, b * ol);
                }
            });
        }
        return NDArray.exact(t, new int[] {n, o, geo.outHeight(), geo.outWidth()}, out);
    }

    /** {@code convT(g, w)}, the adjoint of {@link #conv} in the image: {@code [N, O, Ho, Wo] × [O, C, kh, kw] → [N, C, H, W]}. */
    public static NDArray convT(NDArray g, NDArray w, Geometry geo) {
        int o = kernels(w, geo, "convT kernel"), n = batch(g, o, geo.outHeight(), geo.outWidth(), "convT input");
        int l = geo.positions(), ck = geo.taps(), img = geo.imageSize(), ol = o * l;
        int[] table = table(geo);
        DType t = DType.promote(g.dtype(), w.dtype());
        double[] gd = g.data(), out = new double[n * img];
        if (t == DType.F32) {
            float[] wf = floats(w.data());
            Parallel.rows(n, ck * l, (lo, hi) -> {
                Scratch s = SCRATCH.get();
                float[] cols = s.floats(0, ck * l), gf = s.floats(1, ol);
                for (int b = lo; b < hi; b++) {
                    for (int i = 0; i < ol; i++) gf[i] = (float) gd[b * ol + i];
                    Blas.sgemm(true, false, ck, l, o, wf, 0, gf, 0, 0f, cols, 0);
                    scatter(table, cols, out, b * img);
                    for (int i = b * img; i < (b + 1) * img; i++) out[i] = (float) out[i];
                }
            });
        } else {
            double[] wd = w.data();
            Parallel.rows(n, ck * l, (lo, hi) -> {
                double[] cols = SCRATCH.get().doubles(ck * l);
                for (int b = lo; b < hi; b++) {
                    Blas.dgemm(true, false, ck, l, o, wd, 0, gd, b * ol, 0, cols, 0);
                    scatter(table, cols, out, b * img);
                }
            });
        }
        return NDArray.exact(t, new int[] {n, geo.channels, geo.height, geo.width}, out);
    }

    /** {@code convW(x, g)}, the adjoint of {@link #conv} in the kernel: {@code [N, C, H, W] × [N, O, Ho, Wo] → [O, C, kh, kw]}. */
    public static NDArray convW(NDArray x, NDArray g, Geometry geo) {
        int n = batch(x, geo.channels, geo.height, geo.width, "convW input");
        if (g.rank() != 4 || g.dim(0) != n || g.dim(2) != geo.outHeight() || g.dim(3) != geo.outWidth())
            throw new IllegalArgumentException("convW: output gradient must be [" + n + ", O, " + geo.outHeight() + ", " + geo.outWidth()
                    + "], got " + Shape.str(g.shape()));
        int o = g.dim(1), l = geo.positions(), ck = geo.taps(), img = geo.imageSize(), ol = o * l;
        int[] table = table(geo);
        DType t = DType.promote(x.dtype(), g.dtype());
        double[] xd = x.data(), gd = g.data(), out = new double[o * ck];
        // Each chunk of samples sums into its own partial, so the chunks never write the same memory.
        if (t == DType.F32) {
            Parallel.rows(n, ck * l, (lo, hi) -> {
                Scratch s = SCRATCH.get();
                float[] cols = s.floats(0, ck * l), gf = s.floats(1, ol), part = new float[o * ck];
                for (int b = lo; b < hi; b++) {
                    gather(table, xd, b * img, cols);
                    for (int i = 0; i < ol; i++) gf[i] = (float) gd[b * ol + i];
                    Blas.sgemm(false, true, o, ck, l, gf, 0, cols, 0, 1f, part, 0);
                }
                synchronized (out) { for (int i = 0; i < part.length; i++) out[i] += part[i]; }
            });
        } else {
            Parallel.rows(n, ck * l, (lo, hi) -> {
                double[] cols = SCRATCH.get().doubles(ck * l), part = new double[o * ck];
                for (int b = lo; b < hi; b++) {
                    gather(table, xd, b * img, cols);
                    Blas.dgemm(false, true, o, ck, l, gd, b * ol, cols, 0, 1, part, 0);
                }
                synchronized (out) { for (int i = 0; i < part.length; i++) out[i] += part[i]; }
            });
        }
        return NDArray.owned(t, new int[] {o, geo.channels, geo.kh, geo.kw}, out);
    }

    // ------------------------------------------------------------------ gather / scatter

    private static void gather(int[] table, double[] x, int off, float[] cols) {
        for (int i = 0; i < table.length; i++) {
            int m = table[i];
            cols[i] = m < 0 ? 0f : (float) x[off + m];
        }
    }

    private static void gather(int[] table, double[] x, int off, double[] cols) {
        for (int i = 0; i < table.length; i++) {
            int m = table[i];
            cols[i] = m < 0 ? 0 : x[off + m];
        }
    }

    private static void scatter(int[] table, float[] cols, double[] out, int off) {
        for (int i = 0; i < table.length; i++) {
            int m = table[i];
            if (m >= 0) out[off + m] += cols[i];
        }
    }

    private static void scatter(int[] table, double[] cols, double[] out, int off) {
        for (int i = 0; i < table.length; i++) {
            int m = table[i];
            if (m >= 0) out[off + m] += cols[i];
        }
    }

    // ------------------------------------------------------------------ shapes, tables, scratch

    private static int batch(NDArray a, int c, int h, int w, String what) {
        int[] s = a.shape();
        if (s.length != 4 || s[1] != c || s[2] != h || s[3] != w)
            throw new IllegalArgumentException(what + " must be [N, " + c + ", " + h + ", " + w + "], got " + Shape.str(s));
        return s[0];
    }

    private static int kernels(NDArray w, Geometry geo, String what) {
        int[] s = w.shape();
        if (s.length != 4 || s[1] != geo.channels || s[2] != geo.kh || s[3] != geo.kw)
            throw new IllegalArgumentException(what + " must be [O, " + geo.channels + ", " + geo.kh + ", " + geo.kw + "], got " + Shape.str(s));
        return s[0];
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** A training loop convolves the same shapes every step; building a table costs more than using it. */
    private static final Map<Geometry, int[]> TABLES = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Geometry, int[]> e) { return size() > 64; }
    };

    private static int[] table(Geometry g) {
        synchronized (TABLES) {
            return TABLES.computeIfAbsent(g, k -> Windows.columns(k.channels, k.height, k.width, k.kh, k.kw, k.stride, k.pad, k.mode));
        }
    }

    /** Per-thread column and staging buffers, grown on demand, so a step allocates no large arrays. */
    private static final class Scratch {
        private final float[][] f = new float[2][0];
        private double[] d = new double[0];

        float[] floats(int slot, int len) {
            if (f[slot].length < len) f[slot] = new float[len];
            return f[slot];
        }

        double[] doubles(int len) {
            if (d.length < len) d = new double[len];
            return d;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
}
