package org.odeon.models.lipschitz;

import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.robust.Certified;

/**
 * Max pooling over {@code k×k} windows with stride {@code s}. Certificate: {@code |max a − max b| ≤
 * max|a − b|}, and each input lies in at most {@code ⌈k/s⌉²} windows, so
 * {@code Lip ≤ ⌈k/s⌉} (1 for non-overlapping windows).
 */
public final class MaxPool extends Module implements Certified {
    private final int kernel, stride;

    public MaxPool(int kernel, int stride) {
        if (kernel <= 0 || stride <= 0) throw new IllegalArgumentException("MaxPool needs positive kernel and stride, got " + kernel + ", " + stride);
        this.kernel = kernel;
        this.stride = stride;
    }

    @Override public Tensor forward(Tensor x) { return Conv.maxPool2d(x, kernel, stride); }

    @Override public double lipschitzBound(double tol) { return Math.ceil(kernel / (double) stride); }

    @Override public String toString() { return "MaxPool(" + kernel + ", stride=" + stride + ")"; }
}
