package org.odeon.tensor;

import java.util.Arrays;

/**
 * Gathers the trailing block of an array through an index table: with the array viewed as
 * {@code [batch, inner]}, {@code out[b, j] = x[b, map[j]]}, or 0 where {@code map[j] < 0}.
 * The adjoint scatters and adds. Slicing, padding (zero, circular, reflect), index-select,
 * concatenation pieces and pooling windows are all index maps.
 */
public final class IndexMap implements LinearMap {
    private final int[] inTrailing, outTrailing, map;
    private final int innerIn;
    /** Whether no source index repeats, so the adjoint only moves values: 0 not yet known, 1 yes, 2 no. */
    private volatile int injective;
    /** Whether the map is a permutation of its block (see {@link #bijective()}): 0 not yet known, 1 yes, 2 no. */
    private volatile int bijective;

    /**
     * @param inTrailing  shape of the trailing block that is read
     * @param outTrailing shape of the block that is produced
     * @param map         for each output element of the block, the flat source index, or -1 for 0
     */
    public IndexMap(int[] inTrailing, int[] outTrailing, int[] map) {
        if (map.length != Shape.size(outTrailing))
            throw new IllegalArgumentException("index table has " + map.length + " entries for block " + Shape.str(outTrailing));
        this.inTrailing = inTrailing.clone();
        this.outTrailing = outTrailing.clone();
        this.map = map;
        this.innerIn = Shape.size(inTrailing);
        for (int m : map)
            if (m >= innerIn) throw new IllegalArgumentException("index " + m + " outside block " + Shape.str(inTrailing));
    }

    /** A map its maker knows to be injective (no source read twice), e.g. non-overlapping pooling windows. */
    IndexMap(int[] inTrailing, int[] outTrailing, int[] map, boolean injective) {
        this(inTrailing, outTrailing, map);
        if (injective) this.injective = 1;
    }

    private boolean injective() {
        if (injective == 0) {
            java.util.BitSet seen = new java.util.BitSet(innerIn);
            boolean once = true;
            for (int i = 0; i < map.length && once; i++) {
                int m = map[i];
                if (m >= 0) { once = !seen.get(m); seen.set(m); }
            }
            injective = once ? 1 : 2;
        }
        return injective == 1;
    }

    /** Injective and reading every source once: the adjoint's scatter then writes every element of its result. */
    private boolean bijective() {
        if (bijective == 0) {
            boolean all = map.length == innerIn && injective();
            for (int i = 0; i < map.length && all; i++) all = map[i] >= 0;
            bijective = all ? 1 : 2;
        }
        return bijective == 1;
    }

    @Override public NDArray apply(NDArray x) {
        int[] lead = leading(x.shape(), inTrailing);
        int nb = Shape.size(lead), no = map.length;
        NDArray out = NDArray.overwritten(x.dtype(), concat(lead, outTrailing));   // a gather writes every element (0 where map < 0)
        if (nb == 1) {
            Parallel.range(no, (lo, hi) -> Store.gather(x, 0, map, lo, out, lo, hi - lo));
        } else {
            Parallel.rows(nb, no, (lo, hi) -> {
                for (int b = lo; b < hi; b++) Store.gather(x, b * innerIn, map, 0, out, b * no, no);
            });
        }
        return out;
    }

    @Override public NDArray adjoint(NDArray y) {
        int[] lead = leading(y.shape(), outTrailing);
        int nb = Shape.size(lead), no = map.length;
        if (injective()) {   // each source receives at most one value: a move, in the array's own type
            // a bijection (a permutation) writes every element, so the result may reuse a dead buffer;
            // otherwise it is zeroed first, in parallel (then it may reuse one too)
            NDArray out = NDArray.overwritten(y.dtype(), concat(lead, inTrailing));
            if (!bijective()) Parallel.range(out.size(), (lo, hi) -> Store.fill(out, lo, hi - lo, 0));
            if (nb == 1)   // one block (a selection over the whole array, e.g. max pooling's): split the table
                Parallel.range(no, (lo, hi) -> Store.scatter(y, lo, map, lo, out, 0, hi - lo));
            else
                Parallel.rows(nb, no, (lo, hi) -> {
                    for (int b = lo; b < hi; b++) Store.scatter(y, b * no, map, 0, out, b * innerIn, no);
                });
            return out;
        }
        double[] out = new double[nb * innerIn];
        // Batches write disjoint blocks, so they may run in parallel; within a block, sources repeat.
        // Sums run in double and are rounded once for F32.
        Parallel.rows(nb, no, (lo, hi) -> {
            for (int b = lo; b < hi; b++) Store.scatterAdd(y, b * no, map, 0, out, b * innerIn, no);
        });
        return NDArray.owned(y.dtype(), concat(lead, inTrailing), out);
    }

    private static int[] leading(int[] shape, int[] trailing) {
        int r = shape.length - trailing.length;
        if (r < 0 || !Arrays.equals(Arrays.copyOfRange(shape, r, shape.length), trailing))
            throw new IllegalArgumentException("array of shape " + Shape.str(shape) + " does not end in " + Shape.str(trailing));
        return Arrays.copyOf(shape, r);
    }

    static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    // ------------------------------------------------------------------ common tables

