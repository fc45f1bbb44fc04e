package org.odeon.tensor;

/**
 * The three convolution kernels of {@link Convolution} computed directly, for few channels: with
 * {@code P} an input plane padded once ({@code x̃} of {@link Convolution}, zero, circular or mirrored
 * borders) and stride and dilation one,
 *
 * <pre>
 *   conv(x, w)[n, o, y, x]  = b[o] + Σ_{c, ky, kx} w[o, c, ky, kx] · P[n, c, y + ky, x + kx]
 *   convT(g, w)             = fold( Σ_{o, ky, kx} w[o, c, ky, kx] · g[n, o, y, x] placed at (y + ky, x + kx) )
 *   convW(x, g)[o, c, ky, kx] = Σ_{n, y, x} g[n, o, y, x] · P[n, c, y + ky, x + kx]
 * </pre>
 *
 * where {@code fold} adds each padded position back onto the pixel it was read from (the adjoint
 * of padding). Every innermost loop runs along one row of pixels, {@code a[i] += w·b[i + k]}, which
 * the JIT vectorises. im2col + GEMM first copies each pixel {@code C·kh·kw} times into a column
 * block and then multiplies it by a kernel of {@code O} rows: with a single output channel the GEMM
 * degenerates and the copy dominates, so the direct loops are faster ({@link #suits} is the
 * measured rule). All sums run in double (F32 operands are widened
 * and the result rounded once); {@code convW} sums per sample and then over the batch in order, so
 * no result depends on the number of threads.
 */
final class DirectConvolution {
    private DirectConvolution() {}

    /** Which kernels a convolution call runs: the size rule's choice, im2col + GEMM, or the direct loops wherever {@link #supports} allows. */
    enum Path { RULE, GEMM, DIRECT }

    /** Stride and dilation one, one group and a kernel larger than 1×1 (1×1 has its own path in {@link Convolution}). */
    static boolean supports(Convolution.Geometry g) {
        return g.stride() == 1 && g.dilation() == 1 && g.groups() == 1 && g.kh() * g.kw() > 1;
    }

    /**
     * The size rule: direct for a single output channel and at most {@link #MAX_CHANNELS} inputs,
     * where the GEMMs degenerate (conv and convW to products with one row, convT to an outer
     * product followed by a {@code C·kh·kw}-fold scatter). Measured on 100×100 circular 5×5
     * convolutions, batch 32, float64, one thread (CPU ms of conv / convT / convW, GEMM → direct):
     * 10→1 52/59/55 → 17/19/24, 2→1 7/9/8 → 7/4/5, 4→1 14/17/15 → ≤ 10 each; with several outputs
     * the GEMM is as fast or faster (1→10: 9/8/9 against 17/33/45 directly).
     */
    static boolean suits(Convolution.Geometry g, int outChannels) {
        return supports(g) && outChannels == 1 && g.channels() <= MAX_CHANNELS;
    }

    static final int MAX_CHANNELS = 64;

    static boolean chosen(Path path, Convolution.Geometry g, int outChannels) {
        return switch (path) {
            case RULE -> suits(g, outChannels);
            case GEMM -> false;
            case DIRECT -> supports(g);
        };
    }

    /** {@code conv(x, w) + bias}, through relu when asked; {@code out} is {@code [N, O, Ho, Wo]} of the result type. */
    static void conv(NDArray x, NDArray w, NDArray bias, Convolution.Geometry geo, boolean relu, NDArray out) {
        Frame f = new Frame(geo, w.dim(0));
        double[] wd = w.data(), bd = bias == null ? null : bias.data();
        Parallel.rows(out.dim(0), f.o * f.l, (lo, hi) -> {
            double[] p = new double[f.c * f.plane], acc = new double[f.o * f.l];
            for (int b = lo; b < hi; b++) {
                f.pad(x, b, p);
                for (int o = 0; o < f.o; o++) java.util.Arrays.fill(acc, o * f.l, (o + 1) * f.l, bd == null ? 0 : bd[o]);
                for (int y = 0; y < f.ho; y++)
                    for (int o = 0; o < f.o; o++) {
                        int at = o * f.l + y * f.wo;
                        for (int c = 0; c < f.c; c++)
                            for (int ky = 0; ky < f.kh; ky++) {
                                int row = c * f.plane + (y + ky) * f.wp, wi = ((o * f.c + c) * f.kh + ky) * f.kw;
                                for (int kx = 0; kx < f.kw; kx++) {
                                    double wv = wd[wi + kx];
                                    int src = row + kx;
                                    for (int i = 0; i < f.wo; i++) acc[at + i] += wv * p[src + i];
                                }
                            }
                    }
                if (relu) for (int i = 0; i < acc.length; i++) acc[i] = Math.max(acc[i], 0);   // NaN stays NaN like Store.relu
                store(acc, out, b * acc.length);
            }
        });
    }

