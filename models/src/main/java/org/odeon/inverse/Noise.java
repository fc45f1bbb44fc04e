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

    /**
     * Structural similarity (Wang et al. 2004) of two {@code [..., H, W]} images with peak 1, averaged
     * over all {@code 7×7} windows inside each image (uniform weights, {@code C₁ = 0.01²}, {@code C₂ = 0.03²}).
     */
    public static double ssim(NDArray estimate, NDArray truth) {
        int[] s = truth.shape();
        int h = s[s.length - 2], w = s[s.length - 1], planes = truth.size() / (h * w), r = 7;
        if (h < r || w < r) throw new IllegalArgumentException("SSIM needs images of at least 7x7, got " + h + "x" + w);
        double c1 = 1e-4, c2 = 9e-4, total = 0;
        double[] a = estimate.data(), b = truth.data();
        int count = 0;
        for (int p = 0; p < planes; p++)
            for (int y = 0; y + r <= h; y++)
                for (int x = 0; x + r <= w; x++) {
                    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                    for (int i = 0; i < r; i++)
                        for (int j = 0; j < r; j++) {
                            int k = p * h * w + (y + i) * w + x + j;
                            sa += a[k]; sb += b[k]; saa += a[k] * a[k]; sbb += b[k] * b[k]; sab += a[k] * b[k];
                        }
                    double n = r * r, ma = sa / n, mb = sb / n;
                    double va = (saa - n * ma * ma) / (n - 1), vb = (sbb - n * mb * mb) / (n - 1), cov = (sab - n * ma * mb) / (n - 1);
                    total += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                    count++;
                }
        return total / count;
    }
}
