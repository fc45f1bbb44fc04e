package org.odeon.models.symplectic;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.tensor.DType;
import org.odeon.tensor.Rng;

/**
 * What a long rollout {@code z_0, …, z_N} (rows of {@code [N+1][2d]}) says about a one-step map: the energy
 * error {@code |H(z_n) − H(z_0)|}, whether it stays bounded ({@link #trend}), how far the rollout stays near a
 * reference, and how long it stays finite at all.
 */
public final class LongTime {
    private LongTime() {}

    /** States with a coordinate beyond this are taken to have blown up. */
    public static final double BLOWN_UP = 1e8;

    /**
     * The long-time numbers of one rollout, all over its {@link #finitePart}: the energy error series, its mean,
     * maximum and {@link #trend}, the number of finite steps, and the {@link #trajectoryError} against a reference.
     */
    public record Summary(double[][] finite, double[] energyError, double mean, double max, double trend, int finiteSteps, double trajectoryError) {}

    /** The {@link Summary} of {@code traj} for {@code sys} against {@code reference} (which may be shorter). */
    public static Summary summarise(HamiltonianSystem sys, double[][] traj, double[][] reference) {
        double[][] f = finitePart(traj);
        double[] err = energyError(sys, f);
        return new Summary(f, err, mean(err), max(err), trend(err), f.length - 1, trajectoryError(f, reference));
    }

    /** {@code |H(z_n) − H(z₀)|} for n = 1..N. */
    public static double[] energyError(HamiltonianSystem sys, double[][] traj) {
        double h0 = sys.energy(traj[0]);
        double[] out = new double[traj.length - 1];
        for (int k = 1; k < traj.length; k++) out[k - 1] = Math.abs(sys.energy(traj[k]) - h0);
        return out;
    }

    /**
     * Mean of the last tenth of {@code err} over the mean of its first tenth: about 1 for an error that stays
     * bounded, large for one that drifts (1 for an empty series).
     */
    public static double trend(double[] err) {
        if (err.length == 0) return 1;
        int m = Math.max(1, err.length / 10);
        double early = 0, late = 0;
        for (int i = 0; i < m; i++) { early += err[i]; late += err[err.length - 1 - i]; }
        return late / Math.max(early, 1e-300);
    }

    /** {@code max_n ‖z_n − z_ref(n)‖₂} over the steps both hold (n ≥ 1). */
    public static double trajectoryError(double[][] traj, double[][] reference) {
        double worst = 0;
        for (int k = 1; k < Math.min(traj.length, reference.length); k++) {
            double s = 0;
            for (int i = 0; i < reference[k].length; i++) s += (traj[k][i] - reference[k][i]) * (traj[k][i] - reference[k][i]);
            worst = Math.max(worst, Math.sqrt(s));
        }
        return worst;
    }

    /**
     * The states before the first one with a non-finite or huge ({@code |z| > }{@link #BLOWN_UP}) coordinate;
     * at least the initial state. A rollout that blew up is measured over this part.
     */
    public static double[][] finitePart(double[][] traj) {
        int n = 1;
        while (n < traj.length && Arrays.stream(traj[n]).allMatch(v -> Math.abs(v) <= BLOWN_UP)) n++;
        return n == traj.length ? traj : Arrays.copyOf(traj, n);
    }

    /**
     * How well a learned Hamiltonian {@code H_θ} recovers {@code H}: the RMS of {@code H_θ(z) − H(z)} about its
     * mean over {@code count} states uniform in {@code [−box, box]^{2d}} (a Hamiltonian is fixed only up to a
     * constant).
     */
    public static double hamiltonianError(UnaryOperator<Tensor> learned, KnownHamiltonian h, int dof, double box, int count, Rng rng) {
        try (var off = GradMode.off()) {
            Tensor z = Tensor.constant(rng.uniform(DType.F64, -box, box, count, 2 * dof));
            return centredRms(learned.apply(z).sub(h.energy(z)).value().toArray());
        }
    }

    /** The root mean square of {@code v} about its mean. */
    public static double centredRms(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    /** The mean (0 for an empty series). */
    public static double mean(double[] a) { double s = 0; for (double v : a) s += v; return a.length == 0 ? 0 : s / a.length; }

    /** The largest value, at least 0. */
    public static double max(double[] a) { double m = 0; for (double v : a) m = Math.max(m, v); return m; }
}
