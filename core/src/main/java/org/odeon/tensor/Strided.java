package org.odeon.tensor;

/**
 * Iteration over a broadcast output: calls a kernel once per run along the last axis, with each
 * operand's offset and stride (0 where that operand is broadcast).
 */
final class Strided {
    private Strided() {}

    @FunctionalInterface
    interface Kernel2 {
        void run(double[] x, double[] y, double[] o, int ox, int oy, int oo, int n, int sx, int sy);
    }

    /** Operand strides aligned to the output shape, 0 on broadcast axes. */
    static int[] aligned(int[] shape, int[] out) {
        int[] s = Shape.strides(shape), r = new int[out.length];
        int off = out.length - shape.length;
        for (int i = 0; i < shape.length; i++) r[i + off] = shape[i] == 1 ? 0 : s[i];
        return r;
    }

    static void zip(double[] x, int[] xs, double[] y, int[] ys, int[] out, double[] o, Kernel2 k) {
        int r = out.length;
        if (r == 0) { k.run(x, y, o, 0, 0, 0, 1, 0, 0); return; }
        int[] sx = aligned(xs, out), sy = aligned(ys, out);
        int n = out[r - 1];
        int[] idx = new int[r];
        int ox = 0, oy = 0, total = o.length;
        for (int oo = 0; oo < total; oo += n) {
            k.run(x, y, o, ox, oy, oo, n, sx[r - 1], sy[r - 1]);
            for (int d = r - 2; d >= 0; d--) {   // odometer over the leading axes
                idx[d]++;
                ox += sx[d];
                oy += sy[d];
                if (idx[d] < out[d]) break;
                ox -= sx[d] * out[d];
                oy -= sy[d] * out[d];
                idx[d] = 0;
            }
        }
    }
}