    /**
     * Permutation of the axes of an array: {@code out.shape[i] = shape[axes[i]]}. Leading axes that stay in place
     * are left to the map's batch ({@code [B, C, h, k, 2] → [B, C, k, h, 2]} is one {@code [h, k, 2]} table applied to
     * each of the B·C blocks): a small table stays in cache, and a permutation is known to be injective.
     */
    public static IndexMap permute(int[] shape, int... axes) {
        int r = shape.length;
        if (axes.length != r) throw new IllegalArgumentException("permute: " + axes.length + " axes for rank " + r);
        boolean[] seen = new boolean[r];
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int a = Shape.axis(axes[i], r);
            if (seen[a]) throw new IllegalArgumentException("permute: repeated axis in " + Arrays.toString(axes));
            seen[a] = true;
            out[i] = shape[a];
        }
        int lead = 0;
        while (lead < r - 1 && Shape.axis(axes[lead], r) == lead) lead++;
        int[] in = Arrays.copyOfRange(shape, lead, r), to = Arrays.copyOfRange(out, lead, r);
        int[] st = Shape.strides(in), ost = Shape.strides(to);
        int[] map = new int[Shape.size(in)];
        for (int j = 0; j < map.length; j++) {
            int src = 0, rem = j;
            for (int i = lead; i < r; i++) {
                int c = rem / ost[i - lead];
                rem %= ost[i - lead];
                src += c * st[Shape.axis(axes[i], r) - lead];
            }
            map[j] = src;
        }
        return new IndexMap(in, to, map, true);
    }

    /** Elements {@code start, start+step, ... < end} along one axis of a whole array. */
    public static IndexMap slice(int[] shape, int axis, int start, int end, int step) {
        int a = Shape.axis(axis, shape.length), n = shape[a];
        if (step <= 0 || start < 0 || end > n || start > end)
            throw new IllegalArgumentException("slice [" + start + ":" + end + ":" + step + "] out of range for extent " + n + " on axis " + a);
        int[] out = shape.clone();
        out[a] = (end - start + step - 1) / step;
        return along(shape, a, out[a], i -> start + i * step);
    }

    /** Selects {@code index[i]} along one axis (repeats allowed). */
    public static IndexMap select(int[] shape, int axis, int[] index) {
        int a = Shape.axis(axis, shape.length), n = shape[a];
        for (int i : index) if (i < 0 || i >= n) throw new IndexOutOfBoundsException("index " + i + " out of range for extent " + n + " on axis " + a);
        return along(shape, a, index.length, i -> index[i]);
    }

    /**
     * The integer values of an index array, e.g. labels or edge endpoints read from a file; a value
     * that is not an integer in the int range is a one-line error naming {@code what}.
     */
    public static int[] indices(NDArray index, String what) {
        if (index.rank() > 1) throw new IllegalArgumentException(what + ": index array must be of rank ≤ 1, got " + Shape.str(index.shape()));
        double[] d = index.data();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i]) || Math.abs(d[i]) > Integer.MAX_VALUE)
                throw new IllegalArgumentException(what + ": index " + d[i] + " at position " + i + " is not an integer");
            out[i] = (int) d[i];
        }
        return out;
    }

    /** For CSR row pointers {@code offsets} over {@code n} entries, the segment of each entry. */
    public static int[] segmentIds(int[] offsets, int n) {
        if (offsets.length < 1 || offsets[0] != 0 || offsets[offsets.length - 1] != n)
            throw new IllegalArgumentException("segment offsets must run from 0 to " + n + ", got " + offsets.length + " offsets");
        int[] ids = new int[n];
        for (int s = 0; s + 1 < offsets.length; s++) {
            if (offsets[s + 1] < offsets[s]) throw new IllegalArgumentException("segment offsets decrease at segment " + s);
            Arrays.fill(ids, offsets[s], offsets[s + 1], s);
        }
        return ids;
    }

    /** Padding modes for {@link #pad}. */
    public enum Pad { ZERO, CIRCULAR, REFLECT }

    /** Pads one axis with {@code before} and {@code after} elements. */
    public static IndexMap pad(int[] shape, int axis, int before, int after, Pad mode) {
        int a = Shape.axis(axis, shape.length), n = shape[a];
        if (before < 0 || after < 0) throw new IllegalArgumentException("negative padding");
        if (mode == Pad.REFLECT && (before >= n || after >= n))
            throw new IllegalArgumentException("reflect padding " + before + "/" + after + " needs extent > padding, got " + n);
        if (mode == Pad.CIRCULAR && (before > n || after > n))
            throw new IllegalArgumentException("circular padding " + before + "/" + after + " exceeds extent " + n);
        return along(shape, a, n + before + after, i -> source(i - before, n, mode));
    }

    /** Source position of padded position {@code p} in an extent of {@code n}, or -1 for zero. */
    static int source(int p, int n, Pad mode) {
        if (p >= 0 && p < n) return p;
        return switch (mode) {
            case ZERO -> -1;
            case CIRCULAR -> Math.floorMod(p, n);
            case REFLECT -> p < 0 ? -p : 2 * (n - 1) - p;
        };
    }

    private static IndexMap along(int[] shape, int a, int m, java.util.function.IntUnaryOperator src) {
        int inner = 1, outer = 1, n = shape[a];
        for (int i = a + 1; i < shape.length; i++) inner *= shape[i];
        for (int i = 0; i < a; i++) outer *= shape[i];
        int[] outShape = shape.clone();
        outShape[a] = m;
        int[] map = new int[outer * m * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < m; i++) {
                int s = src.applyAsInt(i);
                for (int j = 0; j < inner; j++)
                    map[(o * m + i) * inner + j] = s < 0 ? -1 : (o * n + s) * inner + j;
            }
        return new IndexMap(shape, outShape, map);
    }
}
