package org.odeon.tensor;

/**
 * The one place that knows both element types' buffers: widening {@code float[]} to
 * {@code double[]}, narrowing back (rounding to nearest), and walking arrays block by block so a
 * kernel written once over {@code double[]} serves both types.
 *
 * <p>A float32 block is widened into a per-thread scratch buffer that stays in the L1/L2 cache,
 * the kernel computes in double and the result is narrowed into the float output: main memory
 * sees 4 bytes an element, and the result is the correctly rounded float32 value of the double
 * computation, as before float32 had buffers of its own.
 */
final class Store {
    private Store() {}

    /** Elements per block. */
    static final int BLOCK = 2048;

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][BLOCK]);

    static double[] widen(float[] f) {
        double[] out = new double[f.length];
        Parallel.range(f.length, (lo, hi) -> widen(f, lo, out, lo, hi - lo));
        return out;
    }

    static float[] narrow(double[] d) {
        float[] out = new float[d.length];
        Parallel.range(d.length, (lo, hi) -> narrow(d, lo, out, lo, hi - lo));
        return out;
    }

    static void widen(float[] src, int from, double[] dst, int to, int n) { for (int i = 0; i < n; i++) dst[to + i] = src[from + i]; }

    static void narrow(double[] src, int from, float[] dst, int to, int n) { for (int i = 0; i < n; i++) dst[to + i] = (float) src[from + i]; }

    // Index moves: a gather copies values and a scatter sums them, the same in either type; Java has
    // no generics over primitive arrays, so each is a one-line loop per source type.

    /** {@code dst[di + j] = src[si + map[mo + j]]}, or 0 where the map entry is negative, for j < n. */
    static void gather(float[] src, int si, int[] map, int mo, float[] dst, int di, int n) {
        for (int j = 0; j < n; j++) { int m = map[mo + j]; dst[di + j] = m < 0 ? 0f : src[si + m]; }
    }

    static void gather(double[] src, int si, int[] map, int mo, double[] dst, int di, int n) {
        for (int j = 0; j < n; j++) { int m = map[mo + j]; dst[di + j] = m < 0 ? 0.0 : src[si + m]; }
    }

    /** {@code dst[di + map[mo + j]] += src[si + j]} where the map entry is not negative, for j < n; sums in double. */
    static void scatterAdd(float[] src, int si, int[] map, int mo, double[] dst, int di, int n) {
        for (int j = 0; j < n; j++) { int m = map[mo + j]; if (m >= 0) dst[di + m] += src[si + j]; }
    }

    static void scatterAdd(double[] src, int si, int[] map, int mo, double[] dst, int di, int n) {
        for (int j = 0; j < n; j++) { int m = map[mo + j]; if (m >= 0) dst[di + m] += src[si + j]; }
    }

    /**
     * {@code Σ a[from, from + n)} in double, read in the array's own type, as four interleaved partial sums
     * added at the end: the adds no longer wait for one another (a single running sum is bound by the
     * latency of each add), and the order is fixed, so the result does not depend on threads.
     */
    static double sum(NDArray a, int from, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        if (a.floats() != null) {
            float[] f = a.floats();
            for (; i + 3 < n; i += 4) { s0 += f[from + i]; s1 += f[from + i + 1]; s2 += f[from + i + 2]; s3 += f[from + i + 3]; }
            for (; i < n; i++) s0 += f[from + i];
        } else {
            double[] d = a.doubles();
            for (; i + 3 < n; i += 4) { s0 += d[from + i]; s1 += d[from + i + 1]; s2 += d[from + i + 2]; s3 += d[from + i + 3]; }
            for (; i < n; i++) s0 += d[from + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code dst[di + j] += src[si + j]} for j < n, summing in double. */
    static void add(float[] src, int si, double[] dst, int di, int n) { for (int j = 0; j < n; j++) dst[di + j] += src[si + j]; }

    static void add(double[] src, int si, double[] dst, int di, int n) { for (int j = 0; j < n; j++) dst[di + j] += src[si + j]; }

    /** {@code dst[j] += a[j]} over all of {@code a}, read in its own type, summing in double. */
    static void add(NDArray a, double[] dst) {
        if (a.floats() != null) add(a.floats(), 0, dst, 0, a.size());
        else add(a.doubles(), 0, dst, 0, a.size());
    }

    /** An array's buffer, {@code float[]} or {@code double[]}, for kernels that only move values ({@link System#arraycopy}). */
    static Object buffer(NDArray a) { return a.floats() != null ? a.floats() : a.doubles(); }

    /** A fresh buffer of {@code n} elements of {@code like}'s type. */
    static Object like(Object like, int n) { return like instanceof float[] ? new float[n] : new double[n]; }

    /** {@code n} (re, im) pairs from {@code src} (pair k at {@code si + k·ss}) to {@code dst} (at {@code di + k·ds}), buffers of one type. */
    static void pairs(Object src, int si, int ss, Object dst, int di, int ds, int n) {
        if (src instanceof float[] s) { float[] d = (float[]) dst; for (int k = 0; k < n; k++) { d[di + k * ds] = s[si + k * ss]; d[di + k * ds + 1] = s[si + k * ss + 1]; } }
        else { double[] s = (double[]) src, d = (double[]) dst; for (int k = 0; k < n; k++) { d[di + k * ds] = s[si + k * ss]; d[di + k * ds + 1] = s[si + k * ss + 1]; } }
    }

    /** {@code a[from, from + n) ← c·a} in the buffer's own type (float32: the product rounded once). */
    static void scale(Object a, int from, int n, double c) {
        if (a instanceof float[] f) for (int i = from; i < from + n; i++) f[i] = (float) (c * f[i]);
        else { double[] d = (double[]) a; for (int i = from; i < from + n; i++) d[i] *= c; }
    }

    /** {@code a[from, from + n) ← max(a, 0)} in place, in the array's own type (NaN stays NaN, as {@link Math#max}). */
    static void relu(NDArray a, int from, int n) {
        if (a.floats() != null) { float[] f = a.floats(); for (int i = from; i < from + n; i++) f[i] = Math.max(f[i], 0f); }
        else { double[] d = a.doubles(); for (int i = from; i < from + n; i++) d[i] = Math.max(d[i], 0.0); }
    }

    /** {@code a[from, from + n) ← −a} in place, in the array's own type. */
    static void negate(NDArray a, int from, int n) {
        if (a.floats() != null) { float[] f = a.floats(); for (int i = from; i < from + n; i++) f[i] = -f[i]; }
        else { double[] d = a.doubles(); for (int i = from; i < from + n; i++) d[i] = -d[i]; }
    }

    /** {@link #gather} from {@code src}'s buffer, whichever its type, into {@code dst}'s (same type). */
    static void gather(NDArray src, int si, int[] map, int mo, NDArray dst, int di, int n) {
        if (src.floats() != null) gather(src.floats(), si, map, mo, dst.floats(), di, n);
        else gather(src.doubles(), si, map, mo, dst.doubles(), di, n);
    }

    /** {@code dst[di + map[mo + j]] = src[si + j]} where the map entry is not negative, in the arrays' (equal) type: the adjoint of an injective gather. */
    static void scatter(NDArray src, int si, int[] map, int mo, NDArray dst, int di, int n) {
        if (src.floats() != null) { float[] s = src.floats(), d = dst.floats(); for (int j = 0; j < n; j++) { int m = map[mo + j]; if (m >= 0) d[di + m] = s[si + j]; } }
        else { double[] s = src.doubles(), d = dst.doubles(); for (int j = 0; j < n; j++) { int m = map[mo + j]; if (m >= 0) d[di + m] = s[si + j]; } }
    }

    /** {@link #scatterAdd} from {@code src}'s buffer, whichever its type, into double sums. */
    static void scatterAdd(NDArray src, int si, int[] map, int mo, double[] dst, int di, int n) {
        if (src.floats() != null) scatterAdd(src.floats(), si, map, mo, dst, di, n);
        else scatterAdd(src.doubles(), si, map, mo, dst, di, n);
    }

    /** A kernel over one block of {@code n} elements: reads {@code x[xo..]} and {@code y[yo..]} (y may be null), writes {@code o[oo..]}. */
    @FunctionalInterface
    interface Block {
        void run(double[] x, int xo, double[] y, int yo, double[] o, int oo, int n);
    }

    /**
     * Runs {@code k} over the elements of {@code out} with operands {@code a} and {@code b} of the
     * same size (b may be null; out may be a, for updates in place), in parallel when large. Each
     * operand is read in its own type and {@code out} written in its own.
     */
    static void blocks(NDArray a, NDArray b, NDArray out, Block k) {
        Parallel.range(out.size(), (lo, hi) -> {
            double[][] s = SCRATCH.get();
            for (int p = lo; p < hi; p += BLOCK) {
                int m = Math.min(BLOCK, hi - p);
                block(a, b, p, m, out, p, s, k);
            }
        });
    }

    /**
     * Runs {@code k} over row {@code r} of {@code a} viewed as {@code [rows, n]} for every row,
     * {@code y} a vector of {@code n} doubles read by every row (a bias).
     */
    static void rows(NDArray a, double[] y, NDArray out, Block k) {
        int n = y.length;
        if (n == 0) return;
        Parallel.rows(out.size() / n, n, (lo, hi) -> {
            double[][] s = scratch(n);
            for (int r = lo; r < hi; r++) {
                double[] x = load(a, r * n, n, s[0]), o = out.doubles() != null ? out.doubles() : s[2];
                k.run(x, offset(a, r * n), y, 0, o, offset(out, r * n), n);
                if (out.floats() != null) narrow(s[2], 0, out.floats(), r * n, n);
            }
        });
    }

    private static void block(NDArray a, NDArray b, int from, int m, NDArray out, int to, double[][] s, Block k) {
        double[] x = load(a, from, m, s[0]), y = b == null ? null : load(b, from, m, s[1]);
        double[] o = out.doubles() != null ? out.doubles() : s[2];
        k.run(x, offset(a, from), y, b == null ? 0 : offset(b, from), o, offset(out, to), m);
        if (out.floats() != null) narrow(s[2], 0, out.floats(), to, m);
    }

    /** The buffer a kernel reads {@code a[from, from + n)} from: F64's own, or F32's widened into {@code scratch}. */
    static double[] load(NDArray a, int from, int n, double[] scratch) {
        if (a.doubles() != null) return a.doubles();
        widen(a.floats(), from, scratch, 0, n);
        return scratch;
    }

    /** Where element {@code from} sits in the buffer {@link #load} returned. */
    static int offset(NDArray a, int from) { return a.doubles() != null ? from : 0; }

    /** This thread's three scratch blocks, grown to at least {@code n} elements. */
    static double[][] scratch(int n) {
        double[][] s = SCRATCH.get();
        if (s[0].length < n) for (int i = 0; i < 3; i++) s[i] = new double[n];
        return s;
    }
}
