package org.odeon.robust;

import java.util.List;
import java.util.function.UnaryOperator;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Certified;
import org.odeon.nn.Module;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Lipschitz constants of whole models: a certified upper bound from the parameters, and an
 * empirical lower bound from an adversarial search over pairs of inputs.
 */
public final class Lipschitz {
    private Lipschitz() {}

    /**
     * An upper bound on the ℓ2 Lipschitz constant of {@code model}: its own certificate
     * ({@link Certified}; a {@link org.odeon.nn.Sequential} multiplies its layers'). Operator norms
     * inside come from {@link org.odeon.linalg.OperatorNorm} with tolerance {@code tol}.
     *
     * @throws IllegalArgumentException naming the first layer that has no certificate
     */
    public static double bound(Module model, double tol) { return Certified.of(model, tol); }

    /** Result of the pair search: the largest ratio found and the pair that reached it. */
    public record LowerBound(double ratio, NDArray x, NDArray y) {}

    /**
     * An empirical lower bound {@code max ‖f(x) − f(y)‖/‖x − y‖} by normalised gradient ascent on
     * the log-ratio, from every row of {@code starts} (paired with a point at distance
     * {@code spread} in a random direction), for {@code steps} steps of length
     * {@code lr·‖x − y‖/√(1 + k)} at step {@code k}.
     * {@code f} must act row-wise (no coupling across the batch).
     */
    public static LowerBound lowerBound(UnaryOperator<Tensor> f, NDArray starts, double spread, int steps, double lr, long seed) {
        Rng rng = new Rng(seed);
        NDArray x = starts.astype(DType.F64);
        NDArray y = x.add(unitRows(rng.normal(DType.F64, 0, 1, x.shape())).mul(spread));
        double best = 0;
        NDArray bx = null, by = null;
        for (int it = 0; it <= steps; it++) {
            Tensor tx = Tensor.param(x), ty = Tensor.param(y);
            Tensor num = rowNorms(f.apply(tx).sub(f.apply(ty)));
            Tensor den = rowNorms(tx.sub(ty));
            Tensor logRatio = num.log().sub(den.log());
            double[] r = logRatio.value().data();
            for (int i = 0; i < r.length; i++)
                if (Math.exp(r[i]) > best) { best = Math.exp(r[i]); bx = row(x, i); by = row(y, i); }
            if (it == steps) break;
            List<Tensor> g = Autograd.grad(List.of(logRatio.sum()), List.of(tx, ty), null, false);
            NDArray step = den.value().reshape(col(x)).mul(lr / Math.sqrt(1 + it));    // shrinking, so the ascent settles
            x = x.add(unitRows(g.get(0).value()).mul(step));
            y = y.add(unitRows(g.get(1).value()).mul(step));
        }
        return new LowerBound(best, bx, by);
    }

    /** ‖row‖ for each row of a batch, as {@code [N]}; zero rows stay differentiable-safe by a tiny floor. */
    static Tensor rowNorms(Tensor t) {
        Tensor flat = t.reshape(t.dim(0), t.size() / t.dim(0));
        return flat.square().sum(false, 1).add(1e-300).sqrt();
    }

    /** Each row scaled to unit ℓ2 norm (zero rows left at zero). */
    public static NDArray unitRows(NDArray a) {
        int n = a.dim(0), m = a.size() / n;
        double[] d = a.toArray();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) s += d[i * m + j] * d[i * m + j];
            double inv = s == 0 ? 0 : 1 / Math.sqrt(s);
            for (int j = 0; j < m; j++) d[i * m + j] *= inv;
        }
        return NDArray.of(DType.F64, a.shape(), d);
    }

    /** {@code [N, 1, 1, …]} matching the rank of {@code a}. */
    static int[] col(NDArray a) {
        int[] s = new int[a.rank()];
        java.util.Arrays.fill(s, 1);
        s[0] = a.dim(0);
        return s;
    }

    static NDArray row(NDArray a, int i) {
        int m = a.size() / a.dim(0);
        int[] s = a.shape();
        s[0] = 1;
        return NDArray.of(DType.F64, s, java.util.Arrays.copyOfRange(a.data(), i * m, (i + 1) * m));
    }
}
