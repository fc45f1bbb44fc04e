package org.odeon.tensor;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Matrix products through {@code dev.ludovic.netlib:blas}: native OpenBLAS when the system has
 * {@code libblas.so.3} (e.g. {@code apt-get install libopenblas0-pthread}), a pure-Java BLAS
 * otherwise. F64 products call {@code dgemm}, F32 products {@code sgemm}, straight on the arrays'
 * buffers.
 */
public final class Blas {
    private Blas() {}

    /**
     * netlib logs a warning when its optional pure-Java vector variant is unavailable, even when
     * the native library is live; keep that out of users' output. Held here so it is not collected.
     */
    private static final java.util.logging.Logger NETLIB_LOG = quiet("dev.ludovic.netlib.blas");
    /**
     * The pure-Java BLAS is forced with {@code -Dodeon.blas=java} or {@code ODEON_BLAS=java} (the tests
     * run on both backends: {@code ./odeon test java-blas}); otherwise netlib picks native OpenBLAS
     * where the system has it.
     */
    static final String FORCE_PROPERTY = "odeon.blas", FORCE_ENV = "ODEON_BLAS";
    private static final boolean FORCED_JAVA = forcedJava();
    private static final BLAS BLAS_IMPL = FORCED_JAVA ? dev.ludovic.netlib.blas.JavaBLAS.getInstance() : BLAS.getInstance();
    /** Below this many multiply-adds a Java loop beats the cost of crossing into native code. */
    private static final long SMALL = 32 * 32 * 32;
    /**
     * Native BLAS confined to one thread ({@code OPENBLAS_NUM_THREADS=1}, which the launcher sets): the engine then
     * splits each large product by rows over its own threads ({@link #SPLIT_WORK}). OpenBLAS's threads spin between
     * calls, taking a core from the element-wise kernels that run between GEMMs; measured on an FNO-2D training step
     * (1 thread of Java): CPU time 0.26 s with one OpenBLAS thread, 0.55 s with two.
     */
    static final boolean SPLIT = isNative() && "1".equals(System.getenv("OPENBLAS_NUM_THREADS")) && Parallel.THREADS > 1;
    /** Multiply-adds from which a product is split by rows (OpenBLAS's own threshold for threading is 65536 × 4). */
    static final long SPLIT_WORK = 1 << 18;

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.SEVERE);
        return l;
    }

    private static boolean forcedJava() {
        String v = System.getProperty(FORCE_PROPERTY, System.getenv().getOrDefault(FORCE_ENV, ""));
        if (v.isEmpty() || v.equals("auto")) return false;
        if (v.equals("java")) return true;
        throw new IllegalArgumentException(FORCE_PROPERTY + "/" + FORCE_ENV + " must be 'java' or 'auto', got '" + v + "'");
    }

    /** Which BLAS is live, e.g. {@code "native (JNIBLAS -> libblas.so.3)"} or {@code "pure Java (...)"}. */
    public static String backend() {
        String name = BLAS_IMPL.getClass().getSimpleName();
        if (FORCED_JAVA) return "pure Java (" + name + "; forced by " + FORCE_PROPERTY + "=java)";
        return name.startsWith("JNI") ? "native (" + name + " via system libblas.so.3)"
                : "pure Java (" + name + "; no native libblas.so.3 found, apt-get install libopenblas0-pthread)";
    }

    public static boolean isNative() { return BLAS_IMPL.getClass().getSimpleName().startsWith("JNI"); }

    /**
     * {@code op(a) @ op(b)} where {@code op} transposes the last two axes when its flag is set.
     * Operands have rank ≥ 2; leading (batch) axes broadcast. A batched {@code a} times a matrix
     * {@code b} is folded into a single product.
     */
    public static NDArray matmul(NDArray a, boolean ta, NDArray b, boolean tb) {
        int[] as = a.shape(), bs = b.shape();
        if (as.length < 2 || bs.length < 2)
            throw new IllegalArgumentException("matmul needs rank >= 2 operands, got " + Shape.str(as) + " and " + Shape.str(bs));
        int ar = as.length, br = bs.length;
        int m = ta ? as[ar - 1] : as[ar - 2], k = ta ? as[ar - 2] : as[ar - 1];
        int kb = tb ? bs[br - 1] : bs[br - 2], n = tb ? bs[br - 2] : bs[br - 1];
        if (k != kb)
            throw new IllegalArgumentException("matmul: inner extents differ, " + Shape.str(as) + (ta ? "ᵀ" : "") + " @ " + Shape.str(bs) + (tb ? "ᵀ" : ""));
        DType t = DType.promote(a.dtype(), b.dtype());
        NDArray ta_ = a.astype(t), tb_ = b.astype(t);
        int[] abatch = java.util.Arrays.copyOf(as, ar - 2), bbatch = java.util.Arrays.copyOf(bs, br - 2);
        int[] batch = Shape.broadcast(abatch, bbatch);
        int nb = Shape.size(batch);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        NDArray c = NDArray.overwritten(t, outShape);   // every batch's GEMM writes its block (beta = 0)
        if (br == 2 && !ta) {  // fold a's batch into rows
            gemm(false, tb, nb * m, n, k, ta_, 0, tb_, 0, 0, c, 0);
        } else {
            int[] sa = Strided.aligned(abatch, batch), sb = Strided.aligned(bbatch, batch);
            int[] idx = new int[batch.length];
            for (int p = 0; p < nb; p++) {
                int oa = 0, ob = 0, rem = p;
                for (int d = batch.length - 1; d >= 0; d--) {
                    idx[d] = rem % batch[d];
                    rem /= batch[d];
                    oa += idx[d] * sa[d];
                    ob += idx[d] * sb[d];
                }
                gemm(ta, tb, m, n, k, ta_, oa * m * k, tb_, ob * k * n, 0, c, p * m * n);
            }
        }
        return c;
    }

    /**
     * {@code x·wᵀ + b} on the last axis of {@code x} ({@code [.., in]}, {@code w: [out, in]}, {@code b: [out]}
     * or null), then {@code tanh} when asked: one GEMM straight into the result, whose single pass
     * adds the bias and applies the activation in place, in double, rounded once to the result's type
     * (no separate bias and activation arrays).
     */
    public static NDArray affine(NDArray x, NDArray w, NDArray b, boolean tanh) {
        int[] xs = x.shape(), ws = w.shape();
        if (xs.length < 2 || ws.length != 2 || xs[xs.length - 1] != ws[1])
            throw new IllegalArgumentException("affine: input " + Shape.str(xs) + " does not fit weight " + Shape.str(ws) + " ([out, in])");
        if (b != null && (b.rank() != 1 || b.size() != ws[0]))
            throw new IllegalArgumentException("affine: bias " + Shape.str(b.shape()) + " does not fit " + ws[0] + " outputs");
        DType t = DType.promote(x.dtype(), w.dtype());
        int in = ws[1], out = ws[0], rows = in == 0 ? 0 : x.size() / in;
        int[] os = xs.clone();
        os[os.length - 1] = out;
        NDArray c = NDArray.overwritten(t, os);
        gemm(false, true, rows, out, in, x.astype(t), 0, w.astype(t), 0, 0, c, 0);
        if (b == null && !tanh) return c;
        double[] bias = b == null ? new double[out] : b.data();
        Parallel.rows(rows, out, (lo, hi) -> {
            if (c.floats() != null) {
                float[] f = c.floats();
                for (int r = lo; r < hi; r++)
                    if (tanh) for (int j = 0, o = r * out; j < out; j++) f[o + j] = (float) Elementwise.tanhFloat(f[o + j] + bias[j]);
                    else for (int j = 0, o = r * out; j < out; j++) f[o + j] = (float) (f[o + j] + bias[j]);
            } else {
                double[] d = c.doubles();
                for (int r = lo; r < hi; r++)
                    if (tanh) for (int j = 0, o = r * out; j < out; j++) d[o + j] = Math.tanh(d[o + j] + bias[j]);
                    else for (int j = 0, o = r * out; j < out; j++) d[o + j] += bias[j];
            }
        });
        return c;
    }

    /** Row-major {@code C[m,n] = op(A)[m,k] · op(B)[k,n] + beta·C} on the buffers of same-type arrays, at the given offsets. */
    static void gemm(boolean ta, boolean tb, int m, int n, int k, NDArray a, int oa, NDArray b, int ob, double beta, NDArray c, int oc) {
        if (c.floats() != null) sgemm(ta, tb, m, n, k, a.floats(), oa, b.floats(), ob, (float) beta, c.floats(), oc);
        else dgemm(ta, tb, m, n, k, a.doubles(), oa, b.doubles(), ob, beta, c.doubles(), oc);
    }

    /**
     * Row-major {@code C[m,n] = op(A)[m,k] · op(B)[k,n] + beta·C} on packed double operands at the
     * given offsets. Runs on the calling thread (native BLAS may use its own threads).
     */
    public static void dgemm(boolean ta, boolean tb, int m, int n, int k,
                             double[] a, int oa, double[] b, int ob, double beta, double[] c, int oc) {
        dgemm(SPLIT, ta, tb, m, n, k, a, oa, b, ob, beta, c, oc);
    }

    /** {@link #dgemm}, split by rows over the engine's threads when {@code split} and the product is large ({@link #byRows}). */
    static void dgemm(boolean split, boolean ta, boolean tb, int m, int n, int k,
                      double[] a, int oa, double[] b, int ob, double beta, double[] c, int oc) {
        if (m == 0 || n == 0) return;
        int lda = ta ? m : k, ldb = tb ? k : n;
        if ((long) m * n * k <= SMALL) {
            smallDgemm(ta, tb, m, n, k, a, oa, lda, b, ob, ldb, beta, c, oc);
            return;
        }
        // Row-major C = A·B is column-major Cᵀ = Bᵀ·Aᵀ: swap the operands, keep the flags.
        byRows(split, ta, m, n, k, lda, (r, rows, ra) -> BLAS_IMPL.dgemm(op(tb), op(ta), n, rows, k, 1.0, b, ob, ldb, a, oa + ra, lda, beta, c, oc + r * n, n));
    }

    @FunctionalInterface
    interface RowBlock { void run(int firstRow, int rows, int aOffset); }

    /**
     * Runs a row-major product {@code C[m,n] = op(A)·B} as {@code block(first row, rows, offset of op(A)'s first row in A)}:
     * in one call, or, when {@code split} and the product is large, in row blocks over the engine's threads. Row
     * {@code i} of {@code op(A)} starts at {@code i·lda} in A, or at {@code i} when A is stored transposed. Each element
     * of C is the same dot product either way (the split is over rows of C only, never over k).
     */
    static void byRows(boolean split, boolean ta, int m, int n, int k, int lda, RowBlock block) {
        if (!split || (long) m * n * k < SPLIT_WORK || m < 2) {
            block.run(0, m, 0);
            return;
        }
        Parallel.rows(m, (int) Math.min(Integer.MAX_VALUE, (long) n * k), (lo, hi) -> block.run(lo, hi - lo, ta ? lo : lo * lda));
    }

    /**
     * A product too small for a native call (attention's per-head 16×16 blocks come in thousands a step), by 4×4
     * tiles of C: sixteen sums held in registers, each pass over {@code p} loading four elements of A and four of B
     * for sixteen multiply-adds (the sixteen chains are independent, so they overlap instead of waiting on one
     * another). Either operand may be stored transposed: only the steps between its elements change. Rows and
     * columns beyond a multiple of four are plain sums. Every {@code C[i,j]} is summed over {@code p} in order from 0,
     * so the result is the same as one scalar loop's, bit for bit.
     */
    private static void smallDgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int oa, int lda,
                                   double[] b, int ob, int ldb, double beta, double[] c, int oc) {
        int ia = ta ? 1 : lda, pa = ta ? lda : 1, pb = tb ? 1 : ldb, jb = tb ? ldb : 1;   // steps in A over i, p; in B over p, j
        int m4 = m & ~3, n4 = n & ~3;
        for (int i = 0; i < m4; i += 4)
            for (int j = 0; j < n4; j += 4) {
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
                for (int p = 0, q = oa + i * ia, r = ob + j * jb; p < k; p++, q += pa, r += pb) {
                    double a0 = a[q], a1 = a[q + ia], a2 = a[q + 2 * ia], a3 = a[q + 3 * ia];
                    double b0 = b[r], b1 = b[r + jb], b2 = b[r + 2 * jb], b3 = b[r + 3 * jb];
                    s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
                    s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
                    s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
                    s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
                }
                int o = oc + i * n + j;
                put(c, o, beta, s00, s01, s02, s03);
                put(c, o + n, beta, s10, s11, s12, s13);
                put(c, o + 2 * n, beta, s20, s21, s22, s23);
                put(c, o + 3 * n, beta, s30, s31, s32, s33);
            }
        for (int i = 0; i < m; i++)
            for (int j = i < m4 ? n4 : 0; j < n; j++) {    // the right-hand columns of the tiled rows, then whole rows below them
                double s = 0;
                for (int p = 0, q = oa + i * ia, r = ob + j * jb; p < k; p++, q += pa, r += pb) s += a[q] * b[r];
                int o = oc + i * n + j;
                c[o] = beta == 0 ? s : s + beta * c[o];
            }
    }

    /** Four adjacent entries of C from their sums: {@code s}, or {@code s + beta·C} (C's old values are read only then). */
    private static void put(double[] c, int o, double beta, double s0, double s1, double s2, double s3) {
        if (beta == 0) { c[o] = s0; c[o + 1] = s1; c[o + 2] = s2; c[o + 3] = s3; }
        else { c[o] = s0 + beta * c[o]; c[o + 1] = s1 + beta * c[o + 1]; c[o + 2] = s2 + beta * c[o + 2]; c[o + 3] = s3 + beta * c[o + 3]; }
    }

    /** {@link #dgemm} in single precision: float operands, float accumulation in native BLAS. */
    public static void sgemm(boolean ta, boolean tb, int m, int n, int k,
                             float[] a, int oa, float[] b, int ob, float beta, float[] c, int oc) {
        sgemm(SPLIT, ta, tb, m, n, k, a, oa, b, ob, beta, c, oc);
    }

    /** {@link #sgemm}, split by rows when {@code split} and the product is large ({@link #byRows}). */
    static void sgemm(boolean split, boolean ta, boolean tb, int m, int n, int k,
                      float[] a, int oa, float[] b, int ob, float beta, float[] c, int oc) {
        if (m == 0 || n == 0) return;
        int lda = ta ? m : k, ldb = tb ? k : n;
        if ((long) m * n * k <= SMALL) {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++)
                        s += a[oa + (ta ? p * lda + i : i * lda + p)] * b[ob + (tb ? j * ldb + p : p * ldb + j)];
                    c[oc + i * n + j] = (float) (beta == 0 ? s : s + beta * c[oc + i * n + j]);
                }
            return;
        }
        byRows(split, ta, m, n, k, lda, (r, rows, ra) -> BLAS_IMPL.sgemm(op(tb), op(ta), n, rows, k, 1f, b, ob, ldb, a, oa + ra, lda, beta, c, oc + r * n, n));
    }

    private static String op(boolean transpose) { return transpose ? "T" : "N"; }
}
