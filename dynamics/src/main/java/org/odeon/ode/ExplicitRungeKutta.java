package org.odeon.ode;

/**
 * Fast form of an explicit Runge–Kutta method given by its {@link ButcherTableau}:
 * <pre>  k_i = f(t + c_i h, y + h Σ_{j&lt;i} a_ij k_j),   y ← y + h Σ_i b_i k_i.</pre>
 * Stages after the last non-zero weight (the FSAL stage of DOPRI5) are not evaluated.
 */
public final class ExplicitRungeKutta implements Stepper<VectorField> {
    private final ButcherTableau tableau;
    private final double[][] a;
    private final double[] b, c;
    private final int stages;
    private double[][] k = new double[0][0];
    private double[] stage = new double[0];

    public ExplicitRungeKutta(ButcherTableau tableau) {
        this.tableau = tableau;
        this.a = tableau.a();
        this.b = tableau.b();
        this.c = tableau.c();
        int last = b.length - 1;
        while (b[last] == 0) last--;
        this.stages = last + 1;
    }

    public static ExplicitRungeKutta euler() { return new ExplicitRungeKutta(ButcherTableau.EULER); }
    public static ExplicitRungeKutta heun() { return new ExplicitRungeKutta(ButcherTableau.HEUN); }
    public static ExplicitRungeKutta rk4() { return new ExplicitRungeKutta(ButcherTableau.RK4); }
    /** DOPRI5's order-5 method with fixed steps; see {@link EmbeddedRungeKutta} for adaptive steps. */
    public static ExplicitRungeKutta dormandPrince5() { return new ExplicitRungeKutta(ButcherTableau.DOPRI5); }

    public ButcherTableau tableau() { return tableau; }

    @Override public String name() { return tableau.name(); }

    @Override public int order() { return tableau.order(); }

    @Override
    public void step(VectorField f, double t, double h, double[] y) {
        int n = y.length;
        if (stage.length != n) {
            k = new double[stages][n];
            stage = new double[n];
        }
        for (int i = 0; i < stages; i++) {
            double[] ai = a[i];
            if (i == 0) {
                f.evaluate(t, y, k[0]);
                continue;
            }
            for (int m = 0; m < n; m++) {
                double s = 0;
                for (int j = 0; j < i; j++) s += ai[j] * k[j][m];
                stage[m] = y[m] + h * s;
            }
            f.evaluate(t + c[i] * h, stage, k[i]);
        }
        for (int m = 0; m < n; m++) {
            double s = 0;
            for (int i = 0; i < stages; i++) s += b[i] * k[i][m];
            y[m] += h * s;
        }
    }
}
