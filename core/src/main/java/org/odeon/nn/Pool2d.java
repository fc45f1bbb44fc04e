package org.odeon.nn;

import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Shape;
import org.odeon.tensor.Windows;

/**
 * Max or average pooling over {@code k×k} windows of an {@code [N, C, H, W]} input.
 *
 * <p>Max pooling is a gather: each output reads the first maximal element of its window, so the
 * layer is one index map chosen from the values (its gradient routes to that element, as for
 * {@link Conv#maxPool2d}), instead of a window stack, a mask and a sum — a third of the memory
 * traffic in a training step.
 */
public final class Pool2d extends Module {
    private final boolean max;
    private final int kernel, stride;

    private Pool2d(boolean max, int kernel, int stride) {
        if (kernel <= 0 || stride <= 0) throw new IllegalArgumentException("pooling needs positive kernel and stride, got " + kernel + ", " + stride);
        this.max = max;
        this.kernel = kernel;
        this.stride = stride;
    }

    /** {@code y = max} over each window. */
    public static Pool2d max(int kernel, int stride) { return new Pool2d(true, kernel, stride); }

    /** {@code y = mean} over each window. */
    public static Pool2d avg(int kernel, int stride) { return new Pool2d(false, kernel, stride); }

    @Override public Tensor forward(Tensor x) { return max ? maxGather(x) : Conv.avgPool2d(x, kernel, stride); }

    private Tensor maxGather(Tensor x) {
        int[] s = x.shape();
        if (s.length != 4) throw new IllegalArgumentException("pooling input must be [N, C, H, W], got " + Shape.str(s));
        int h = s[2], w = s[3], ho = Windows.outSize(h, kernel, stride, 0), wo = Windows.outSize(w, kernel, stride, 0);
        double[] v = x.value().data();
        int[] map = new int[s[0] * s[1] * ho * wo];
        int o = 0;
        for (int plane = 0; plane < s[0] * s[1]; plane++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++) {
                    int corner = plane * h * w + oy * stride * w + ox * stride, best = corner;
                    for (int ky = 0; ky < kernel; ky++)
                        for (int kx = 0; kx < kernel; kx++) {
                            int i = corner + ky * w + kx;
                            if (v[i] > v[best]) best = i;
                        }
                    map[o++] = best;
                }
        return x.linear(new IndexMap(s, new int[] {s[0], s[1], ho, wo}, map));
    }

    @Override public String toString() { return (max ? "MaxPool2d(" : "AvgPool2d(") + kernel + ", stride=" + stride + ")"; }
}
