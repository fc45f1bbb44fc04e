package org.odeon.ode;

import org.odeon.linalg.DenseLu;

/**
 * The one-stage implicit Runge–Kutta methods with {@code A = (θ)}, {@code b = (1)}, {@code c = (θ)}:
 * <pre>  Y = y_n + θ h f(t_n + θh, Y),   y_{n+1} = y_n + (Y − y_n) / θ.</pre>
 * The stage equation is solved by Newton's method on {@code G(Y) = Y − y_n − θh f(Y)} with
 * {@code G'(Y) = I − θh ∂f/∂y}, using the field's exact Jacobian when it is a
 * {@link SmoothVectorField} and forward differences otherwise, LU-factorised by {@link DenseLu};
 * iteration stops once {@code ‖ΔY‖∞ ≤ tol·(1 + ‖Y‖∞)}.
 */
abstract sealed class ImplicitOneStage implements Stepper<VectorField> permits ImplicitEuler, ImplicitMidpoint {
    private final double theta;
    private final double tol;
    private final int maxIterations;
    private double[] stage = new double[0], y0, fy, g, jac, lu, fPerturbed;
    private DenseLu solver;
    private int lastIterations;

    ImplicitOneStage(double theta, double tol, int maxIterations) {
        if (!(tol > 0)) throw new IllegalArgumentException("Newton tolerance must be positive, got " + tol);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be positive, got " + maxIterations);
        this.theta = theta;
        this.tol = tol;
        this.maxIterations = maxIterations;
    }

    /** Newton iterations used by the last step. */
    public int lastIterations() { return lastIterations; }

    @Override
    public void step(VectorField f, double t, double h, double[] y) {
        int n = y.length;
        if (stage.length != n) allocate(n);
        double ts = t + theta * h, th = theta * h;
        System.arraycopy(y, 0, y0, 0, n);
        // Explicit Euler predictor for the stage value.
        f.evaluate(t, y0, fy);
        for (int i = 0; i < n; i++) stage[i] = y0[i] + th * fy[i];
        for (int it = 1; ; it++) {
            f.evaluate(ts, stage, fy);
            for (int i = 0; i < n; i++) g[i] = stage[i] - y0[i] - th * fy[i];
            jacobian(f, ts, n);
            for (int i = 0; i < n * n; i++) lu[i] = -th * jac[i];
            for (int i = 0; i < n; i++) lu[i * n + i] += 1;
            if (!solver.factor(lu))
                throw new IllegalStateException(name() + ": Newton matrix I − θh·J is singular at t = " + ts + " (h = " + h + ")");
            solver.solve(g);
            double dmax = 0, ymax = 0;
            for (int i = 0; i < n; i++) {
                stage[i] -= g[i];
                dmax = Math.max(dmax, Math.abs(g[i]));
                ymax = Math.max(ymax, Math.abs(stage[i]));
            }
            if (Double.isFinite(dmax) && dmax <= tol * (1 + ymax)) {
                lastIterations = it;
                break;
            }
            if (it == maxIterations || !Double.isFinite(dmax))
                throw new IllegalStateException(name() + ": Newton did not converge in " + maxIterations
                        + " iterations at t = " + t + " (h = " + h + ", last update " + dmax + ")");
        }
        double inv = 1 / theta;
        for (int i = 0; i < n; i++) y[i] = y0[i] + inv * (stage[i] - y0[i]);
    }

    /** J = ∂f/∂y at the stage, exact if available, else by forward differences around fy = f(stage). */
    private void jacobian(VectorField f, double ts, int n) {
        if (f instanceof SmoothVectorField s) {
            s.jacobian(ts, stage, jac);
            return;
        }
        for (int j = 0; j < n; j++) {
            double saved = stage[j];
            double dj = 1.4901161193847656e-8 * Math.max(1, Math.abs(saved));
            stage[j] = saved + dj;
            f.evaluate(ts, stage, fPerturbed);
            stage[j] = saved;
            for (int i = 0; i < n; i++) jac[i * n + j] = (fPerturbed[i] - fy[i]) / dj;
        }
    }

    private void allocate(int n) {
        stage = new double[n];
        y0 = new double[n];
        fy = new double[n];
        g = new double[n];
        fPerturbed = new double[n];
        jac = new double[n * n];
        lu = new double[n * n];
        solver = new DenseLu(n);
    }
}
