package org.odeon.tensor;

/**
 * Maxima as selections. Around any input without ties, {@code max} picks fixed elements, so it
 * is locally the linear map that gathers them: its derivative is a scatter to the winners and
 * every higher derivative of the selection itself is zero. These builders return that map for
 * the given input.
 */
public final class Selection {
    private Selection() {}

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
    public static IndexMap maxPool(NDArray x, int k, int stride) {
        int[] s = x.shape();
        if (s.length != 4) throw new IllegalArgumentException("max pooling needs [N, C, H, W], got " + Shape.str(s));
        int nb = s[0], c = s[1], h = s[2], w = s[3];
        int ho = Windows.outSize(h, k, stride, 0), wo = Windows.outSize(w, k, stride, 0), plane = h * w;
        int[] table = new int[nb * c * ho * wo];
        Parallel.rows(nb * c, plane, (lo, hi) -> {
            int t = lo * ho * wo;
            double[] scratch = Store.scratch(plane)[0];
            for (int p = lo; p < hi; p++) {
                double[] v = Store.load(x, p * plane, plane, scratch);   // a float32 plane is widened in cache
                int o = Store.offset(x, p * plane);
                for (int oy = 0; oy < ho; oy++)
                    for (int ox = 0; ox < wo; ox++) {
                        int corner = oy * stride * w + ox * stride, best = corner;
                        if (k == 2) {
                            // The common 2×2 window as selects, not branches: after a relu half the values tie
                            // at 0 and the rest are random, so branches mispredict (measured 4× slower on a
                            // relu'd convolution output). Each row's first maximum, then the first row's
                            // unless the second's is larger: the first maximum in reading order.
                            int a = o + corner, b = a + w;
                            double top = v[a], bottom = v[b];
                            int right = v[a + 1] > top ? 1 : 0, rightBelow = v[b + 1] > bottom ? 1 : 0;
                            top = Math.max(top, v[a + 1]);
                            bottom = Math.max(bottom, v[b + 1]);
                            best = bottom > top ? corner + w + rightBelow : corner + right;
                        } else
                            for (int ky = 0; ky < k; ky++)
                                for (int kx = 0; kx < k; kx++) {
                                    int at = corner + ky * w + kx;
                                    if (v[o + at] > v[o + best]) best = at;
                                }
                        table[t++] = p * plane + best;
                    }
            }
        });
        return new IndexMap(s, new int[] {nb, c, ho, wo}, table, stride >= k);   // windows apart: each pixel wins at most once
    }
}
