package org.odeon.tensor;

import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation) of images {@code x[N, C, H, W]} with kernels
 * {@code w[O, C, kh, kw]}, and the two adjoints that make up its derivatives:
 *
 * <pre>
 *   conv(x, w)[n, o, oy, ox] = Σ_{c ∈ group(o), ky, kx} w[o, c mod C/G, ky, kx] · x̃[n, c, s·oy + d·ky − p, s·ox + d·kx − p]
 *   ⟨conv(a, w), g⟩ = ⟨a, convT(g, w)⟩        (convT: adjoint in the image)
 *   ⟨conv(x, u), g⟩ = ⟨u, convW(x, g)⟩        (convW: adjoint in the kernel)
 * </pre>
 *
 * where {@code x̃} reads zero, wraps around or mirrors outside the image ({@link IndexMap.Pad}),
 * {@code d} is the dilation and the {@code C} input and {@code O} output channels are split into
 * {@code G} groups, output channel {@code o} reading only the {@code C/G} input channels of its
 * group ({@code G = C} is a depthwise convolution). Kernels are {@code [O, C/G, kh, kw]}.
 * All three are bilinear, so each one's partial derivatives are the other two: autograd builds
 * derivatives of any order from these kernels alone.
 *
 * <p>Each sample's column block {@code cols_n[C·kh·kw, Ho·Wo]} is gathered through a cached
 * table ({@link Windows#columns}); then {@code y_n = W·cols_n} lands channels-first in the output,
 * {@code convT} scatters {@code Wᵀ·g_n} back through the table, and {@code convW} sums
 * {@code g_n·cols_nᵀ} over the batch. A chunk of samples sits side by side in one block, so each
 * chunk is a single GEMM (one per group). F32 operands are float arrays for {@code sgemm}, so {@code conv} and
 * {@code convW} come out already rounded; {@code convT} rounds each image block after its scatter.
 */
public final class Convolution {
    private Convolution() {}

    /** Input extents, kernel extents, stride, padding, padding mode, dilation and channel groups of a convolution. */
    public record Geometry(int channels, int height, int width, int kh, int kw, int stride, int pad, IndexMap.Pad mode,
                           int dilation, int groups) {
        public Geometry {
            if (channels <= 0 || kh <= 0 || kw <= 0 || stride <= 0 || pad < 0 || dilation <= 0 || groups <= 0)
                throw new IllegalArgumentException("convolution: channels " + channels + ", kernel " + kh + "x" + kw + ", stride "
                        + stride + ", dilation " + dilation + " and groups " + groups + " must be positive, padding " + pad + " non-negative");
            if (channels % groups != 0)
                throw new IllegalArgumentException("convolution: " + channels + " input channels do not split into " + groups + " groups");
            Windows.outSize(height, Windows.span(kh, dilation), stride, pad);
            Windows.outSize(width, Windows.span(kw, dilation), stride, pad);
            if (mode == IndexMap.Pad.REFLECT && (pad >= height || pad >= width))
                throw new IllegalArgumentException("reflect padding " + pad + " needs an image larger than the padding, got " + height + "x" + width);
        }

        /** Without dilation, in one group. */
        public Geometry(int channels, int height, int width, int kh, int kw, int stride, int pad, IndexMap.Pad mode) {
            this(channels, height, width, kh, kw, stride, pad, mode, 1, 1);
        }

        public int outHeight() { return Windows.outSize(height, Windows.span(kh, dilation), stride, pad); }

        public int outWidth() { return Windows.outSize(width, Windows.span(kw, dilation), stride, pad); }

        /** Output positions per channel, {@code Ho·Wo}. */
        int positions() { return outHeight() * outWidth(); }

        /** Column rows of all groups, {@code C·kh·kw}. */
        int taps() { return channels * kh * kw; }

        /** Kernel taps per output channel, {@code (C/G)·kh·kw}. */
        int groupTaps() { return taps() / groups; }

        int imageSize() { return channels * height * width; }
    }

    /**
     * {@code conv(x, w) + bias}: {@code [N, C, H, W] × [O, C, kh, kw] → [N, O, Ho, Wo]}, the bias
     * {@code [O]} (or null) added per output channel. The product starts from the bias and the
     * GEMM accumulates onto it, so the bias costs no pass of its own.
     */
    public static NDArray conv(NDArray x, NDArray w, NDArray bias, Geometry geo) {
        int n = batch(x, geo.channels, geo.height, geo.width, "conv input"), o = kernels(w, geo, "conv kernel");
        if (bias != null && (bias.rank() != 1 || bias.size() != o))
            throw new IllegalArgumentException("conv bias must be [" + o + "], got " + Shape.str(bias.shape()));
        int l = geo.positions(), ck = geo.taps(), img = geo.imageSize(), ol = o * l, per = chunk(n, ck * l);
        int[] table = table(geo);
        DType t = DType.promote(DType.promote(x.dtype(), w.dtype()), bias == null ? w.dtype() : bias.dtype());
        double[] xd = x.data(), out = new double[n * ol];
        int gs = geo.groups, og = o / gs, cg = geo.groupTaps();
        Operands m = new Operands(t, w.data(), ck * l * per, ol * per);
        for (int b0 = 0; b0 < n; b0 += per) {
            int base = b0, nb = Math.min(per, n - b0), bl = nb * l;
            Parallel.rows(nb, ck * l, (lo, hi) -> { for (int b = lo; b < hi; b++) m.gather(table, l, xd, (base + b) * img, bl, b * l); });
            if (bias != null) for (int c = 0; c < o; c++) m.fill(c * bl, (c + 1) * bl, bias.data()[c]);
            for (int g = 0; g < gs; g++)
                m.gemm(false, false, og, bl, cg, Operands.KERNEL, g * og * cg, Operands.COLS, g * cg * bl, bias == null ? 0 : 1, Operands.ROWS, g * og * bl);
            Parallel.rows(nb, ol, (lo, hi) -> { for (int b = lo; b < hi; b++) m.rowsToSample(o, l, bl, b * l, out, (base + b) * ol); });
        }
        return NDArray.exact(t, new int[] {n, o, geo.outHeight(), geo.outWidth()}, out);
    }

    /** {@code convT(g, w)}, the adjoint of {@link #conv} in the image: {@code [N, O, Ho, Wo] × [O, C, kh, kw] → [N, C, H, W]}. */
    public static NDArray convT(NDArray g, NDArray w, Geometry geo) {
        int o = kernels(w, geo, "convT kernel"), n = batch(g, o, geo.outHeight(), geo.outWidth(), "convT input");
        int l = geo.positions(), ck = geo.taps(), img = geo.imageSize(), ol = o * l, per = chunk(n, ck * l);
        int[] table = table(geo);
        DType t = DType.promote(g.dtype(), w.dtype());
        int gs = geo.groups, og = o / gs, cg = geo.groupTaps();
        double[] gd = g.data(), out = new double[n * img];
        Operands m = new Operands(t, w.data(), ck * l * per, ol * per);
        for (int b0 = 0; b0 < n; b0 += per) {
            int base = b0, nb = Math.min(per, n - b0), bl = nb * l;
            Parallel.rows(nb, ol, (lo, hi) -> { for (int b = lo; b < hi; b++) m.sampleToRows(gd, (base + b) * ol, o, l, bl, b * l); });
            for (int gi = 0; gi < gs; gi++)
                m.gemm(true, false, cg, bl, og, Operands.KERNEL, gi * og * cg, Operands.ROWS, gi * og * bl, 0, Operands.COLS, gi * cg * bl);
            Parallel.rows(nb, ck * l, (lo, hi) -> {
                for (int b = lo; b < hi; b++) {
                    m.scatter(table, l, bl, b * l, out, (base + b) * img);
                    if (t == DType.F32) for (int i = (base + b) * img; i < (base + b + 1) * img; i++) out[i] = (float) out[i];
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
        int o = g.dim(1), l = geo.positions(), ck = geo.taps(), img = geo.imageSize(), ol = o * l, per = chunk(n, ck * l);
        if (o % geo.groups != 0)
            throw new IllegalArgumentException("convW: " + o + " output channels do not split into " + geo.groups + " groups");
        int gs = geo.groups, og = o / gs, cg = geo.groupTaps();
        int[] table = table(geo);
        DType t = DType.promote(x.dtype(), g.dtype());
        double[] xd = x.data(), gd = g.data();
        // The kernel slot holds the running sum, one GEMM per sample adding g_n·cols_nᵀ (beta = 1):
        // the product O × C·kh·kw is too small for BLAS to split well, a long sum over the chunk
        // measured slower. The chunk's blocks lie sample after sample.
        Operands m = new Operands(t, new double[o * cg], ck * l * per, ol * per);
        for (int b0 = 0; b0 < n; b0 += per) {
            int base = b0, nb = Math.min(per, n - b0);
            Parallel.rows(nb, ck * l, (lo, hi) -> {
                for (int b = lo; b < hi; b++) {
                    m.gather(table, l, xd, (base + b) * img, l, b * ck * l);
                    m.sampleToRows(gd, (base + b) * ol, o, l, l, b * ol);
                }
            });
            for (int b = 0; b < nb; b++)
                for (int gi = 0; gi < gs; gi++)
                    m.gemm(false, true, og, cg, l, Operands.ROWS, b * ol + gi * og * l, Operands.COLS, b * ck * l + gi * cg * l, 1,
                            Operands.KERNEL, gi * og * cg);
        }
        return NDArray.exact(t, new int[] {o, geo.channels / gs, geo.kh, geo.kw}, m.kernel());
    }

    /** Samples per GEMM: as many as keep the column block near {@link #CHUNK} elements. */
    private static int chunk(int n, int perSample) { return Math.max(1, Math.min(n, CHUNK / perSample)); }

    /**
     * Column block size of one GEMM (1 MB in float32: the operands stay in cache). Samples are
     * gathered and scattered in parallel on the Java side, then multiplied in one GEMM that native
     * BLAS splits over its own threads; the two never run at once, so the cores are not
     * oversubscribed (per-sample GEMMs on Java threads, each large enough for BLAS to thread it
     * too, measured no faster).
     */
    private static final int CHUNK = 1 << 18;

    /**
     * The GEMM operands of one call in the precision of the result: the kernel {@code [O, C·kh·kw]},
     * the column block {@code cols[C·kh·kw, B·L]} and the channel block {@code rows[O, B·L]} of a
     * chunk of {@code B} samples, sample {@code b} occupying columns {@code [b·L, (b+1)·L)} (or, for
     * {@code convW}, blocks one after another).
     * F32 operands are float arrays for {@code sgemm}; values are widened to double only on output.
     */
    private static final class Operands {
        static final int KERNEL = 0, COLS = 1, ROWS = 2;
        private final float[][] f;    // F32 operands, or null
        private final double[][] d;   // F64 operands, or null

        Operands(DType t, double[] kernel, int colsLength, int rowsLength) {
            if (t == DType.F32) {
                float[] k = new float[kernel.length];
                for (int i = 0; i < k.length; i++) k[i] = (float) kernel[i];
                f = new float[][] {k, new float[colsLength], new float[rowsLength]};
                d = null;
            } else {
                f = null;
                d = new double[][] {kernel, new double[colsLength], new double[rowsLength]};
            }
        }

        /** {@code C = op(A)·op(B) + beta·C} on the operands in slots {@code a}, {@code b}, {@code c} at offsets {@code oa}, {@code ob}, {@code oc}. */
        void gemm(boolean ta, boolean tb, int m, int n, int k, int a, int oa, int b, int ob, double beta, int c, int oc) {
            if (f != null) Blas.sgemm(ta, tb, m, n, k, f[a], oa, f[b], ob, (float) beta, f[c], oc);
            else Blas.dgemm(ta, tb, m, n, k, d[a], oa, d[b], ob, beta, d[c], oc);
        }

        void fill(int from, int to, double v) {
            if (f != null) Arrays.fill(f[ROWS], from, to, (float) v);
            else Arrays.fill(d[ROWS], from, to, v);
        }

        /** One sample's columns: {@code cols[r, col + j] = x[off + table[r·L + j]]}, 0 where the table says padding. */
        void gather(int[] table, int l, double[] x, int off, int ld, int col) {
            for (int r = 0; r * l < table.length; r++) {
                int t = r * l, to = r * ld + col;
                if (f != null) {
                    float[] cols = f[COLS];
                    for (int j = 0; j < l; j++) { int s = table[t + j]; cols[to + j] = s < 0 ? 0f : (float) x[off + s]; }
                } else {
                    double[] cols = d[COLS];
                    for (int j = 0; j < l; j++) { int s = table[t + j]; cols[to + j] = s < 0 ? 0 : x[off + s]; }
                }
            }
        }

        /** The adjoint of {@link #gather}: adds one sample's columns into its image block. */
        void scatter(int[] table, int l, int ld, int col, double[] out, int off) {
            for (int r = 0; r * l < table.length; r++) {
                int t = r * l, from = r * ld + col;
                if (f != null) {
                    float[] cols = f[COLS];
                    for (int j = 0; j < l; j++) { int s = table[t + j]; if (s >= 0) out[off + s] += cols[from + j]; }
                } else {
                    double[] cols = d[COLS];
                    for (int j = 0; j < l; j++) { int s = table[t + j]; if (s >= 0) out[off + s] += cols[from + j]; }
                }
            }
        }

        /** Copies sample block {@code [O, L]} from {@code src[off..]} into {@code rows} at column {@code col}. */
        void sampleToRows(double[] src, int off, int o, int l, int ld, int col) {
            for (int c = 0; c < o; c++) {
                int from = off + c * l, to = c * ld + col;
                if (f != null) { float[] rows = f[ROWS]; for (int j = 0; j < l; j++) rows[to + j] = (float) src[from + j]; }
                else System.arraycopy(src, from, d[ROWS], to, l);
            }
        }

        /** Copies {@code rows} at column {@code col} out to sample block {@code [O, L]} at {@code dst[off..]}. */
        void rowsToSample(int o, int l, int ld, int col, double[] dst, int off) {
            for (int c = 0; c < o; c++) {
                int from = c * ld + col, to = off + c * l;
                if (f != null) { float[] rows = f[ROWS]; for (int j = 0; j < l; j++) dst[to + j] = rows[from + j]; }
                else System.arraycopy(d[ROWS], from, dst, to, l);
            }
        }

        /** The kernel slot widened to double (exactly: float values are doubles). */
        double[] kernel() {
            if (d != null) return d[KERNEL];
            double[] k = new double[f[KERNEL].length];
            for (int i = 0; i < k.length; i++) k[i] = f[KERNEL][i];
            return k;
        }
    }

    // ------------------------------------------------------------------ shapes and tables

    private static int batch(NDArray a, int c, int h, int w, String what) {
        int[] s = a.shape();
        if (s.length != 4 || s[1] != c || s[2] != h || s[3] != w)
            throw new IllegalArgumentException(what + " must be [N, " + c + ", " + h + ", " + w + "], got " + Shape.str(s));
        return s[0];
    }

    private static int kernels(NDArray w, Geometry geo, String what) {
        int[] s = w.shape();
        int cg = geo.channels / geo.groups;
        if (s.length != 4 || s[1] != cg || s[2] != geo.kh || s[3] != geo.kw)
            throw new IllegalArgumentException(what + " must be [O, " + cg + ", " + geo.kh + ", " + geo.kw + "], got " + Shape.str(s));
        if (s[0] % geo.groups != 0)
            throw new IllegalArgumentException(what + ": " + s[0] + " output channels do not split into " + geo.groups + " groups");
        return s[0];
    }

    /** A training loop convolves the same shapes every step; building a table costs more than using it. */
    private static final LruCache<Geometry, int[]> TABLES = new LruCache<>(64);

    private static int[] table(Geometry g) {
        return TABLES.get(g, k -> Windows.columns(k.channels, k.height, k.width, k.kh, k.kw, k.stride, k.pad, k.dilation, k.mode));
    }
}
