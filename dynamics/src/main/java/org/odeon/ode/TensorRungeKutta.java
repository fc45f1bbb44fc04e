package org.odeon.ode;

import org.odeon.autograd.Tensor;

/**
 * Differentiable form of an explicit Runge–Kutta method, reading the same {@link ButcherTableau}
 * as {@link ExplicitRungeKutta}:
 * {@code k_i = f(t + c_i h, y + h Σ_{j<i} a_ij k_j)}, {@code y_{n+1} = y + h Σ_i b_i k_i}.
 */
public final class TensorRungeKutta implements TensorStepper<TensorField> {
    private final ButcherTableau tableau;

    public TensorRungeKutta(ButcherTableau tableau) { this.tableau = tableau; }

    public static TensorRungeKutta euler() { return new TensorRungeKutta(ButcherTableau.EULER); }
    public static TensorRungeKutta heun() { return new TensorRungeKutta(ButcherTableau.HEUN); }
    public static TensorRungeKutta rk4() { return new TensorRungeKutta(ButcherTableau.RK4); }
    public static TensorRungeKutta dormandPrince5() { return new TensorRungeKutta(ButcherTableau.DOPRI5); }

    @Override public String name() { return tableau.name(); }

    @Override public int order() { return tableau.order(); }

    @Override
    public Tensor step(TensorField f, double t, double h, Tensor y) {
        double[][] a = tableau.a();
        double[] b = tableau.b(), c = tableau.c();
        int s = b.length;
        while (b[s - 1] == 0) s--;  // the FSAL stage of DOPRI5 does not enter the update
        Tensor[] k = new Tensor[s];
        Tensor sum = null;
        for (int i = 0; i < s; i++) {
            Tensor stage = y;
            for (int j = 0; j < i; j++)
                if (a[i][j] != 0) stage = stage.add(k[j].mul(h * a[i][j]));
            k[i] = f.evaluate(t + c[i] * h, stage);
            if (b[i] != 0) sum = sum == null ? k[i].mul(b[i]) : sum.add(k[i].mul(b[i]));
        }
        return y.add(sum.mul(h));
    }
}
