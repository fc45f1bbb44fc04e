package org.odeon.models.operator;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Where the samples of a field sit on the unit interval (per axis): {@link #PERIODIC} at
 * {@code j/n} (the right end is the left one), {@link #NODES} at {@code j/(n−1)} (both ends
 * sampled, as for boundary-value problems). Two grids of the same kind but different {@code n}
 * sample the same function, which is what makes coordinates and resizing resolution-independent.
 */
public enum Grid {
    PERIODIC, NODES;

    /** Coordinate of sample {@code j} of {@code n}. */
    public double coordinate(int j, int n) { return this == PERIODIC ? j / (double) n : n == 1 ? 0 : j / (double) (n - 1); }

    /**
     * The coordinates of a {@code [h, w]} field as {@code dims} constant channels {@code [1, dims, h, w]}
     * (for 1-D, {@code h = 1} and one channel: x along w; for 2-D: x along h, then y along w).
     */
    public Tensor channels(int dims, int h, int w, DType t) {
        double[] c = new double[dims * h * w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                if (dims == 1) c[i * w + j] = coordinate(j, w);
                else {
                    c[i * w + j] = coordinate(i, h);
                    c[h * w + i * w + j] = coordinate(j, w);
                }
            }
        return Tensor.constant(NDArray.of(t, new int[] {1, dims, h, w}, c));
    }

    /**
     * Linear interpolation of {@code x [B, C, H, W]} to {@code [B, C, h, w]}, axis by axis (an axis of
     * extent 1 stays): each new sample is read at its own coordinate from the two samples around
     * it, periodically wrapped on a {@link #PERIODIC} grid. Samples that the two grids share are
     * copied exactly, so halving a grid of odd {@code n−1} (nodes) or even {@code n} (periodic)
     * is subsampling. A linear map of {@code x}, differentiable to any order.
     */
    public Tensor resize(Tensor x, int h, int w) {
        Tensor y = x.dim(2) == h ? x : along(x, 2, h);
        return y.dim(3) == w ? y : along(y, 3, w);
    }

    private Tensor along(Tensor x, int axis, int m) {
        int n = x.dim(axis);
        if (m < 1) throw new IllegalArgumentException("resize to " + m + " points");
        int[] lo = new int[m], hi = new int[m];
        double[] frac = new double[m];
        for (int i = 0; i < m; i++) {
            double p = coordinate(i, m) * (this == PERIODIC ? n : n - 1);
            int f = (int) Math.floor(p + 1e-9);
            double t = p - f;
            if (Math.abs(t) < 1e-9) t = 0;
            lo[i] = Math.min(f, n - 1);
            hi[i] = this == PERIODIC ? (f + 1) % n : Math.min(f + 1, n - 1);
            frac[i] = t;
        }
        return blend(x, axis, lo, hi, frac);
    }

    /**
     * Sample {@code i} of the result along {@code axis} is {@code (1 − t_i)·x[lo_i] + t_i·x[hi_i]}: the one
     * linear-interpolation kernel behind every resize of the operator package.
     */
    static Tensor blend(Tensor x, int axis, int[] lo, int[] hi, double[] frac) {
        int[] shape = {1, 1, 1, 1};
        shape[axis] = frac.length;
        NDArray t = NDArray.of(x.dtype(), shape, frac), s = t.mul(-1).add(1);
        return x.select(axis, lo).mulConst(s).add(x.select(axis, hi).mulConst(t));
    }

    /** The fields {@code [B, C, h, w]} of a list concatenated along channels. */
    static Tensor concat(List<Tensor> parts) { return Tensor.cat(new ArrayList<>(parts), 1); }
}
