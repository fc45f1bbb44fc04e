package org.odeon.autograd;

import java.util.concurrent.ConcurrentHashMap;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * The DFT restricted to the lowest modes, as constant matrices for {@link Spectral}'s spectral
 * products (cached per size, mode count and dtype). With {@code θ = 2πξj/n}:
 * <ul>
 *   <li>{@link #forwardReal}: {@code [n, 2k]}, column pair ξ = {@code (cos θ, −sin θ)}: a real signal's
 *       {@code x̂_ξ = Σ_j x_j e^{−iθ}}, ξ = 0..k−1;</li>
 *   <li>{@link #inverseReal}: {@code [2k, n]}, row pair ξ = {@code c_ξ(cos θ, −sin θ)/n}, {@code c_0 = 1},
 *       else 2: the real inverse of a half spectrum that is zero from k on (k ≤ n/2);</li>
 *   <li>{@link #forwardFull} / {@link #inverseFull}: complex {@code [n, 2k, 2]} / {@code [2k, n, 2]} for the
 *       frequencies {@code 0..k−1, −k..−1} of a full (complex) axis, {@code e^{−iθ}} and {@code e^{+iθ}/n}.</li>
 * </ul>
 * Each is applied by a matrix product, whose backward is the product with the transpose; so the
 * spectral products differentiate to any order with no code of their own.
 */
final class TruncatedDft {
    private TruncatedDft() {}

    private record Key(String kind, int n, int k, DType t) {}

    private static final ConcurrentHashMap<Key, Tensor> CACHE = new ConcurrentHashMap<>();

    static Tensor forwardReal(int n, int k, DType t) {
        return CACHE.computeIfAbsent(new Key("fr", n, k, t), key -> {
            double[] m = new double[n * 2 * k];
            for (int j = 0; j < n; j++)
                for (int f = 0; f < k; f++) {
                    double th = angle(f, j, n);
                    m[j * 2 * k + 2 * f] = Math.cos(th);
                    m[j * 2 * k + 2 * f + 1] = -Math.sin(th);
                }
            return Tensor.constant(NDArray.of(t, new int[] {n, 2 * k}, m));
        });
    }

    static Tensor inverseReal(int n, int k, DType t) {
        return CACHE.computeIfAbsent(new Key("ir", n, k, t), key -> {
            double[] m = new double[2 * k * n];
            for (int f = 0; f < k; f++) {
                double c = (f == 0 ? 1.0 : 2.0) / n;
                for (int j = 0; j < n; j++) {
                    double th = angle(f, j, n);
                    m[2 * f * n + j] = c * Math.cos(th);
                    m[(2 * f + 1) * n + j] = -c * Math.sin(th);
                }
            }
            return Tensor.constant(NDArray.of(t, new int[] {2 * k, n}, m));
        });
    }

    /**
     * The full-axis analysis {@code x̂_r = Σ_j x_j e^{−2πi ξ_r j/n}}, {@code ξ = 0..k−1, −k..−1}, on complex
     * vectors held as {@code [..., n, 2]} and viewed as rows of {@code 2n} reals: a real {@code [2n, 4k]}
     * matrix (see {@link Spectral#cmatmul} for the 2×2 blocks).
     */
    static Tensor forwardFull(int n, int k, DType t) { return full("ff", n, k, t, -1, 1); }

    /** The full-axis synthesis {@code y_j = Σ_r ŷ_r e^{+2πi ξ_r j/n}/n}: a real {@code [4k, 2n]} matrix. */
    static Tensor inverseFull(int n, int k, DType t) { return full("if", n, k, t, 1, 1.0 / n); }

    /**
     * The real block form of the complex matrix {@code M} (entries {@code scale·e^{sign·iθ}}), so that a
     * row {@code (z_r, z_i)} per entry times the block {@code [[M_r, M_i], [−M_i, M_r]]} is {@code z·M}.
     * Forward: {@code M: [n, 2k]}; inverse: {@code M: [2k, n]}.
     */
    private static Tensor full(String kind, int n, int k, DType t, int sign, double scale) {
        return CACHE.computeIfAbsent(new Key(kind, n, k, t), key -> {
            boolean analysis = sign < 0;
            int rows = analysis ? n : 2 * k, cols = analysis ? 2 * k : n;
            double[] m = new double[4 * rows * cols];
            for (int r = 0; r < 2 * k; r++) {
                int f = r < k ? r : r - 2 * k;
                for (int j = 0; j < n; j++) {
                    double th = angle(f, j, n), re = scale * Math.cos(th), im = sign * scale * Math.sin(th);
                    int row = analysis ? j : r, col = analysis ? r : j;
                    m[(2 * row) * 2 * cols + 2 * col] = re;
                    m[(2 * row) * 2 * cols + 2 * col + 1] = im;
                    m[(2 * row + 1) * 2 * cols + 2 * col] = -im;
                    m[(2 * row + 1) * 2 * cols + 2 * col + 1] = re;
                }
            }
            return Tensor.constant(NDArray.of(t, new int[] {2 * rows, 2 * cols}, m));
        });
    }

    /** {@code 2πfj/n}, reduced first so the angle is exact for large {@code n}. */
    private static double angle(int f, int j, int n) { return 2 * Math.PI * Math.floorMod((long) f * j, n) / n; }
}
