package org.odeon.tensor;

import java.util.Arrays;

/** Broadcast copies, sums over axes, and extrema along an axis. */
final class Reduce {
    private Reduce() {}

    static NDArray expand(NDArray a, int[] target) {
        int[] as = a.shape();
        if (Arrays.equals(as, target)) return a;
        if (!Arrays.equals(Shape.broadcast(as, target), target))
            throw new IllegalArgumentException("cannot broadcast " + Shape.str(as) + " to " + Shape.str(target));
        if (a.size() == 1) return NDArray.full(a.dtype(), a.item(), target);
        if (Elementwise.isSuffix(as, target)) {   // e.g. a bias copied to every row: whole rows, in the array's own type
            NDArray out = NDArray.empty(a.dtype(), target.clone());
            Object src = a.floats() != null ? a.floats() : a.doubles(), dst = out.floats() != null ? out.floats() : out.doubles();
            int n = a.size(), rows = out.size() / Math.max(1, n);
            Parallel.rows(rows, n, (lo, hi) -> { for (int r = lo; r < hi; r++) System.arraycopy(src, 0, dst, r * n, n); });
            return out;
        }
        double[] out = new double[Shape.size(target)];
        Strided.zip(a.data(), as, a.data(), as, target, out, (x, y, o, ox, oy, oo, n, sx, sy) -> {
            if (sx == 0) Arrays.fill(o, oo, oo + n, x[ox]);
            else System.arraycopy(x, ox, o, oo, n);
        });
        return NDArray.exact(a.dtype(), target.clone(), out);
    }

    static NDArray sumTo(NDArray a, int[] target) {
        int[] as = a.shape();
        if (Arrays.equals(as, target)) return a;
        if (!Arrays.equals(Shape.broadcast(target, as), as))
            throw new IllegalArgumentException("cannot sum " + Shape.str(as) + " down to " + Shape.str(target));
        if (Elementwise.isSuffix(target, as)) {   // e.g. a bias gradient: sum over rows
            int n = Shape.size(target), rows = n == 0 ? 0 : a.size() / n;
            double[] acc = new double[n];
            // the threads take column ranges; each column is summed over the rows in order, so the result does not depend on them
            Parallel.rows(n, rows, (lo, hi) -> {
                if (a.floats() != null) { float[] f = a.floats(); for (int r = 0; r < rows; r++) for (int j = lo, o = r * n; j < hi; j++) acc[j] += f[o + j]; }
                else { double[] d = a.doubles(); for (int r = 0; r < rows; r++) for (int j = lo, o = r * n; j < hi; j++) acc[j] += d[o + j]; }
            });
            return NDArray.owned(a.dtype(), target.clone(), acc);
        }
        int off = as.length - target.length;
        int[] keep = new int[as.length];
        for (int i = 0; i < as.length; i++) keep[i] = i < off ? 1 : target[i - off];
        return accumulate(a, keep).reshape(target);
    }

    static NDArray sum(NDArray a, boolean keepDims, int... axes) {
        int[] as = a.shape();
        int r = as.length;
        boolean[] reduced = new boolean[r];
        if (axes.length == 0) Arrays.fill(reduced, true);
        for (int ax : axes) reduced[Shape.axis(ax, r)] = true;
        int[] keep = as.clone();
        int kept = 0;
        for (int i = 0; i < r; i++) if (reduced[i]) keep[i] = 1; else kept++;
        NDArray s = accumulate(a, keep);
        if (keepDims) return s;
        int[] out = new int[kept];
        for (int i = 0, j = 0; i < r; i++) if (!reduced[i]) out[j++] = as[i];
        return s.reshape(out);
    }

