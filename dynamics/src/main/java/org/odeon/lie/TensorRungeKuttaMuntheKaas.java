package org.odeon.lie;

import org.odeon.autograd.Tensor;
import org.odeon.ode.ButcherTableau;
import org.odeon.ode.TensorStepper;

/**
 * Differentiable form of {@link RungeKuttaMuntheKaas} (same tableau, same truncated
 * {@code dexp⁻¹} series), on batches of points:
 * {@code u_i = h Σ a_ij k_j}, {@code k_i = dexp⁻¹_{u_i} ξ(exp(u_i)·y)}, {@code y ← exp(h Σ b_i k_i)·y}.
 */
public final class TensorRungeKuttaMuntheKaas implements TensorStepper<TensorLieField> {
    private final String name;
    private final ButcherTableau tableau;
    private final int dexpInvTerms;

    public TensorRungeKuttaMuntheKaas(String name, ButcherTableau tableau) {
        this.name = name;
        this.tableau = tableau;
        this.dexpInvTerms = RungeKuttaMuntheKaas.dexpInvTerms(name, tableau);
    }

    public static TensorRungeKuttaMuntheKaas lieEuler() { return new TensorRungeKuttaMuntheKaas("LieEuler", ButcherTableau.EULER); }

    public static TensorRungeKuttaMuntheKaas rkmk4() { return new TensorRungeKuttaMuntheKaas("RKMK4", ButcherTableau.RK4); }

    @Override public String name() { return name; }

    @Override public int order() { return tableau.order(); }

    @Override
    public Tensor step(TensorLieField f, double t, double h, Tensor y) {
        TensorHomogeneousSpace space = f.space();
        double[][] a = tableau.a();
        double[] b = tableau.b(), c = tableau.c();
        int s = b.length;
        Tensor[] k = new Tensor[s];
        for (int i = 0; i < s; i++) {
            Tensor u = combination(a[i], k, i, h);
            k[i] = u == null ? f.generator(t + c[i] * h, y) : dexpInv(space, u, f.generator(t + c[i] * h, space.expAct(u, y)));
        }
        Tensor v = combination(b, k, s, h);
        return v == null ? y : space.expAct(v, y);
    }

    /** {@code h Σ_{j<m} w_j k_j}, or null when every weight is zero. */
    private static Tensor combination(double[] w, Tensor[] k, int m, double h) {
        Tensor sum = null;
        for (int j = 0; j < m; j++)
            if (w[j] != 0) sum = sum == null ? k[j].mul(h * w[j]) : sum.add(k[j].mul(h * w[j]));
        return sum;
    }

    private Tensor dexpInv(TensorHomogeneousSpace space, Tensor u, Tensor w) {
        Tensor out = w, term = w;
        for (int p = 1; p <= dexpInvTerms; p++) {
            term = space.bracket(u, term);
            double coef = RungeKuttaMuntheKaas.BERNOULLI_OVER_FACTORIAL[p];
            if (coef != 0) out = out.add(term.mul(coef));
        }
        return out;
    }
}
