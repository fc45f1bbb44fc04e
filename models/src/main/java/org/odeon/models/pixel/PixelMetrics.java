package org.odeon.models.pixel;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/**
 * Rollouts of a {@link NextFrame} model and the paper's test figures: per step the mean squared
 * error, the relative error {@code ‖U_k − U_k^true‖/‖U_k^true‖} (averaged over initial conditions)
 * and the largest pointwise error; and the structural figures: norm drift and new extrema.
 */
public final class PixelMetrics {
    private PixelMetrics() {}

    /** Errors after each step {@code k = 1..K}. */
    public record Errors(double[] mse, double[] relative, double[] max) {
        public int steps() { return mse.length; }
    }

    /**
     * {@code U_0 = u0, U_{k+1} = Φ(U_k)} for {@code k < steps}, without a graph: the frames
     * {@code [N, 1, n, n]} up to {@code steps}, or up to the last finite one if the model blows up.
     */
    public static NDArray[] rollout(NextFrame model, NDArray u0, int steps) {
        NDArray[] out = new NDArray[steps + 1];
        out[0] = u0;
        try (GradMode g = GradMode.off()) {
            Tensor u = Tensor.constant(u0), start = u.norm(false, 1, 2, 3);
            for (int k = 1; k <= steps; k++) {
                u = model.next(u, start);
                if (!allFinite(u.value())) return java.util.Arrays.copyOf(out, k);
                out[k] = u.value();
            }
        }
        return out;
    }

    /** Errors of {@code predicted[k]} against {@code truth.frame(k)} for {@code k = 1..K}, K the shorter of the two. */
    public static Errors errors(NDArray[] predicted, PixelData truth) {
        int steps = Math.min(predicted.length - 1, truth.steps()), n2 = truth.n() * truth.n(), count = truth.count();
        double[] mse = new double[steps], rel = new double[steps], max = new double[steps];
        for (int k = 1; k <= steps; k++) {
            double[] p = predicted[k].data();
            double sq = 0, relSum = 0, worst = 0;
            for (int s = 0; s < count; s++) {
                double[] t = truth.frames()[s][k];
                double e2 = 0, t2 = 0;
                for (int i = 0; i < n2; i++) {
                    double d = p[s * n2 + i] - t[i];
                    e2 += d * d;
                    t2 += t[i] * t[i];
                    worst = Math.max(worst, Math.abs(d));
                }
                sq += e2;
                relSum += Math.sqrt(e2 / t2);
            }
            mse[k - 1] = sq / ((double) count * n2);
            rel[k - 1] = relSum / count;
            max[k - 1] = worst;
        }
        return new Errors(mse, rel, max);
    }

    /** {@code max_k max_s |‖U_k‖ − ‖U_0‖| / ‖U_0‖} over a rollout. */
    public static double normDrift(NDArray[] frames) {
        int count = frames[0].dim(0), m = frames[0].size() / count;
        double worst = 0;
        for (int s = 0; s < count; s++) {
            double n0 = norm(frames[0].data(), s * m, m);
            for (NDArray f : frames) worst = Math.max(worst, Math.abs(norm(f.data(), s * m, m) - n0) / n0);
        }
        return worst;
    }

    /**
     * {@code max_k max_s ‖U_k‖/‖U_0‖} over a rollout: how far a model's fields grow. Bounded
     * rollouts keep it of order one even where relative errors mean little (heat's reference decays
     * towards zero, so its relative error at step 100 divides by almost nothing).
     */
    public static double normGrowth(NDArray[] frames) {
        int count = frames[0].dim(0), m = frames[0].size() / count;
        double worst = 0;
        for (int s = 0; s < count; s++) {
            double n0 = norm(frames[0].data(), s * m, m);
            for (NDArray f : frames) worst = Math.max(worst, norm(f.data(), s * m, m) / n0);
        }
        return worst;
    }

    /**
     * New extrema over a rollout: {@code max_k max_s [max(0, max U_k − max U_0) + max(0, min U_0 − min U_k)]},
     * zero for a scheme with the discrete maximum principle.
     */
    public static double extremaDrift(NDArray[] frames) {
        int count = frames[0].dim(0), m = frames[0].size() / count;
        double worst = 0;
        for (int s = 0; s < count; s++) {
            double[] r0 = range(frames[0].data(), s * m, m);
            for (NDArray f : frames) {
                double[] r = range(f.data(), s * m, m);
                worst = Math.max(worst, Math.max(0, r[1] - r0[1]) + Math.max(0, r0[0] - r[0]));
            }
        }
        return worst;
    }

    private static double norm(double[] a, int from, int len) {
        double s = 0;
        for (int i = from; i < from + len; i++) s += a[i] * a[i];
        return Math.sqrt(s);
    }

    private static double[] range(double[] a, int from, int len) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + len; i++) { lo = Math.min(lo, a[i]); hi = Math.max(hi, a[i]); }
        return new double[] {lo, hi};
    }

    private static boolean allFinite(NDArray a) {
        for (double v : a.data()) if (!Double.isFinite(v)) return false;
        return true;
    }
}
