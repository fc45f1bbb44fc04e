package org.odeon.tensor;

/**
 * Per-mode complex channel mixing, the kernel of a Fourier layer, and its two adjoints. With
 * spectra held as trailing (re, im) pairs, {@code x [B, C, K, 2]}, weights {@code w [C, O, K, 2]}:
 *
 * <pre>
 *   mix(x, w)[b, o, k]  = Σ_i x[b, i, k] · w[i, o, k]            → [B, O, K, 2]
 *   mixT(g, w)[b, i, k] = Σ_o g[b, o, k] · conj(w[i, o, k])      → [B, C, K, 2]   ⟨mix(x, w), g⟩ = ⟨x, mixT(g, w)⟩
 *   mixW(x, g)[i, o, k] = Σ_b conj(x[b, i, k]) · g[b, o, k]      → [C, O, K, 2]   ⟨mix(x, w), g⟩ = ⟨w, mixW(x, g)⟩
 * </pre>
 *
 * ({@code ⟨·,·⟩} the real inner product of the pairs). All three are bilinear, so each one's
 * partial derivatives are the other two, as for {@link Convolution}.
 *
 * <p>Each mode is one real GEMM: the rows {@code X_k = [Re x | Im x]} ({@code [B, 2C]}) times the
 * real block form {@code W_k = [[Re w, Im w], [−Im w, Re w]]} ({@code [2C, 2O]}) are
 * {@code [Re y | Im y]}. The transpose of the same block gives {@code mixT}, and {@code X_kᵀ·G_k}
 * folded by the block's adjoint gives {@code mixW}. Operands are gathered mode-major through cached
 * index tables, in the arrays' own type ({@code sgemm} for float32). Every kernel writes each
 * element of its operands and result, so inside an {@link Arena} they reuse dead buffers.
 */
public final class ModeMix {
    private ModeMix() {}

    /** {@code mix(x, w)}: {@code [B, C, K, 2] × [C, O, K, 2] → [B, O, K, 2]}. */
    public static NDArray mix(NDArray x, NDArray w) { return product(x, w, false); }

    /** {@code mixT(g, w)}, the adjoint of {@link #mix} in its input: {@code [B, O, K, 2] × [C, O, K, 2] → [B, C, K, 2]}. */
    public static NDArray mixT(NDArray g, NDArray w) { return product(g, w, true); }

    /** Rows of {@code a} times each mode's block ({@link #mix}), or times its transpose ({@link #mixT}). */
    private static NDArray product(NDArray a, NDArray w, boolean transpose) {
        int[] as = check(a, transpose ? "mode mix gradient" : "mode mix input"), ws = check(w, "mode mix weights");
        int b = as[0], k = as[2], c = ws[0], o = ws[1], in = transpose ? o : c, out = transpose ? c : o;
        if (as[1] != in || ws[2] != k)
            throw new IllegalArgumentException("mode mix" + (transpose ? " adjoint" : "") + ": weights " + Shape.str(ws) + " ([C, O, K, 2]) do not fit "
                    + Shape.str(as) + " (" + (transpose ? "[B, O, K, 2]" : "[B, C, K, 2]") + ")");
        DType t = DType.promote(a.dtype(), w.dtype());
        NDArray rows = rows(a.astype(t), b, in, k), block = block(w.astype(t), c, o, k);
        NDArray y = NDArray.overwritten(t, new int[] {k, b, 2 * out});
        perMode(k, 4L * b * c * o, m -> Blas.gemm(false, transpose, b, 2 * out, 2 * in, rows, m * b * 2 * in, block, m * 4 * c * o, 0, y, m * b * 2 * out));
        return unrows(y, b, out, k);
    }

    /** {@code mixW(x, g)}, the adjoint of {@link #mix} in its weights: {@code [B, C, K, 2] × [B, O, K, 2] → [C, O, K, 2]}. */
    public static NDArray mixW(NDArray x, NDArray g) {
        int[] xs = check(x, "mode mix input"), gs = check(g, "mode mix gradient");
        if (gs[0] != xs[0] || gs[2] != xs[2])
            throw new IllegalArgumentException("mode mix weight adjoint: gradient " + Shape.str(gs) + " does not fit input " + Shape.str(xs) + " ([B, O, K, 2] for [B, C, K, 2])");
        int b = xs[0], c = xs[1], k = xs[2], o = gs[1];
        DType t = DType.promote(x.dtype(), g.dtype());
        NDArray xr = rows(x.astype(t), b, c, k), gr = rows(g.astype(t), b, o, k);
        NDArray v = NDArray.overwritten(t, new int[] {k, 2 * c, 2 * o});
        perMode(k, 4L * b * c * o, m -> Blas.gemm(true, false, 2 * c, 2 * o, b, xr, m * b * 2 * c, gr, m * b * 2 * o, 0, v, m * 4 * c * o));
        // The block's adjoint: Re w̄ = TL + BR, Im w̄ = TR − BL.
        negateLowerLeft(v, c, o, k);
        int[] map = blockTable(c, o, k);
        double[] out = new double[c * o * k * 2];
        Store.scatterAdd(v, 0, map, 0, out, 0, map.length);
        return NDArray.owned(t, new int[] {c, o, k, 2}, out);
    }

