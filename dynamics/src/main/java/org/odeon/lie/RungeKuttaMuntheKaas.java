package org.odeon.lie;

import org.odeon.ode.ButcherTableau;
import org.odeon.ode.Stepper;

/**
 * Runge–Kutta–Munthe-Kaas: a classical Runge–Kutta tableau applied in the Lie algebra,
 * <pre>  u_i = h Σ_{j&lt;i} a_ij k_j,   k_i = dexp⁻¹_{u_i}( ξ(t + c_i h, exp(u_i)·y_n) ),
 *   y_{n+1} = exp(h Σ_i b_i k_i)·y_n,</pre>
 * with {@code dexp⁻¹_u(w) = Σ_k (B_k/k!) ad_uᵏ(w) = w − ½[u, w] + (1/12)[u, [u, w]] − …}
 * truncated after {@code ad_u^{p−2}} (enough for order p). The iterate only moves by the group
 * action, so it stays on the manifold. With the Euler tableau this is Lie–Euler,
 * {@code y_{n+1} = exp(h ξ(y_n))·y_n}; with RK4 it is RKMK4.
 */
public final class RungeKuttaMuntheKaas implements Stepper<LieVectorField> {
    /** B_k / k! for k = 0 … 6. */
    static final double[] BERNOULLI_OVER_FACTORIAL = {1, -0.5, 1.0 / 12, 0, -1.0 / 720, 0, 1.0 / 30240};

    private final ButcherTableau tableau;
    private final String name;
    private final int dexpInvTerms;
    private double[][] k = new double[0][0];
    private double[] u = new double[0], y0 = new double[0], raw, term, next, point;

    public RungeKuttaMuntheKaas(String name, ButcherTableau tableau) {
        this.tableau = tableau;
        this.name = name;
        this.dexpInvTerms = dexpInvTerms(name, tableau);
    }

    /** Order p needs the {@code dexp⁻¹} series up to {@code ad_u^{p−2}}. */
    static int dexpInvTerms(String name, ButcherTableau tableau) {
        int terms = Math.max(0, tableau.order() - 2);
        if (terms >= BERNOULLI_OVER_FACTORIAL.length)
            throw new IllegalArgumentException(name + ": dexp⁻¹ series tabulated only up to order " + (BERNOULLI_OVER_FACTORIAL.length + 1));
        return terms;
    }

    public static RungeKuttaMuntheKaas lieEuler() { return new RungeKuttaMuntheKaas("LieEuler", ButcherTableau.EULER); }

    public static RungeKuttaMuntheKaas rkmk4() { return new RungeKuttaMuntheKaas("RKMK4", ButcherTableau.RK4); }

    @Override public String name() { return name; }

    @Override public int order() { return tableau.order(); }

    @Override
    public void step(LieVectorField f, double t, double h, double[] y) {
        HomogeneousSpace space = f.space();
        int s = tableau.stages(), m = space.algebraDimension(), n = y.length;
        if (u.length != m || y0.length != n) {
            k = new double[s][m];
            u = new double[m];
            raw = new double[m];
            term = new double[m];
            next = new double[m];
            y0 = new double[n];
            point = new double[n];
        }
        double[][] a = tableau.a();
        double[] b = tableau.b(), c = tableau.c();
        System.arraycopy(y, 0, y0, 0, n);
        for (int i = 0; i < s; i++) {
            boolean moved = false;
            for (int l = 0; l < m; l++) {
                double sum = 0;
                for (int j = 0; j < i; j++) sum += a[i][j] * k[j][l];
                u[l] = h * sum;
                moved |= u[l] != 0;
            }
            if (!moved) {
                f.generator(t + c[i] * h, y0, k[i]);
                continue;
            }
            space.expAct(u, 0, y0, 0, point, 0);
            f.generator(t + c[i] * h, point, raw);
            dexpInv(space, raw, k[i]);
        }
        for (int l = 0; l < m; l++) {
            double sum = 0;
            for (int i = 0; i < s; i++) sum += b[i] * k[i][l];
            u[l] = h * sum;
        }
        space.expAct(u, 0, y0, 0, y, 0);
    }

    /** out = Σ_{k ≤ q} (B_k/k!) ad_uᵏ(w), with u in {@link #u}. */
    private void dexpInv(HomogeneousSpace space, double[] w, double[] out) {
        int m = w.length;
        System.arraycopy(w, 0, out, 0, m);
        System.arraycopy(w, 0, term, 0, m);
        for (int p = 1; p <= dexpInvTerms; p++) {
            space.bracket(u, 0, term, 0, next, 0);
            double[] swap = term; term = next; next = swap;
            double coef = BERNOULLI_OVER_FACTORIAL[p];
            if (coef != 0) for (int l = 0; l < m; l++) out[l] += coef * term[l];
        }
    }
}
