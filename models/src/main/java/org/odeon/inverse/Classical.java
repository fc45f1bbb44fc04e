package org.odeon.inverse;

import org.odeon.tensor.NDArray;

/**
 * Classical restorations of {@code y = Ax + ε} with a circular blur {@code A} ({@link Blur};
 * {@link Blur#identity} for denoising): Wiener deconvolution, the Gaussian filter, and total
 * variation by the primal–dual method of Chambolle and Pock.
 */
public final class Classical {
    private Classical() {}

    /** Wiener deconvolution {@code x̂ = (AᵀA + λI)⁻¹Aᵀy}, {@code λ} the noise-to-signal power ratio (e.g. {@code σ²/Var x}). */
    public static NDArray wiener(Blur a, NDArray y, double lambda) { return a.solveNormal(a.adjoint(y), lambda); }

    /** The Gaussian-filter denoiser of width {@code sigma} pixels (circular boundary). */
    public static NDArray gaussianFilter(NDArray y, double sigma) {
        int[] s = y.shape();
        return Blur.gaussian(sigma, s[s.length - 2], s[s.length - 1]).apply(y);
    }

    /**
     * Isotropic TV restoration {@code min_x ½‖Ax − y‖² + λ‖∇x‖_{2,1}} by Chambolle–Pock with
     * {@code K = ∇} (circular forward differences, {@code ‖∇‖² ≤ 8}), {@code τ = σ = 1/√8}:
     * <pre>
     *   p ← proj_{|p|≤λ}(p + σ∇x̄),   x⁺ = (I + τAᵀA)⁻¹(x + τ·div p + τAᵀy),   x̄ = 2x⁺ − x.
     * </pre>
     * The primal step is exact through the FFT. Stops when {@code ‖x⁺ − x‖ ≤ tol·√N} or after
     * {@code maxIterations}.
     */
    public static Restoration tv(Blur a, NDArray y, double lambda, int maxIterations, double tol) {
        if (!(lambda >= 0)) throw new IllegalArgumentException("TV weight λ must be non-negative, got " + lambda);
        int[] s = y.shape();
        int h = s[s.length - 2], w = s[s.length - 1];
        double tau = 1 / Math.sqrt(8), sig = tau;
        NDArray aty = a.adjoint(y), x = y.copy(), xbar = x;
        double[] px = new double[y.size()], py = new double[y.size()];
        double[] res = new double[maxIterations];
        int k = 0;
        boolean done = false;
        while (k < maxIterations && !done) {
            double[] xb = xbar.data();
            for (int i = 0; i < xb.length; i++) {
                int b = i - i % (h * w), r = (i % (h * w)) / w, c = i % w;
                double gx = xb[b + r * w + (c + 1) % w] - xb[i], gy = xb[b + ((r + 1) % h) * w + c] - xb[i];
                double qx = px[i] + sig * gx, qy = py[i] + sig * gy, m = Math.hypot(qx, qy);
                double scale = m > lambda ? lambda / m : 1;
                px[i] = qx * scale;
                py[i] = qy * scale;
            }
            double[] v = new double[xb.length], xd = x.data(), at = aty.data();
            for (int i = 0; i < v.length; i++) { // div p = −∇ᵀp (backward differences)
                int b = i - i % (h * w), r = (i % (h * w)) / w, c = i % w;
                double div = px[i] - px[b + r * w + (c + w - 1) % w] + py[i] - py[b + ((r + h - 1) % h) * w + c];
                v[i] = (xd[i] + tau * div + tau * at[i]) / tau;
            }
            // (I + τAᵀA)⁻¹ u = (AᵀA + I/τ)⁻¹ u/τ
            NDArray next = a.solveNormal(NDArray.of(y.dtype(), s, v), 1 / tau);
            res[k] = next.sub(x).norm();
            done = res[k] <= tol * Math.sqrt(y.size());
            xbar = next.mul(2).sub(x);
            x = next;
            k++;
        }
        return new Restoration(x, java.util.Arrays.copyOf(res, k), done);
    }
}
