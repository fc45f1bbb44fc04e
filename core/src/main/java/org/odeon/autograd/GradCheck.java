package org.odeon.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Compares autograd derivatives with central finite differences in float64.
 *
 * <p>First order: the gradient of {@code s(x) = ⟨w, f(x)⟩} for a random {@code w}. Second order:
 * the gradient of {@code q(x) = ⟨∇s(x), v⟩} for a random {@code v}, which exercises the backward
 * of every backward. Returns the largest error relative to {@code max(1, |reference|)}.
 */
public final class GradCheck {
    private GradCheck() {}

    public static double firstOrder(Function<List<Tensor>, Tensor> f, List<NDArray> inputs, long seed) {
        Random rnd = new Random(seed);
        NDArray w = random(f.apply(constants(inputs)).value(), rnd);
        Function<List<Tensor>, Tensor> s = xs -> f.apply(xs).mulConst(w).sum();
        return compare(s, inputs, 1e-6);
    }

    public static double secondOrder(Function<List<Tensor>, Tensor> f, List<NDArray> inputs, long seed) {
        Random rnd = new Random(seed);
        NDArray w = random(f.apply(constants(inputs)).value(), rnd);
        List<NDArray> vs = new ArrayList<>();
        for (NDArray x : inputs) vs.add(random(x, rnd));
        Function<List<Tensor>, Tensor> q = xs -> {
            Tensor s = f.apply(xs).mulConst(w).sum();
            List<Tensor> g = Autograd.grad(List.of(s), xs, null, true);
            Tensor acc = null;
            for (int i = 0; i < g.size(); i++) {
                Tensor t = g.get(i).mulConst(vs.get(i)).sum();
                acc = acc == null ? t : acc.add(t);
            }
            return acc;
        };
        return compare(q, inputs, 1e-5);
    }

    /** Autograd gradient of a scalar function against central differences with step {@code h}. */
    private static double compare(Function<List<Tensor>, Tensor> s, List<NDArray> inputs, double h) {
        List<Tensor> params = new ArrayList<>();
        for (NDArray x : inputs) params.add(Tensor.param(x.astype(DType.F64).copy()));
        List<Tensor> grads = Autograd.grad(List.of(s.apply(params)), params, null, false);
        double worst = 0;
        for (int k = 0; k < params.size(); k++) {
            double[] x = params.get(k).value().data();
            double[] g = grads.get(k).value().data();
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                x[i] = keep + h;
                double up = evaluate(s, params);
                x[i] = keep - h;
                double down = evaluate(s, params);
                x[i] = keep;
                double fd = (up - down) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1, Math.abs(fd)));
            }
        }
        return worst;
    }

    private static double evaluate(Function<List<Tensor>, Tensor> s, List<Tensor> params) {
        return s.apply(params).item();
    }

    private static List<Tensor> constants(List<NDArray> xs) { return xs.stream().map(Tensor::constant).toList(); }

    private static NDArray random(NDArray like, Random rnd) {
        double[] d = new double[like.size()];
        for (int i = 0; i < d.length; i++) d[i] = rnd.nextGaussian();
        return NDArray.of(DType.F64, like.shape(), d);
    }
}
