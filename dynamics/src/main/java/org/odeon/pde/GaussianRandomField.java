package org.odeon.pde;

import org.odeon.tensor.Rng;

/**
 * Samples of the Gaussian field {@code N(0, σ²(−Δ + τ²I)^{−α})} on the unit interval or square, as a
 * Karhunen–Loève sum {@code Σ_k σ(λ_k + τ²)^{−α/2} ξ_k φ_k} over the Laplacian's orthonormal
 * eigenfunctions {@code φ_k} (eigenvalues {@code λ_k}), {@code ξ_k ~ N(0, 1)}, truncated at
 * {@code modes} per axis (the terms left out have variance {@code O(modes^{1−2α})}).
 *
 * <ul>
 *   <li>{@link #periodic}: periodic boundary conditions on {@code [0, 1)}, {@code φ ∈ {1, √2 cos 2πkx, √2 sin 2πkx}},
 *       {@code λ = 4π²k²}; sampled at {@code x_j = j/n}.</li>
 *   <li>{@link #neumann}: zero-flux boundaries on {@code [0, 1]²}, {@code φ = c_k c_l cos πkx cos πly}
 *       ({@code c_0 = 1}, else {@code √2}), {@code λ = π²(k² + l²)}; sampled at the nodes {@code j/(s−1)}.</li>
 * </ul>
 * The Burgers data of the FNO paper uses the first with σ² = 625, τ² = 25, α = 2; its Darcy data
 * thresholds the second with σ² = 1, τ² = 9, α = 2.
 */
public record GaussianRandomField(double sigma2, double tau2, double alpha, int modes) {
    public GaussianRandomField {
        if (!(sigma2 > 0) || !(tau2 > 0) || !(alpha > 0) || modes < 1)
            throw new IllegalArgumentException("Gaussian random field needs σ² > 0, τ² > 0, α > 0 and modes ≥ 1, got " + this);
    }

    /** Standard deviation of the coefficient of an eigenfunction with eigenvalue {@code lambda}. */
    public double coefficientStd(double lambda) { return Math.sqrt(sigma2) * Math.pow(lambda + tau2, -alpha / 2); }

    /** One periodic sample on {@code n} points. */
    public double[] periodic(int n, Rng rng) {
        int kMax = Math.min(modes, n / 2);
        double[] xi = rng.normal(org.odeon.tensor.DType.F64, 0, 1, 2 * kMax + 1).data();
        double[] u = new double[n];
        double mean = coefficientStd(0) * xi[0];
        for (int j = 0; j < n; j++) u[j] = mean;
        double[] cos = new double[n], sin = new double[n];   // cos(2πm/n): the angle 2πkj/n is entry kj mod n
        for (int m = 0; m < n; m++) {
            cos[m] = Math.cos(2 * Math.PI * m / n);
            sin[m] = Math.sin(2 * Math.PI * m / n);
        }
        for (int k = 1; k <= kMax; k++) {
            double s = Math.sqrt(2) * coefficientStd(4 * Math.PI * Math.PI * k * k), a = s * xi[2 * k - 1], b = s * xi[2 * k];
            for (int j = 0, m = 0; j < n; j++, m = (m + k) % n) u[j] += a * cos[m] + b * sin[m];
        }
        return u;
    }

    /** One Neumann sample on the {@code s × s} nodes, row-major. */
    public double[] neumann(int s, Rng rng) {
        int m = modes;
        double[] xi = rng.normal(org.odeon.tensor.DType.F64, 0, 1, m * m).data();
        double[][] basis = new double[m][s];                   // c_k cos(πk x_j)
        for (int k = 0; k < m; k++)
            for (int j = 0; j < s; j++) basis[k][j] = (k == 0 ? 1 : Math.sqrt(2)) * Math.cos(Math.PI * k * j / (s - 1.0));
        double[][] half = new double[m][s];                    // Σ_l coef[k,l] φ_l(y_j): separable, O(s·m²)
        for (int k = 0; k < m; k++)
            for (int l = 0; l < m; l++) {
                double c = coefficientStd(Math.PI * Math.PI * (k * k + l * l)) * xi[k * m + l];
                for (int j = 0; j < s; j++) half[k][j] += c * basis[l][j];
            }
        double[] u = new double[s * s];
        for (int k = 0; k < m; k++)
            for (int i = 0; i < s; i++) {
                double b = basis[k][i];
                for (int j = 0; j < s; j++) u[i * s + j] += b * half[k][j];
            }
        return u;
    }
}