    /** {@code convT(g, w)}: {@code [N, O, Ho, Wo] → [N, C, H, W]} as a double array. */
    static double[] convT(NDArray g, NDArray w, Convolution.Geometry geo) {
        Frame f = new Frame(geo, w.dim(0));
        int n = g.dim(0), img = geo.imageSize();
        double[] wd = w.data(), out = new double[n * img];
        Parallel.rows(n, f.o * f.l, (lo, hi) -> {
            double[] gs = new double[f.o * f.l], zp = new double[f.c * f.plane];
            for (int b = lo; b < hi; b++) {
                load(g, b * gs.length, gs);
                java.util.Arrays.fill(zp, 0);
                for (int y = 0; y < f.ho; y++)
                    for (int c = 0; c < f.c; c++)
                        for (int o = 0; o < f.o; o++) {
                            int from = o * f.l + y * f.wo;
                            for (int ky = 0; ky < f.kh; ky++) {
                                int row = c * f.plane + (y + ky) * f.wp, wi = ((o * f.c + c) * f.kh + ky) * f.kw;
                                for (int kx = 0; kx < f.kw; kx++) {
                                    double wv = wd[wi + kx];
                                    int to = row + kx;
                                    for (int i = 0; i < f.wo; i++) zp[to + i] += wv * gs[from + i];
                                }
                            }
                        }
                f.fold(zp, out, b * img);
            }
        });
        return out;
    }

    /** {@code convW(x, g)}: {@code Σ_n} over the batch of each sample's kernel-shaped sum, as a double array {@code [O, C, kh, kw]}. */
    static double[] convW(NDArray x, NDArray g, Convolution.Geometry geo) {
        int o = g.dim(1), n = g.dim(0);
        Frame f = new Frame(geo, o);
        int taps = o * f.c * f.kh * f.kw;
        double[] part = new double[n * taps];
        Parallel.rows(n, o * f.l, (lo, hi) -> {
            double[] p = new double[f.c * f.plane], gs = new double[f.o * f.l], acc = new double[f.wo];
            for (int b = lo; b < hi; b++) {
                f.pad(x, b, p);
                load(g, b * gs.length, gs);
                for (int oc = 0; oc < f.o; oc++)
                    for (int c = 0; c < f.c; c++)
                        for (int ky = 0; ky < f.kh; ky++)
                            for (int kx = 0; kx < f.kw; kx++) {
                                java.util.Arrays.fill(acc, 0);
                                for (int y = 0; y < f.ho; y++) {
                                    int from = oc * f.l + y * f.wo, src = c * f.plane + (y + ky) * f.wp + kx;
                                    for (int i = 0; i < f.wo; i++) acc[i] += gs[from + i] * p[src + i];
                                }
                                double s = 0;
                                for (double v : acc) s += v;
                                part[b * taps + ((oc * f.c + c) * f.kh + ky) * f.kw + kx] = s;
                            }
            }
        });
        double[] sums = new double[taps];
        for (int b = 0; b < n; b++)
            for (int t = 0; t < taps; t++) sums[t] += part[b * taps + t];
        return sums;
    }

    /** Extents of one call and the padding maps of its two axes ({@link IndexMap#source}: −1 reads zero). */
    private record Frame(int c, int o, int h, int w, int kh, int kw, int ho, int wo, int l, int hp, int wp, int plane, int[] rows, int[] cols) {
        Frame(Convolution.Geometry g, int o) {
            this(g.channels(), o, g.height(), g.width(), g.kh(), g.kw(), g.outHeight(), g.outWidth(), g.outHeight() * g.outWidth(),
                    g.height() + 2 * g.pad(), g.width() + 2 * g.pad(), (g.height() + 2 * g.pad()) * (g.width() + 2 * g.pad()),
                    sources(g.height(), g.pad(), g.mode()), sources(g.width(), g.pad(), g.mode()));
        }

        private static int[] sources(int n, int pad, IndexMap.Pad mode) {
            int[] s = new int[n + 2 * pad];
            for (int i = 0; i < s.length; i++) s[i] = IndexMap.source(i - pad, n, mode);
            return s;
        }

        /** Sample {@code b}'s padded planes {@code P[c, Hp, Wp]}. */
        void pad(NDArray x, int b, double[] p) {
            double[] xd = x.doubles();
            float[] xf = x.floats();
            int base = b * c * h * w;
            for (int ch = 0; ch < c; ch++)
                for (int py = 0; py < hp; py++) {
                    int sy = rows[py], to = ch * plane + py * wp, from = base + (ch * h + sy) * w;
                    for (int px = 0; px < wp; px++) {
                        int sx = cols[px];
                        p[to + px] = sy < 0 || sx < 0 ? 0 : xd != null ? xd[from + sx] : xf[from + sx];
                    }
                }
        }

        /** The adjoint of {@link #pad}: adds each padded position onto the pixel it reads, into {@code out} at {@code off}. */
        void fold(double[] zp, double[] out, int off) {
            for (int ch = 0; ch < c; ch++)
                for (int py = 0; py < hp; py++) {
                    int sy = rows[py];
                    if (sy < 0) continue;
                    int from = ch * plane + py * wp, to = off + (ch * h + sy) * w;
                    for (int px = 0; px < wp; px++) {
                        int sx = cols[px];
                        if (sx >= 0) out[to + sx] += zp[from + px];
                    }
                }
        }
    }

    private static void load(NDArray a, int from, double[] to) {
        if (a.doubles() != null) System.arraycopy(a.doubles(), from, to, 0, to.length);
        else Store.widen(a.floats(), from, to, 0, to.length);
    }

    private static void store(double[] from, NDArray a, int at) {
        if (a.doubles() != null) System.arraycopy(from, 0, a.doubles(), at, from.length);
        else Store.narrow(from, 0, a.floats(), at, from.length);
    }
}
