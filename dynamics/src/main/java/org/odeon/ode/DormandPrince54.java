package org.odeon.ode;

/**
 * Dormand–Prince 5(4) with adaptive steps, error control and dense output.
 *
 * <p>Each step advances with the order-5 weights of {@link ButcherTableau#DOPRI5} and estimates
 * the local error by the difference with the embedded order-4 solution,
 * <pre>  err = sqrt( (1/n) Σ_i ( e_i / (atol + rtol·max(|y_i|, |y_i^new|)) )² ),</pre>
 * accepting the step when {@code err ≤ 1} and choosing the next step as
 * {@code h ← h · clamp(0.9 · err^{-1/5}, 0.2, 10)}. The last stage is reused as the first of the
 * next step (FSAL), so an accepted step costs six evaluations. Between the two ends of an
 * accepted step, Shampine's continuous extension of order 4 interpolates the solution.
 *
 * <p>Workspace is allocated once per state dimension; steps allocate nothing. Not thread-safe.
 */
public final class DormandPrince54 {

    /** Counts of one integration. */
    public record Statistics(int accepted, int rejected, int evaluations) {}

    /** The solution between the two ends of the step just accepted (valid only during the callback). */
    public interface DenseOutput {
        double tStart();
        double tEnd();
        /** Writes the interpolated state at {@code t ∈ [tStart, tEnd]} into {@code out}. */
        void at(double t, double[] out);
    }

    /** Receives every accepted step. */
    @FunctionalInterface
    public interface StepObserver {
        void accepted(DenseOutput step);
    }

    private static final double SAFETY = 0.9, MIN_FACTOR = 0.2, MAX_FACTOR = 10;

    private final double rtol, atol;
    private final int maxSteps;
    private final double[][] a;
    private final double[] b, c, bHat, d;
    private double[][] k = new double[0][0];
    private double[] yNew = new double[0], stage = new double[0], yOld = new double[0];
    private final Interpolant interpolant = new Interpolant();

    public DormandPrince54(double rtol, double atol) { this(rtol, atol, 10_000_000); }

    public DormandPrince54(double rtol, double atol, int maxSteps) {
        if (!(rtol >= 0) || !(atol >= 0) || rtol + atol == 0)
            throw new IllegalArgumentException("tolerances must be non-negative and not both zero, got rtol=" + rtol + ", atol=" + atol);
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        this.rtol = rtol;
        this.atol = atol;
        this.maxSteps = maxSteps;
        ButcherTableau tab = ButcherTableau.DOPRI5;
        a = tab.a(); b = tab.b(); c = tab.c(); bHat = tab.bHat(); d = tab.dense();
    }

    /** Advances {@code y} from {@code t0} to {@code t1} (either direction) in place. */
    public Statistics integrate(VectorField f, double t0, double t1, double[] y) {
        return integrate(f, t0, t1, y, null);
    }

