package org.odeon.robust;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Buffer;
import org.odeon.nn.Certified;
import org.odeon.nn.Module;
import org.odeon.tensor.NDArray;

/**
 * Per-channel normalisation {@code y = (x − μ)/s} inside the model, so attacks and certificates
 * act on raw inputs in {@code [0, 1]}. {@code μ, s} have shape {@code [C]} and act on axis 1.
 * Certificate: {@code Lip = 1/min s}. {@code μ, s} are buffers, so a saved model carries its normalisation.
 */
public final class Normalize extends Module implements Certified {
    private final Buffer mean, std;

    public Normalize(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0)
            throw new IllegalArgumentException("Normalize: mean and std need the same positive length, got " + mean.length + " and " + std.length);
        for (double v : std) if (!(v > 0)) throw new IllegalArgumentException("Normalize: every std must be positive, got " + v);
        this.mean = buffer("mean", NDArray.of(new int[] {1, mean.length}, mean.clone()));
        this.std = buffer("std", NDArray.of(new int[] {1, std.length}, std.clone()));
    }

    @Override public Tensor forward(Tensor x) {
        int[] shape = new int[x.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = std.value().size();
        return x.sub(Tensor.constant(mean.value().reshape(shape).astype(x.dtype()))).div(Tensor.constant(std.value().reshape(shape).astype(x.dtype())));
    }

    @Override public double lipschitzBound(double tol) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : std.value().data()) m = Math.min(m, v);
        return 1 / m;
    }
}
