package org.odeon.tensor;

/**
 * Index tables that cut an image block {@code [C, H, W]} into sliding windows: column tables for
 * convolutions and window stacks for pooling. Padding positions read 0 (zero mode), wrap around
 * (circular) or mirror (reflect), so a padded convolution is an ordinary one on its table.
 */
public final class Windows {
    private Windows() {}

    /** Output extent of a sliding window. */
    public static int outSize(int in, int k, int stride, int pad) {
        int o = (in + 2 * pad - k) / stride + 1;
        if (o <= 0 || in + 2 * pad < k)
            throw new IllegalArgumentException("window " + k + " (stride " + stride + ", padding " + pad + ") does not fit extent " + in);
        return o;
    }

    /**
     * The column table of a convolution, {@code [C·kh·kw, Ho·Wo]} row-major: entry {@code (r, p)}
     * is the flat index into the block {@code [C,H,W]} that kernel tap {@code r = (ch·kh + ky)·kw + kx}
     * reads at output position {@code p = oy·Wo + ox}, or -1 where it reads zero padding. With the
     * taps as rows, the kernel {@code [O, C·kh·kw]} times the gathered block is the output
     * {@code [O, Ho·Wo]}, already channels-first. With dilation {@code d} the taps sit {@code d}
     * pixels apart: tap {@code ky} reads row {@code oy·stride + d·ky − pad}.
     */
    public static int[] columns(int c, int h, int w, int kh, int kw, int stride, int pad, int dilation, IndexMap.Pad mode) {
        int ho = outSize(h, span(kh, dilation), stride, pad), wo = outSize(w, span(kw, dilation), stride, pad), l = ho * wo;
        int[] map = new int[c * kh * kw * l];
        for (int ch = 0; ch < c; ch++)
            for (int ky = 0; ky < kh; ky++)
                for (int kx = 0; kx < kw; kx++) {
                    int row = ((ch * kh + ky) * kw + kx) * l;
                    for (int oy = 0; oy < ho; oy++)
                        for (int ox = 0; ox < wo; ox++)
                            map[row + oy * wo + ox] = source(ch, oy * stride + ky * dilation - pad, ox * stride + kx * dilation - pad, h, w, mode);
                }
        return map;
    }

    /** Extent a kernel of {@code k} taps covers at dilation {@code d}: {@code d·(k − 1) + 1}. */
    public static int span(int k, int dilation) { return dilation * (k - 1) + 1; }

    /** Pooling windows: block {@code [C,H,W]} to {@code [C, Ho, Wo, k·k]} (zero padding). */
    public static IndexMap pool(int c, int h, int w, int k, int stride, int pad) {
        int ho = outSize(h, k, stride, pad), wo = outSize(w, k, stride, pad);
        int[] map = new int[c * ho * wo * k * k];
        int i = 0;
        for (int ch = 0; ch < c; ch++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                            map[i++] = source(ch, oy * stride + ky - pad, ox * stride + kx - pad, h, w, IndexMap.Pad.ZERO);
        return new IndexMap(new int[] {c, h, w}, new int[] {c, ho, wo, k * k}, map);
    }

    private static int source(int ch, int y, int x, int h, int w, IndexMap.Pad mode) {
        int sy = IndexMap.source(y, h, mode), sx = IndexMap.source(x, w, mode);
        return sy < 0 || sx < 0 ? -1 : (ch * h + sy) * w + sx;
    }
}
