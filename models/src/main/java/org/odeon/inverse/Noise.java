package org.odeon.inverse;

import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Additive white Gaussian noise and the image-quality measures restorations are judged by. */
public final class Noise {
    private Noise() {}

    /** {@code x + σ·ε}, {@code ε} standard normal (σ in the image's units, e.g. 25/255 for [0, 1] images). */
    public static NDArray gaussian(NDArray x, double sigma, Rng rng) {
        if (!(sigma >= 0)) throw new IllegalArgumentException("noise level σ must be non-negative, got " + sigma);
        double[] d = x.data().clone();
        for (int i = 0; i < d.length; i++) d[i] += sigma * rng.normal();
        return NDArray.of(DType.F64, x.shape(), d);
    }

    /** Peak signal-to-noise ratio {@code 10·log10(1/MSE)} in dB, for images with peak 1. */
    public static double psnr(NDArray estimate, NDArray truth) {
        double mse = estimate.sub(truth).square().sum().item() / truth.size();
        return 10 * Math.log10(1 / mse);
    }
}
