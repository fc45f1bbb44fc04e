package org.odeon.robust;

import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/**
 * Logit margins {@code m(x) = z_y − max_{j≠y} z_j} and the certificate built on them: if {@code f}
 * is {@code L}-Lipschitz in ℓ2, a perturbation of size ε changes {@code z_y − z_j} by at most
 * {@code √2·L·ε}, so the prediction cannot change when {@code m(x) > √2·L·ε}.
 */
public final class Margins {
    private Margins() {}

    /** {@code z_y − max_{j≠y} z_j} per row, differentiable; {@code labels} are class indices {@code [N]}. */
    public static Tensor margin(Tensor logits, NDArray labels) {
        int n = logits.dim(0), c = logits.dim(1);
        double[] y = labels.data(), onehot = new double[n * c], penalty = new double[n * c];
        for (int i = 0; i < n; i++) {
            int k = (int) y[i];
            if (k != y[i] || k < 0 || k >= c) throw new IllegalArgumentException("label " + y[i] + " at row " + i + " is not a class index in [0, " + c + ")");
            onehot[i * c + k] = 1;
            penalty[i * c + k] = Double.NEGATIVE_INFINITY;
        }
        int[] s = {n, c};
        Tensor trueLogit = logits.mulConst(NDArray.of(s, onehot)).sum(false, 1);
        Tensor others = logits.add(Tensor.constant(NDArray.of(s, penalty).astype(logits.dtype()))).max(1, false);
        return trueLogit.sub(others);
    }

    /** Fraction of rows certified at radius {@code eps}: {@code m(x) > √2·L·ε} (so also correctly classified). */
    public static double certifiedAccuracy(NDArray margins, double lipschitz, double eps) {
        double[] m = margins.data();
        double need = Math.sqrt(2) * lipschitz * eps;
        int ok = 0;
        for (double v : m) if (v > need && v > 0) ok++;
        return ok / (double) m.length;
    }

    /** Area under a curve {@code (x_i, y_i)} by the trapezoid rule. */
    public static double area(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("area: " + x.length + " abscissae for " + y.length + " values");
        double a = 0;
        for (int i = 1; i < x.length; i++) a += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return a;
    }
}