    private static int[] check(NDArray a, String what) {
        int[] s = a.shape();
        if (s.length != 4 || s[3] != 2) throw new IllegalArgumentException(what + " must be [., ., K, 2] (complex pairs), got " + Shape.str(s));
        return s;
    }

    @FunctionalInterface
    private interface Mode { void run(int m); }

    /**
     * Runs one GEMM per mode. Small products run single-threaded in native BLAS (OpenBLAS splits a
     * GEMM only above {@link #BLAS_THREADED} multiply-adds), so those modes are split over the cores
     * here; larger ones run one after another, each split by BLAS.
     */
    private static void perMode(int k, long work, Mode body) {
        if (work >= BLAS_THREADED) for (int m = 0; m < k; m++) body.run(m);
        else Parallel.rows(k, (int) work, (lo, hi) -> { for (int m = lo; m < hi; m++) body.run(m); });
    }

    /** Multiply-adds above which OpenBLAS runs one GEMM on several threads (65536 × its default threshold 4). */
    private static final long BLAS_THREADED = 1 << 18;

    /** {@code [B, C, K, 2] → [K, B, 2C]}, row {@code (k, b)} = {@code [Re x[b, ·, k] | Im x[b, ·, k]]}. */
    private static NDArray rows(NDArray a, int b, int c, int k) {
        int[] map = rowsTable(b, c, k);
        NDArray r = NDArray.overwritten(a.dtype(), new int[] {k, b, 2 * c});
        Parallel.range(map.length, (lo, hi) -> Store.gather(a, 0, map, lo, r, lo, hi - lo));
        return r;
    }

    /** The inverse of {@link #rows}: {@code [K, B, 2C] → [B, C, K, 2]}. */
    private static NDArray unrows(NDArray r, int b, int c, int k) {
        int[] map = rowsTable(b, c, k);
        NDArray a = NDArray.overwritten(r.dtype(), new int[] {b, c, k, 2});
        Parallel.range(map.length, (lo, hi) -> Store.scatter(r, lo, map, lo, a, 0, hi - lo));
        return a;
    }

    /** {@code [C, O, K, 2] → [K, 2C, 2O]}, mode {@code k}'s block {@code [[Re w, Im w], [−Im w, Re w]]}. */
    private static NDArray block(NDArray w, int c, int o, int k) {
        int[] map = blockTable(c, o, k);
        NDArray blk = NDArray.overwritten(w.dtype(), new int[] {k, 2 * c, 2 * o});
        Parallel.range(map.length, (lo, hi) -> Store.gather(w, 0, map, lo, blk, lo, hi - lo));
        negateLowerLeft(blk, c, o, k);
        return blk;
    }

    private static void negateLowerLeft(NDArray blk, int c, int o, int k) {
        for (int m = 0; m < k; m++)
            for (int r = c; r < 2 * c; r++) Store.negate(blk, (m * 2 * c + r) * 2 * o, o);
    }

    private record Key(boolean block, int a, int b, int k) {}

    private static final LruCache<Key, int[]> TABLES = new LruCache<>(32);

    /** {@code table[(k·B + b)·2C + p·C + i] = ((b·C + i)·K + k)·2 + p}: where {@link #rows} reads each element. */
    private static int[] rowsTable(int b, int c, int k) {
        return TABLES.get(new Key(false, b, c, k), key -> {
            int[] t = new int[k * b * 2 * c];
            for (int m = 0; m < k; m++)
                for (int s = 0; s < b; s++)
                    for (int p = 0; p < 2; p++)
                        for (int i = 0; i < c; i++) t[((m * b + s) * 2 + p) * c + i] = ((s * c + i) * k + m) * 2 + p;
            return t;
        });
    }

    /** Where {@link #block} reads each element: quadrant (row half, column half) = (0,0), (1,1) real part, (0,1), (1,0) imaginary. */
    private static int[] blockTable(int c, int o, int k) {
        return TABLES.get(new Key(true, c, o, k), key -> {
            int[] t = new int[k * 4 * c * o];
            for (int m = 0; m < k; m++)
                for (int r = 0; r < 2 * c; r++)
                    for (int q = 0; q < 2 * o; q++) {
                        int i = r % c, j = q % o, part = (r < c) == (q < o) ? 0 : 1;
                        t[(m * 2 * c + r) * 2 * o + q] = ((i * o + j) * k + m) * 2 + part;
                    }
            return t;
        });
    }
}
