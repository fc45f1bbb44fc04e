package org.odeon.robust;

import java.util.List;
import java.util.function.UnaryOperator;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.Dataset;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Evasion attacks on a classifier {@code f} whose inputs live in {@code [0, 1]} (normalisation
 * belongs inside {@code f}, see {@link Normalize}). Each attack ascends the negative margin
 * {@code −m(x) = max_{j≠y} z_j − z_y} (see {@link Margins}), which is positive exactly when the
 * prediction is wrong:
 * <pre>
 *   FGSM     x' = clip(x + ε·sign ∇ₓ(−m))                                   (one L∞ step)
 *   L∞-PGD   x ← Π_{‖x − x₀‖∞ ≤ ε, [0,1]}(x + α·sign ∇ₓ(−m))
 *   L2-PGD   x ← Π_{‖x − x₀‖₂ ≤ ε, [0,1]}(x + α·∇ₓ(−m)/‖∇ₓ(−m)‖₂)
 * </pre>
 * PGD starts uniformly in the ε-ball (random start) and is repeated {@code restarts} times; a
 * point counts as broken if any restart misclassifies it, and the returned example is the one
 * with the lowest margin. The L2 projection onto the ball is followed by clipping to the box,
 * which keeps the example feasible (the box clip can only shorten the perturbation).
 */
public final class Attacks {
    private Attacks() {}

    public enum Norm { L2, LINF }

    /** The adversarial inputs and, per row, the margin {@code m} the model gives them. */
    public record Result(NDArray examples, NDArray margins) {
        /** Fraction of rows still correctly classified. */
        public double robustAccuracy() {
            return positive(margins) / (double) margins.size();
        }
    }

    public static Result fgsm(UnaryOperator<Tensor> f, NDArray x, NDArray labels, double eps) {
        NDArray g = gradient(f, x, labels);
        NDArray adv = x.add(g.sign().mul(eps)).clamp(0, 1);
        return new Result(adv, margins(f, adv, labels));
    }

    /**
     * Projected gradient descent in the ε-ball of {@code norm}, {@code steps} steps of size
     * {@code stepSize}, {@code restarts} random starts (at least 1).
     */
    public static Result pgd(UnaryOperator<Tensor> f, NDArray x, NDArray labels, Norm norm, double eps, int steps, double stepSize, int restarts, long seed) {
        if (restarts < 1 || steps < 0) throw new IllegalArgumentException("pgd needs restarts ≥ 1 and steps ≥ 0, got " + restarts + ", " + steps);
        NDArray x0 = x.astype(DType.F64);
        Rng rng = new Rng(seed);
        NDArray best = x0, bestMargin = margins(f, x0, labels);
        if (eps == 0) return new Result(best, bestMargin);
        for (int r = 0; r < restarts; r++) {
            NDArray adv = project(x0, x0.add(randomInBall(norm, x0.shape(), eps, rng)), norm, eps);
            for (int k = 0; k < steps; k++) {
                NDArray g = gradient(f, adv, labels);
                NDArray dir = norm == Norm.LINF ? g.sign() : Lipschitz.unitRows(g);
                adv = project(x0, adv.add(dir.mul(stepSize)), norm, eps);
            }
            NDArray m = margins(f, adv, labels);
            NDArray[] kept = keepWorst(best, bestMargin, adv, m);
            best = kept[0];
            bestMargin = kept[1];
        }
        return new Result(best, bestMargin);
    }

    /**
     * Robust accuracy: the fraction of {@code data} that {@link #pgd} leaves correctly classified (margin
     * {@code > 0}), attacked in consecutive chunks of {@code chunk} rows (a chunk starting at row {@code i}
     * draws its starts from {@code seed + i}). At {@code ε = 0} it is the clean accuracy.
     */
    public static double pgdAccuracy(UnaryOperator<Tensor> f, Dataset data, Norm norm, double eps, int steps, double stepSize, int restarts,
                                     long seed, int chunk) {
        if (eps == 0) return positive(margins(f, data.features(), data.labels())) / (double) data.size();
        int ok = 0, start = 0;
        for (Batch part : data.chunks(chunk)) {
            ok += positive(pgd(f, part.features(), part.labels(), norm, eps, steps, stepSize, restarts, seed + start).margins());
            start += part.size();
        }
        return ok / (double) data.size();
    }

    private static int positive(NDArray margins) {
        int ok = 0;
        for (double m : margins.data()) if (m > 0) ok++;
        return ok;
    }

    /** ∇ₓ(−m(x)) summed over rows (rows are independent). */
    static NDArray gradient(UnaryOperator<Tensor> f, NDArray x, NDArray labels) {
        Tensor t = Tensor.param(x.astype(DType.F64));
        Tensor loss = Margins.margin(f.apply(t), labels).sum().neg();
        return Autograd.grad(List.of(loss), List.of(t), null, false).get(0).value();
    }

    /** The margins {@code m(x)} of {@code f} at {@code x} (see {@link Margins}), without recording a graph. */
    public static NDArray margins(UnaryOperator<Tensor> f, NDArray x, NDArray labels) {
        try (var ng = GradMode.off()) { return Margins.margin(f.apply(Tensor.constant(x)), labels).value(); }
    }

    /** Onto {@code ‖a − x₀‖ ≤ ε} then into {@code [0, 1]}. */
    static NDArray project(NDArray x0, NDArray a, Norm norm, double eps) { return projectToBall(x0, a, norm, eps).clamp(0, 1); }

    /** Onto the ball {@code ‖a − x₀‖ ≤ ε} (per row for L2; element-wise for L∞), with no box. */
    public static NDArray projectToBall(NDArray x0, NDArray a, Norm norm, double eps) {
        NDArray d = a.sub(x0);
        if (norm == Norm.LINF) d = d.clamp(-eps, eps);
        else {
            int n = d.dim(0), m = d.size() / n;
            double[] v = d.toArray();
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) s += v[i * m + j] * v[i * m + j];
                double scale = Math.sqrt(s) > eps ? eps / Math.sqrt(s) : 1;
                for (int j = 0; j < m; j++) v[i * m + j] *= scale;
            }
            d = NDArray.of(DType.F64, d.shape(), v);
        }
        return x0.add(d);
    }

    /** Uniform in the L∞ ball; for L2, a uniform direction with radius ε·U^{1/dim} (uniform in the ball). */
    static NDArray randomInBall(Norm norm, int[] shape, double eps, Rng rng) {
        if (norm == Norm.LINF) return rng.uniform(DType.F64, -eps, eps, shape);
        NDArray dir = Lipschitz.unitRows(rng.normal(DType.F64, 0, 1, shape));
        int n = shape[0], m = dir.size() / n;
        double[] v = dir.toArray();
        for (int i = 0; i < n; i++) {
            double r = eps * Math.pow(rng.uniform(), 1.0 / m);
            for (int j = 0; j < m; j++) v[i * m + j] *= r;
        }
        return NDArray.of(DType.F64, shape, v);
    }

    /** Row-wise: the example with the lower margin. */
    static NDArray[] keepWorst(NDArray a, NDArray ma, NDArray b, NDArray mb) {
        int n = a.dim(0), m = a.size() / n;
        double[] out = a.toArray(), bd = b.data(), mo = ma.toArray(), mbd = mb.data();
        for (int i = 0; i < n; i++)
            if (mbd[i] < mo[i]) {
                mo[i] = mbd[i];
                System.arraycopy(bd, i * m, out, i * m, m);
            }
        return new NDArray[] {NDArray.of(DType.F64, a.shape(), out), NDArray.of(DType.F64, ma.shape(), mo)};
    }
}
