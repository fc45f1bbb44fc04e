package org.odeon.robust;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Certified;
import org.odeon.nn.Module;
import org.odeon.tensor.NDArray;

/**
 * Per-channel normalisation {@code y = (x − μ)/s} inside the model, so attacks and certificates
 * act on raw inputs in {@code [0, 1]}. {@code μ, s} have shape {@code [C]} and act on axis 1.
 * Certificate: {@code Lip = 1/min s}.
 */
public final class Normalize extends Module implements Certified {
    private final NDArray mean, std;
    private final double[] s;

    public Normalize(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0)
            throw new IllegalArgumentException("Normalize: mean and std need the same positive length, got " + mean.length + " and " + std.length);
        for (double v : std) if (!(v > 0)) throw new IllegalArgumentException("Normalize: every std must be positive, got " + v);
        this.s = std.clone();
        this.mean = NDArray.of(new int[] {1, mean.length}, mean.clone());
        this.std = NDArray.of(new int[] {1, std.length}, std.clone());
    }

    @Override public Tensor forward(Tensor x) {
        int[] shape = new int[x.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = s.length;
        return x.sub(Tensor.constant(mean.reshape(shape).astype(x.dtype()))).div(Tensor.constant(std.reshape(shape).astype(x.dtype())));
    }

    @Override public double lipschitzBound(double tol) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : s) m = Math.min(m, v);
        return 1 / m;
    }
}
