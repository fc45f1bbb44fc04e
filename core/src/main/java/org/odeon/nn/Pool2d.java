package org.odeon.nn;

import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;

/**
 * Max or average pooling over {@code k×k} windows with stride {@code s} of an {@code [N, C, H, W]}
 * input (no padding). Each input lies in at most {@code ⌈k/s⌉²} windows. Certificates: for max,
 * {@code |max a − max b| ≤ max|a − b| ≤ ‖a − b‖} per window, so {@code Lip ≤ ⌈k/s⌉} (1 for
 * non-overlapping windows); for the mean, {@code (Σᵢ aᵢ/k²)² ≤ Σᵢ aᵢ²/k²} per window, so
 * {@code Lip ≤ ⌈k/s⌉/k}.
 */
public final class Pool2d extends Module implements Certified {
    private final boolean max;
    private final int kernel, stride;

    private Pool2d(boolean max, int kernel, int stride) {
        if (kernel <= 0 || stride <= 0) throw new IllegalArgumentException("pooling needs positive kernel and stride, got " + kernel + ", " + stride);
        this.max = max;
        this.kernel = kernel;
        this.stride = stride;
    }

    /** {@code y = max} over each window; the gradient goes to the window's first maximum. */
    public static Pool2d max(int kernel, int stride) { return new Pool2d(true, kernel, stride); }

    /** {@code y = mean} over each window. */
    public static Pool2d avg(int kernel, int stride) { return new Pool2d(false, kernel, stride); }

    @Override public Tensor forward(Tensor x) {
        return max ? Conv.maxPool2d(x, kernel, stride) : Conv.avgPool2d(x, kernel, stride);
    }

    @Override public double lipschitzBound(double tol) {
        double overlap = Math.ceil(kernel / (double) stride);
        return max ? overlap : overlap / kernel;
    }

    @Override public String toString() { return (max ? "MaxPool2d(" : "AvgPool2d(") + kernel + ", stride=" + stride + ")"; }
}
