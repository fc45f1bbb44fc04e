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
 * table ({@link Windows#columns}), held as runs of consecutive sources; then {@code y_n = W·cols_n} lands channels-first in the output,
 * {@code convT} scatters {@code Wᵀ·g_n} back through the table, and {@code convW} sums
 * {@code g_n·cols_nᵀ} over the batch. A chunk of samples sits side by side in one block, so each
 * chunk is a single GEMM (one per group). F32 operands are the arrays' float buffers, multiplied by
 * {@code sgemm}; {@code convT} sums its scatter in double and rounds once. Stride-one convolutions
 * to a single channel ({@link DirectConvolution#suits}) skip the columns and run {@link DirectConvolution}'s
 * row loops instead: the same sums to rounding.
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
    public static NDArray conv(NDArray x, NDArray w, NDArray bias, Geometry geo) { return conv(x, w, bias, geo, false); }

    /**
     * {@code relu(conv(x, w) + bias)} when {@code relu}, else {@link #conv(NDArray, NDArray, NDArray, Geometry)}:
     * the activation is applied as the result is copied out of the GEMM block, so it costs no pass
     * over the output of its own.
     */
    public static NDArray conv(NDArray x, NDArray w, NDArray bias, Geometry geo, boolean relu) { return conv(x, w, bias, geo, relu, DirectConvolution.Path.RULE); }

    /** {@link #conv(NDArray, NDArray, NDArray, Geometry, boolean)} on the kernels {@code path} chooses. */
    static NDArray conv(NDArray x, NDArray w, NDArray bias, Geometry geo, boolean relu, DirectConvolution.Path path) {
        int n = batch(x, geo.channels, geo.height, geo.width, "conv input"), o = kernels(w, geo, "conv kernel");
        if (bias != null && (bias.rank() != 1 || bias.size() != o))
            throw new IllegalArgumentException("conv bias must be [" + o + "], got " + Shape.str(bias.shape()));
        int l = geo.positions(), ck = geo.taps(), img = geo.imageSize(), ol = o * l, per = chunk(n, ck * l);
        DType t = DType.promote(DType.promote(x.dtype(), w.dtype()), bias == null ? w.dtype() : bias.dtype());
        NDArray xt = x.astype(t), out = NDArray.empty(t, new int[] {n, o, geo.outHeight(), geo.outWidth()});
        int gs = geo.groups, og = o / gs, cg = geo.groupTaps();
        if (pointwise(geo)) {   // y_n = W·x_n (+ bias) on the buffers themselves
            NDArray wt = w.astype(t);
            for (int b = 0; b < n; b++) {
                if (bias != null) for (int c = 0; c < o; c++) fill(out, (b * o + c) * l, l, bias.at(c));
                for (int g = 0; g < gs; g++) Blas.gemm(false, false, og, l, cg, wt, g * og * cg, xt, b * img + g * cg * l, bias == null ? 0 : 1, out, b * ol + g * og * l);
                if (relu) Store.relu(out, b * ol, ol);   // the sample's block, still in cache
            }
            return out;
        }
        if (DirectConvolution.chosen(path, geo, o)) {
            DirectConvolution.conv(xt, w, bias, geo, relu, out);
            return out;
        }
        int[] table = table(geo);
        NDArray wt = w.astype(t);
        int chunks = chunks(n, per), size = (n + chunks - 1) / chunks;
        Parallel.each(chunks, c -> {
            int b0 = c * size, nb = Math.min(size, n - b0), bl = nb * l;
            Operands m = new Operands(wt, ck * bl, ol * nb, chunks == 1);
            for (int b = 0; b < nb; b++) m.gather(table, xt, (b0 + b) * img, bl, b * l);
            if (bias != null) for (int ch = 0; ch < o; ch++) m.fill(ch * bl, (ch + 1) * bl, bias.at(ch));
            for (int g = 0; g < gs; g++)
                m.gemm(false, false, og, bl, cg, Operands.KERNEL, g * og * cg, Operands.COLS, g * cg * bl, bias == null ? 0 : 1, Operands.ROWS, g * og * bl);
            for (int b = 0; b < nb; b++) m.rowsToSample(o, l, bl, b * l, out, (b0 + b) * ol, relu);
            m.release();
        });
        return out;
    }

    /** {@code convT(g, w)}, the adjoint of {@link #conv} in the image: {@code [N, O, Ho, Wo] × [O, C, kh, kw] → [N, C, H, W]}. */
    public static NDArray convT(NDArray g, NDArray w, Geometry geo) { return convT(g, w, geo, DirectConvolution.Path.RULE); }

    static NDArray convT(NDArray g, NDArray w, Geometry geo, DirectConvolution.Path path) {
        int o = kernels(w, geo, "convT kernel"), n = batch(g, o, geo.outHeight(), geo.outWidth(), "convT input");
        int l = geo.positions(), ck = geo.taps(), img = geo.imageSize(), ol = o * l, per = chunk(n, ck * l);
        DType t = DType.promote(g.dtype(), w.dtype());
        int gs = geo.groups, og = o / gs, cg = geo.groupTaps();
        NDArray gt = g.astype(t);
        if (pointwise(geo)) {   // z_n = Wᵀ·g_n on the buffers themselves
            NDArray wt = w.astype(t), z = NDArray.overwritten(t, new int[] {n, geo.channels, geo.height, geo.width});   // β = 0 writes it all
            for (int b = 0; b < n; b++)
                for (int gi = 0; gi < gs; gi++) Blas.gemm(true, false, cg, l, og, wt, gi * og * cg, gt, b * ol + gi * og * l, 0, z, b * img + gi * cg * l);
            return z;
        }
        if (DirectConvolution.chosen(path, geo, o))
            return NDArray.owned(t, new int[] {n, geo.channels, geo.height, geo.width}, DirectConvolution.convT(gt, w, geo));
        int[] table = table(geo);
        NDArray wt = w.astype(t), z = NDArray.empty(t, new int[] {n, geo.channels, geo.height, geo.width});
        int chunks = chunks(n, per), size = (n + chunks - 1) / chunks;
        Parallel.each(chunks, c -> {
            int b0 = c * size, nb = Math.min(size, n - b0), bl = nb * l;
            Operands m = new Operands(wt, ck * bl, ol * nb, chunks == 1);
            for (int b = 0; b < nb; b++) m.sampleToRows(gt, (b0 + b) * ol, o, l, bl, b * l);
            for (int gi = 0; gi < gs; gi++)
                m.gemm(true, false, cg, bl, og, Operands.KERNEL, gi * og * cg, Operands.ROWS, gi * og * bl, 0, Operands.COLS, gi * cg * bl);
            // F64 sums straight into the result (zeroed); F32 in a double block per sample, rounded once
            double[] sums = z.doubles() != null ? z.doubles() : Store.scratch(img)[0];
            for (int b = 0; b < nb; b++) {
                int at = z.doubles() != null ? (b0 + b) * img : 0;
                if (z.floats() != null) Arrays.fill(sums, 0, img, 0.0);
                m.scatter(table, bl, b * l, sums, at);
                if (z.floats() != null) Store.narrow(sums, 0, z.floats(), (b0 + b) * img, img);
            }
            m.release();
        });
        return z;
    }

    /** {@code convW(x, g)}, the adjoint of {@link #conv} in the kernel: {@code [N, C, H, W] × [N, O, Ho, Wo] → [O, C, kh, kw]}. */
    public static NDArray convW(NDArray x, NDArray g, Geometry geo) { return convW(x, g, geo, DirectConvolution.Path.RULE); }

    static NDArray convW(NDArray x, NDArray g, Geometry geo, DirectConvolution.Path path) {
        int n = batch(x, geo.channels, geo.height, geo.width, "convW input");
        if (g.rank() != 4 || g.dim(0) != n || g.dim(2) != geo.outHeight() || g.dim(3) != geo.outWidth())
            throw new IllegalArgumentException("convW: output gradient must be [" + n + ", O, " + geo.outHeight() + ", " + geo.outWidth()
                    + "], got " + Shape.str(g.shape()));
        int o = g.dim(1), l = geo.positions(), ck = geo.taps(), img = geo.imageSize(), ol = o * l, per = chunk(n, ck * l);
        if (o % geo.groups != 0)
            throw new IllegalArgumentException("convW: " + o + " output channels do not split into " + geo.groups + " groups");
        int gs = geo.groups, og = o / gs, cg = geo.groupTaps();
        DType t = DType.promote(x.dtype(), g.dtype());
        NDArray xt = x.astype(t), gt = g.astype(t);
        if (pointwise(geo)) {   // v = Σ_n g_n·x_nᵀ on the buffers themselves
            NDArray v = NDArray.empty(t, new int[] {o, geo.channels / gs, 1, 1});
            for (int b = 0; b < n; b++)
                for (int gi = 0; gi < gs; gi++) Blas.gemm(false, true, og, cg, l, gt, b * ol + gi * og * l, xt, b * img + gi * cg * l, 1, v, gi * og * cg);
            return v;
        }
        if (DirectConvolution.chosen(path, geo, o))
            return NDArray.owned(t, new int[] {o, geo.channels, geo.kh, geo.kw}, DirectConvolution.convW(xt, gt, geo));
        // A fixed number of parts (not one per thread, so the sums do not depend on the thread count),
        // each a contiguous run of chunks summed into its own kernel by one GEMM a chunk (beta = 1):
        // a chunk's columns and output gradients lie side by side, v_part += g_rows·colsᵀ. The parts
        // are added in order, in double, rounded once.
        int[] table = table(geo), ks = {o, geo.channels / gs, geo.kh, geo.kw};
        int chunks = chunks(n, per), size = (n + chunks - 1) / chunks, parts = Math.min(chunks, PARTS);
        NDArray[] part = new NDArray[parts];
        Parallel.each(parts, q -> {
            Operands m = new Operands(part[q] = NDArray.empty(t, ks), ck * l * size, ol * size, parts == 1);
            for (int c = q * chunks / parts; c < (q + 1) * chunks / parts; c++) {
                int b0 = c * size, nb = Math.min(size, n - b0), bl = nb * l;
                for (int b = 0; b < nb; b++) {
                    m.gather(table, xt, (b0 + b) * img, bl, b * l);
                    m.sampleToRows(gt, (b0 + b) * ol, o, l, bl, b * l);
                }
                for (int gi = 0; gi < gs; gi++)
                    m.gemm(false, true, og, cg, bl, Operands.ROWS, gi * og * bl, Operands.COLS, gi * cg * bl, 1, Operands.KERNEL, gi * og * cg);
            }
            m.release();
        });
        if (parts == 1) return part[0];
        double[] v = new double[part[0].size()];
        for (NDArray a : part) Store.add(a, v);
        return NDArray.owned(t, ks, v);
    }

    /**
     * The gradient at a convolution's output pass, for {@code y = relu(conv(x, w) + b)} (or, with
     * {@code y} null, {@code y = conv(x, w) + b}): {@code ḡ = g} where {@code y > 0}, else 0 (with no
     * relu, {@code ḡ = g} itself), and the bias gradient {@code Σ_{n, positions} ḡ[n, o, ·]}, both in
     * one pass over {@code g [N, O, Ho, Wo]}. Sums run in double, per sample and then over the batch
     * in order, so they do not depend on the number of threads. Every element of ḡ is written, so
     * inside an {@link Arena} it may reuse a dead buffer.
     *
     * @return {@code {ḡ, bias gradient [O]}}
     */
    public static NDArray[] outputGradient(NDArray g, NDArray y) {
        int[] s = g.shape();
        if (s.length != 4 || (y != null && !java.util.Arrays.equals(s, y.shape())))
            throw new IllegalArgumentException("convolution output gradient must be [N, O, Ho, Wo] like the output, got "
                    + Shape.str(s) + (y == null ? "" : " and " + Shape.str(y.shape())));
        int n = s[0], o = s[1], l = s[2] * s[3];
        NDArray out = y == null ? g : NDArray.overwritten(g.dtype(), s);
        double[] part = new double[n * o];
        Parallel.rows(n, o * l, (lo, hi) -> {
            double[][] sc = Store.scratch(l);
            for (int b = lo; b < hi; b++)
                for (int c = 0; c < o; c++) {
                    int at = (b * o + c) * l;
                    double sum = 0;
                    if (y == null) sum = Store.sum(g, at, l);
                    else {
                        int go = Store.offset(g, at);
                        double[] gv = Store.load(g, at, l, sc[0]);
                        double[] yv = Store.load(y, at, l, sc[1]), ov = out.doubles() != null ? out.doubles() : sc[2];
                        int yo = Store.offset(y, at), oo = Store.offset(out, at);
                        for (int i = 0; i < l; i++) {
                            double v = Elementwise.keep(gv[go + i], yv[yo + i]);
                            ov[oo + i] = v;
                            sum += v;
                        }
                        if (out.floats() != null) Store.narrow(sc[2], 0, out.floats(), at, l);
                    }
                    part[b * o + c] = sum;
                }
        });
        double[] sums = new double[o];
        for (int b = 0; b < n; b++)
            for (int c = 0; c < o; c++) sums[c] += part[b * o + c];
        return new NDArray[] {out, NDArray.owned(g.dtype(), new int[] {o}, sums)};
    }

    /**
     * A 1×1 kernel at stride 1 without padding reads each pixel once in place: its column block is
     * the image itself, so the kernels multiply the arrays' buffers directly, one GEMM per sample
     * (and group), gathering nothing.
     */
    private static boolean pointwise(Geometry g) { return g.kh == 1 && g.kw == 1 && g.stride == 1 && g.pad == 0; }

    private static void fill(NDArray a, int from, int n, double v) {
        if (a.floats() != null) Arrays.fill(a.floats(), from, from + n, (float) v);
        else Arrays.fill(a.doubles(), from, from + n, v);
    }

    /** Samples per GEMM: as many as keep the column block near {@link #CHUNK} elements. */
    private static int chunk(int n, int perSample) { return Math.max(1, Math.min(n, CHUNK / perSample)); }

    /** Chunks of at most {@code per} samples that cover {@code n}; their sizes are then made even ({@code ⌈n / chunks⌉}). */
    private static int chunks(int n, int per) { return (n + per - 1) / per; }

    /** Partial kernel sums of {@link #convW}: enough to keep two or four cores busy, few enough to add cheaply. */
    private static final int PARTS = 4;

    /**
     * Column block size of one GEMM (1 MB in float32: the operands stay in cache). Each chunk of
     * samples is one task — gather, GEMM on one thread, copy out — and the tasks run over the
     * engine's threads ({@link Parallel#each}): the cores work on different chunks with no barrier
     * between the passes, and a lone chunk's GEMM is split by rows instead.
     */
    private static final int CHUNK = 1 << 18;

    /**
     * The GEMM operands of one call in the precision of the result: the kernel {@code [O, C·kh·kw]}
     * (an array's own buffer), the column block {@code cols[C·kh·kw, B·L]} and the channel block
     * {@code rows[O, B·L]} of a chunk of {@code B} samples, sample {@code b} occupying columns
     * {@code [b·L, (b+1)·L)} (or, for {@code convW}, blocks one after another). F32 operands are
     * float arrays for {@code sgemm}, F64 double arrays for {@code dgemm}.
     */
    private static final class Operands {
        static final int KERNEL = 0, COLS = 1, ROWS = 2;
        final NDArray kernel;
        /** Whether a large product may be split over the engine's threads: only when no other chunk runs beside it. */
        private final boolean split;
        private final float[][] f;    // F32 operands, or null
        private final double[][] d;   // F64 operands, or null

        Operands(NDArray kernel, int colsLength, int rowsLength, boolean split) {
            this.kernel = kernel;
            this.split = split && Blas.SPLIT;
            Object[] blocks = BLOCKS.get();
            if (kernel.floats() != null) {
                f = new float[][] {kernel.floats(), floats(blocks, COLS, colsLength), floats(blocks, ROWS, rowsLength)};
                d = null;
            } else {
                f = null;
                d = new double[][] {kernel.doubles(), doubles(blocks, COLS, colsLength), doubles(blocks, ROWS, rowsLength)};
            }
        }

        /**
         * This thread's column and channel blocks, kept between calls: a training step convolves the
         * same shapes again and again, and fresh megabyte blocks each call cost allocation and
         * zeroing. Every kernel writes each element of a block before reading it. A block is taken
         * out while in use and put back by {@link #release}, so a nested or failed call simply
         * allocates its own.
         */
        private static final ThreadLocal<Object[]> BLOCKS = ThreadLocal.withInitial(() -> new Object[6]);

        private static float[] floats(Object[] blocks, int slot, int n) {
            float[] a = blocks[slot] instanceof float[] b && b.length >= n ? b : new float[n];
            blocks[slot] = null;
            return a;
        }

        private static double[] doubles(Object[] blocks, int slot, int n) {
            double[] a = blocks[slot + 3] instanceof double[] b && b.length >= n ? b : new double[n];
            blocks[slot + 3] = null;
            return a;
        }

        /** Puts the column and channel blocks back for this thread's next call. */
        void release() {
            Object[] blocks = BLOCKS.get();
            for (int slot = COLS; slot <= ROWS; slot++)
                if (f != null) blocks[slot] = f[slot];
                else blocks[slot + 3] = d[slot];
        }

        /** {@code C = op(A)·op(B) + beta·C} on the operands in slots {@code a}, {@code b}, {@code c} at offsets {@code oa}, {@code ob}, {@code oc}. */
        void gemm(boolean ta, boolean tb, int m, int n, int k, int a, int oa, int b, int ob, double beta, int c, int oc) {
            if (f != null) Blas.sgemm(split, ta, tb, m, n, k, f[a], oa, f[b], ob, (float) beta, f[c], oc);
            else Blas.dgemm(split, ta, tb, m, n, k, d[a], oa, d[b], ob, beta, d[c], oc);
        }

        void fill(int from, int to, double v) {
            if (f != null) Arrays.fill(f[ROWS], from, to, (float) v);
            else Arrays.fill(d[ROWS], from, to, v);
        }

        private Object slot(int s) { return f != null ? f[s] : d[s]; }

        /** One sample's columns: {@code cols[r, col + j] = x[off + table[r·L + j]]}, 0 where the table says padding, run by run. */
        void gather(int[] runs, NDArray x, int off, int ld, int col) {
            Object src = x.floats() != null ? x.floats() : x.doubles(), dst = slot(COLS);
            for (int i = 0; i < runs.length; i += 4) {
                int at = runs[i] * ld + col + runs[i + 1], from = runs[i + 2], n = runs[i + 3];
                if (from < 0) zero(dst, at, n);
                else System.arraycopy(src, off + from, dst, at, n);
            }
        }

        /** The adjoint of {@link #gather}: adds one sample's columns into its image block (double sums). */
        void scatter(int[] runs, int ld, int col, double[] out, int off) {
            for (int i = 0; i < runs.length; i += 4) {
                int at = runs[i] * ld + col + runs[i + 1], to = runs[i + 2], n = runs[i + 3];
                if (to < 0) continue;
                if (f != null) Store.add(f[COLS], at, out, off + to, n);
                else Store.add(d[COLS], at, out, off + to, n);
            }
        }

        private static void zero(Object a, int from, int n) {
            if (a instanceof float[] fa) Arrays.fill(fa, from, from + n, 0f);
            else Arrays.fill((double[]) a, from, from + n, 0.0);
        }

        /** Copies sample block {@code [O, L]} from {@code src} at {@code off} into {@code rows} at column {@code col}. */
        void sampleToRows(NDArray src, int off, int o, int l, int ld, int col) {
            Object from = src.floats() != null ? src.floats() : src.doubles();
            for (int c = 0; c < o; c++) System.arraycopy(from, off + c * l, slot(ROWS), c * ld + col, l);
        }

        /** Copies {@code rows} at column {@code col} out to sample block {@code [O, L]} of {@code dst} at {@code off}, through relu if asked. */
        void rowsToSample(int o, int l, int ld, int col, NDArray dst, int off, boolean relu) {
            Object to = dst.floats() != null ? dst.floats() : dst.doubles();
            for (int c = 0; c < o; c++) System.arraycopy(slot(ROWS), c * ld + col, to, off + c * l, l);
            if (relu) Store.relu(dst, off, o * l);
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

    /**
     * The column table of {@link Windows#columns} as runs {@code (row, position, source, length)}:
     * {@code length} entries of table row {@code row} from {@code position} on read consecutive
     * sources from {@code source} on, or all read padding ({@code source = −1}). At stride 1 a run
     * is a whole row of the image, so gathering copies blocks instead of looking up each element
     * (measured ≈ 3× faster than the element-wise table on 14×14 images).
     */
    private static int[] table(Geometry g) {
        return TABLES.get(g, k -> runs(Windows.columns(k.channels, k.height, k.width, k.kh, k.kw, k.stride, k.pad, k.dilation, k.mode), k.positions()));
    }

    static int[] runs(int[] table, int l) {
        int[] runs = new int[64];
        int count = 0;
        for (int r = 0; r * l < table.length; r++)
            for (int p = 0; p < l; ) {
                int m = table[r * l + p], n = 1;
                while (p + n < l && (m < 0 ? table[r * l + p + n] < 0 : table[r * l + p + n] == m + n)) n++;
                if (count + 4 > runs.length) runs = Arrays.copyOf(runs, 2 * runs.length);
                runs[count++] = r;
                runs[count++] = p;
                runs[count++] = Math.max(m, -1);
                runs[count++] = n;
                p += n;
            }
        return Arrays.copyOf(runs, count);
    }
}