    /**
     * Advances {@code y} from {@code t0} to {@code t1} in place, handing every accepted step to
     * {@code observer} (may be null).
     */
    public Statistics integrate(VectorField f, double t0, double t1, double[] y, StepObserver observer) {
        if (!Double.isFinite(t0) || !Double.isFinite(t1))
            throw new IllegalArgumentException("time interval must be finite, got [" + t0 + ", " + t1 + "]");
        int n = y.length;
        if (yNew.length != n) {
            k = new double[7][n];
            yNew = new double[n];
            stage = new double[n];
            yOld = new double[n];
        }
        if (t1 == t0) return new Statistics(0, 0, 0);
        double dir = Math.signum(t1 - t0);
        f.evaluate(t0, y, k[0]);
        int evaluations = 1;
        double h = dir * initialStep(f, t0, y, Math.abs(t1 - t0));
        evaluations++;
        double t = t0;
        int accepted = 0, rejected = 0;
        boolean lastRejected = false;
        while (dir * (t1 - t) > 0) {
            if (accepted + rejected >= maxSteps)
                throw new IllegalStateException("DOPRI5: more than " + maxSteps + " steps before reaching t1 = " + t1 + " (stopped at t = " + t + ")");
            if (Math.abs(h) <= 1e-14 * Math.max(1, Math.abs(t)))
                throw new IllegalStateException("DOPRI5: step size underflow at t = " + t + " (h = " + h + "); the problem may be stiff or singular");
            if (dir * (t + h - t1) > 0) h = t1 - t;
            double err = attempt(f, t, h, y);
            evaluations += 6;
            if (err <= 1) {
                System.arraycopy(y, 0, yOld, 0, n);
                System.arraycopy(yNew, 0, y, 0, n);
                double tNew = dir * (t1 - (t + h)) <= Math.abs(h) * 1e-12 ? t1 : t + h;
                if (observer != null) {
                    interpolant.set(t, tNew, h);
                    observer.accepted(interpolant);
                }
                double[] fsal = k[0]; k[0] = k[6]; k[6] = fsal;
                t = tNew;
                accepted++;
                double factor = err == 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, SAFETY * Math.pow(err, -0.2)));
                // Right after a rejection do not grow the step again (Hairer's rule).
                h *= lastRejected ? Math.min(1, factor) : factor;
                lastRejected = false;
            } else {
                rejected++;
                lastRejected = true;
                h *= Math.max(MIN_FACTOR, SAFETY * Math.pow(err, -0.2));
            }
        }
        return new Statistics(accepted, rejected, evaluations);
    }

    /**
     * Solves from {@code (t0, y0)} and returns the dense-output solution at the given times,
     * which must be monotone in the direction of integration starting at or after {@code t0}.
     */
    public double[][] sample(VectorField f, double t0, double[] y0, double[] times) {
        int m = times.length;
        double[][] out = new double[m][];
        if (m == 0) return out;
        double dir = Math.signum(times[m - 1] - t0);
        for (int i = 0; i < m; i++) {
            double prev = i == 0 ? t0 : times[i - 1];
            if (dir * (times[i] - prev) < 0)
                throw new IllegalArgumentException("sample times must be monotone from t0 = " + t0 + "; times[" + i + "] = " + times[i] + " comes after " + prev);
        }
        double[] y = y0.clone();
        int[] next = {0};
        while (next[0] < m && times[next[0]] == t0) out[next[0]++] = y0.clone();
        integrate(f, t0, times[m - 1], y, step -> {
            while (next[0] < m && dir * (times[next[0]] - step.tEnd()) <= 0) {
                double[] yi = new double[y0.length];
                step.at(times[next[0]], yi);
                out[next[0]++] = yi;
            }
        });
        while (next[0] < m) out[next[0]++] = y.clone();
        return out;
    }

    /** One trial step from {@code (t, y)} with {@code k[0] = f(t, y)}; returns the scaled error norm. */
    private double attempt(VectorField f, double t, double h, double[] y) {
        int n = y.length;
        for (int i = 1; i < 7; i++) {
            double[] ai = a[i];
            double[] target = i == 6 ? yNew : stage;
            for (int m = 0; m < n; m++) {
                double s = 0;
                for (int j = 0; j < i; j++) s += ai[j] * k[j][m];
                target[m] = y[m] + h * s;
            }
            f.evaluate(t + c[i] * h, target, k[i]);
        }
        double sum = 0;
        for (int m = 0; m < n; m++) {
            double e = 0;
            for (int i = 0; i < 7; i++) e += (b[i] - bHat[i]) * k[i][m];
            double scale = atol + rtol * Math.max(Math.abs(y[m]), Math.abs(yNew[m]));
            double r = h * e / scale;
            sum += r * r;
        }
        double err = Math.sqrt(sum / n);
        return Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
    }

    /** Hairer's starting-step heuristic from the sizes of y, f(y) and a first difference of f. */
    private double initialStep(VectorField f, double t0, double[] y, double span) {
        int n = y.length;
        double d0 = 0, d1 = 0;
        for (int m = 0; m < n; m++) {
            double sc = atol + rtol * Math.abs(y[m]);
            d0 += sq(y[m] / sc);
            d1 += sq(k[0][m] / sc);
        }
        d0 = Math.sqrt(d0 / n);
        d1 = Math.sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, span);
        for (int m = 0; m < n; m++) stage[m] = y[m] + h0 * k[0][m];
        f.evaluate(t0 + h0, stage, k[1]);
        double d2 = 0;
        for (int m = 0; m < n; m++) d2 += sq((k[1][m] - k[0][m]) / (atol + rtol * Math.abs(y[m])));
        d2 = Math.sqrt(d2 / n) / h0;
        double h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 0.2);
        return Math.min(Math.min(100 * h0, h1), span);
    }

    private static double sq(double x) { return x * x; }

    /** Shampine's dense output: y(t0 + θh) = y0 + θ(Δ + (1−θ)(r3 + θ(r4 + (1−θ) r5))). */
    private final class Interpolant implements DenseOutput {
        private double tStart, tEnd, h;

        void set(double tStart, double tEnd, double h) { this.tStart = tStart; this.tEnd = tEnd; this.h = h; }

        @Override public double tStart() { return tStart; }
        @Override public double tEnd() { return tEnd; }

        @Override
        public void at(double t, double[] out) {
            double theta = (t - tStart) / h, theta1 = 1 - theta;
            for (int m = 0; m < out.length; m++) {
                double delta = yNew[m] - yOld[m];
                double r3 = h * k[0][m] - delta;
                double r4 = delta - h * k[6][m] - r3;
                double r5 = 0;
                for (int i = 0; i < 7; i++) r5 += d[i] * k[i][m];
                r5 *= h;
                out[m] = yOld[m] + theta * (delta + theta1 * (r3 + theta * (r4 + theta1 * r5)));
            }
        }
    }
}