    /** Sums {@code a} into an array of shape {@code keep} (same rank, 1 on the summed axes). */
    private static NDArray accumulate(NDArray a, int[] keep) {
        double[] acc = new double[Shape.size(keep)];
        if (acc.length == 1) {
            acc[0] = total(a);
        } else if (a.floats() == null || a.rank() < 2) {
            accumulate(acc, keep, a.data(), a.shape());
        } else {
            // float32: one slab a[i] at a time, widened into a buffer that stays in cache, in the
            // same order as the whole-array walk (so the same sums).
            int[] as = a.shape(), slabShape = as.clone(), slabKeep = keep.clone();
            slabShape[0] = slabKeep[0] = 1;
            int slab = a.size() / Math.max(1, as[0]), part = keep[0] == 1 ? 0 : acc.length / as[0];
            double[] buf = new double[slab], sums = keep[0] == 1 ? acc : new double[part];
            for (int i = 0; i < as[0]; i++) {
                Store.widen(a.floats(), i * slab, buf, 0, slab);
                if (part > 0) java.util.Arrays.fill(sums, 0);
                accumulate(sums, slabKeep, buf, slabShape);
                if (part > 0) System.arraycopy(sums, 0, acc, i * part, part);
            }
        }
        return NDArray.owned(a.dtype(), keep, acc);
    }

    /** Adds {@code x} (of shape {@code shape}) into {@code acc} (of shape {@code keep}), walking x in order. */
    private static void accumulate(double[] acc, int[] keep, double[] x, int[] shape) {
        // The "x" operand of the walk is the accumulator, written to.
        Strided.zip(acc, keep, acc, keep, shape, x, (s, t, o, ox, oy, oo, n, sx, sy) -> {
            if (sx == 0) s[ox] += sum(o, oo, n);
            else for (int i = 0; i < n; i++) s[ox + i] += o[oo + i];
        });
    }

    /** Blocks of a whole-array sum; fixed, so the result does not depend on the number of threads. */
    private static final int SUM_BLOCK = 1 << 14;

    /** The sum of all of {@code a}: blocks summed in parallel (F32 blocks widened in cache), then their sums in order. */
    private static double total(NDArray a) {
        int size = a.size(), blocks = (size + SUM_BLOCK - 1) / SUM_BLOCK;
        double[] partial = new double[blocks];
        Parallel.rows(blocks, SUM_BLOCK, (lo, hi) -> {
            for (int b = lo; b < hi; b++) {
                int from = b * SUM_BLOCK, n = Math.min(SUM_BLOCK, size - from);
                partial[b] = sum(Store.load(a, from, n, Store.scratch(n)[0]), Store.offset(a, from), n);
            }
        });
        return sum(partial, 0, blocks);
    }

    /** {@code Σ x[off, off + n)} with four running sums, which breaks the add-latency chain. */
    private static double sum(double[] x, int off, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = off, end = off + n;
        for (; i + 3 < end; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < end; i++) s0 += x[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** Max/min (or their index) along one axis, viewing the array as [outer, n, inner]. */
    static NDArray extremum(NDArray a, int axis, boolean keepDims, boolean max, boolean index) {
        int[] s = a.shape();
        int ax = Shape.axis(axis, s.length), n = s[ax];
        if (n == 0) throw new IllegalArgumentException("max/min over an empty axis of " + Shape.str(s));
        int inner = 1, outer = 1;
        for (int i = ax + 1; i < s.length; i++) inner *= s[i];
        for (int i = 0; i < ax; i++) outer *= s[i];
        double[] x = a.data(), out = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++) {
                int base = o * n * inner + j, best = 0;
                double bv = x[base];
                for (int k = 1; k < n; k++) {
                    double v = x[base + k * inner];
                    if (max ? v > bv : v < bv) { bv = v; best = k; }
                }
                out[o * inner + j] = index ? best : bv;
            }
        int[] os = s.clone();
        os[ax] = 1;
        NDArray r = NDArray.exact(index ? DType.F64 : a.dtype(), os, out);
        if (keepDims) return r;
        int[] squeezed = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != ax) squeezed[j++] = s[i];
        return r.reshape(squeezed);
    }
}
