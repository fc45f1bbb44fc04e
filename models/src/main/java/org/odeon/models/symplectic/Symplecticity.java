package org.odeon.models.symplectic;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.odeon.autograd.Functional;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The symplecticity defect {@code ‖JᵀΩJ − Ω‖_F} of a map {@code z ↦ Φ(z)} on {@code ℝ^{2d}} at a
 * point, with {@code J = DΦ(z)} and {@code Ω = [[0, I], [−I, 0]]}; zero exactly for symplectic maps.
 */
public final class Symplecticity {
    private Symplecticity() {}

    /**
     * The largest defect over {@code probes} standard normal points of {@code ℝ^n} drawn from
     * {@code rng}; {@code map} is asked once per probe, before its point is drawn (so a flow can
     * draw its time from the same {@code rng}).
     */
    public static double maxDefect(int n, int probes, Rng rng, Supplier<UnaryOperator<Tensor>> map) {
        double worst = 0;
        for (int k = 0; k < probes; k++) {
            UnaryOperator<Tensor> f = map.get();
            double[] z = new double[n];
            for (int i = 0; i < n; i++) z[i] = rng.normal();
            worst = Math.max(worst, defect(f, z));
        }
        return worst;
    }

    /** The defect at {@code z} of a map acting on batches {@code [1, 2d] → [1, 2d]}. */
    public static double defect(UnaryOperator<Tensor> map, double[] z) {
        int n = z.length;
        if (n % 2 != 0) throw new IllegalArgumentException("a phase-space point needs even length, got " + n);
        double[] jac = Functional.jacobian(map, Tensor.constant(NDArray.of(new int[] {1, n}, z.clone()))).toArray();
        int d = n / 2;
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;  // (JᵀΩJ)_ij = Σ_k J_ki (ΩJ)_kj, (ΩJ)_kj = J_{k+d,j} for k < d, −J_{k−d,j} otherwise
                for (int k = 0; k < d; k++) s += jac[k * n + i] * jac[(k + d) * n + j] - jac[(k + d) * n + i] * jac[k * n + j];
                double omega = j == i + d ? 1 : i == j + d ? -1 : 0;
                sum += (s - omega) * (s - omega);
            }
        return Math.sqrt(sum);
    }
}
