package org.odeon.tensor;

/**
 * Index tables that cut an image block {@code [C, H, W]} into sliding windows: im2col for
 * convolutions and window stacks for pooling. Padding positions read 0 (zero mode) or wrap
 * around (circular mode), so a circular convolution is an ordinary one on the wrapped table.
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
     * im2col: block {@code [C,H,W]} to {@code [Ho·Wo, C·kh·kw]}, one row per output position, so a
     * convolution is {@code cols · Wᵀ} with the kernel flattened to {@code [O, C·kh·kw]}.
     */
    public static IndexMap im2col(int c, int h, int w, int kh, int kw, int stride, int pad, IndexMap.Pad mode) {
        int ho = outSize(h, kh, stride, pad), wo = outSize(w, kw, stride, pad), ck = c * kh * kw;
        int[] map = new int[ho * wo * ck];
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++) {
                int row = (oy * wo + ox) * ck;
                for (int ch = 0; ch < c; ch++)
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++)
                            map[row + (ch * kh + ky) * kw + kx] = source(ch, oy * stride + ky - pad, ox * stride + kx - pad, h, w, mode);
            }
        return new IndexMap(new int[] {c, h, w}, new int[] {ho * wo, ck}, map);
    }

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
