package org.odeon.tensor;

/**
 * Maxima as selections. Around any input without ties, {@code max} picks fixed elements, so it
 * is locally the linear map that gathers them: its derivative is a scatter to the winners and
 * every higher derivative of the selection itself is zero. These builders return that map for
 * the given input.
 */
public final class Selection {
    private Selection() {}

    /**
     * 1 when {@code b > a}, else 0, without a branch: the sign bit of {@code a − b} (a tie gives +0),
     * cleared when the difference is a NaN (a NaN neither beats nor is beaten, as with {@code >}).
     * Only −0 against +0 reads differently from {@code >} (as smaller).
     */
    private static int larger(double a, double b) {
        long d = Double.doubleToRawLongBits(a - b), nan = 0x7FF0_0000_0000_0000L - (d & Long.MAX_VALUE);   // negative iff a NaN
        return (int) ((d & ~nan) >>> 63);
    }

    /** Gathers the first maximum along {@code axis}; the result has that axis squeezed out. */
    public static IndexMap argmax(NDArray x, int axis) {
        int[] s = x.shape();
        int ax = Shape.axis(axis, s.length), n = s[ax];
        if (n == 0) throw new IllegalArgumentException("max over an empty axis of " + Shape.str(s));
        int inner = 1, outer = 1;
        for (int i = ax + 1; i < s.length; i++) inner *= s[i];
        for (int i = 0; i < ax; i++) outer *= s[i];
        double[] d = x.data();
        int[] table = new int[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++) {
                int base = o * n * inner + j, best = base;
                for (int k = 1; k < n; k++) if (d[base + k * inner] > d[best]) best = base + k * inner;
                table[o * inner + j] = best;
            }
        int[] out = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != ax) out[j++] = s[i];
        return new IndexMap(s, out, table);
    }

    /** Gathers the maximum of each {@code k×k} window (stride {@code stride}) of {@code [N,C,H,W]}. */
    public static IndexMap maxPool(NDArray x, int k, int stride) { return maxPooled(x, k, stride).map(); }

    /** Max pooling's result and the selection that produced it ({@code value = map.apply(x)}). */
    public record Pooled(NDArray value, IndexMap map) {}

    /**
     * {@link #maxPool}'s selection and its result in one pass: each window's maximum is written as
     * it is found, so the input is read once (no gather through the table afterwards).
     */
    public static Pooled maxPooled(NDArray x, int k, int stride) {
        int[] s = x.shape();
        if (s.length != 4) throw new IllegalArgumentException("max pooling needs [N, C, H, W], got " + Shape.str(s));
        int nb = s[0], c = s[1], h = s[2], w = s[3];
        int ho = Windows.outSize(h, k, stride, 0), wo = Windows.outSize(w, k, stride, 0), plane = h * w, pooled = ho * wo;
        int[] table = new int[nb * c * pooled];
        NDArray out = NDArray.overwritten(x.dtype(), new int[] {nb, c, ho, wo});
        Parallel.rows(nb * c, plane, (lo, hi) -> {
            int t = lo * pooled;
            double[][] sc = Store.scratch(plane);
            for (int p = lo; p < hi; p++) {
                double[] v = Store.load(x, p * plane, plane, sc[0]);   // a float32 plane is widened in cache
                int o = Store.offset(x, p * plane), first = t;
                double[] val = out.doubles() != null ? out.doubles() : sc[1];
                int vo = out.doubles() != null ? p * pooled : 0;
                for (int oy = 0; oy < ho; oy++)
                    for (int ox = 0; ox < wo; ox++) {
                        int corner = oy * stride * w + ox * stride, best = corner;
                        if (k == 2) {
                            // The common 2×2 window without branches: after a relu half the values tie at 0
                            // and the rest are random, so branches (and the compiler turns `a > b ? 1 : 0`
                            // into one) mispredict: 2.0 → 0.8 CPU-ms per million windows, one core. Each
                            // row's first maximum, then the first row's unless the second's is larger: the
                            // first maximum in reading order.
                            int a = o + corner, b = a + w;
                            double top = Math.max(v[a], v[a + 1]), bottom = Math.max(v[b], v[b + 1]);
                            int right = larger(v[a], v[a + 1]), rightBelow = larger(v[b], v[b + 1]), low = larger(top, bottom);
                            best = corner + (w & -low) + right + ((rightBelow - right) & -low);
                        } else
                            for (int ky = 0; ky < k; ky++)
                                for (int kx = 0; kx < k; kx++) {
                                    int at = corner + ky * w + kx;
                                    if (v[o + at] > v[o + best]) best = at;
                                }
                        val[vo + t - first] = v[o + best];
                        table[t++] = p * plane + best;
                    }
                if (out.floats() != null) Store.narrow(sc[1], 0, out.floats(), p * pooled, pooled);
            }
        });
        return new Pooled(out, new IndexMap(s, new int[] {nb, c, ho, wo}, table, stride >= k));   // windows apart: each pixel wins at most once
    }
}
