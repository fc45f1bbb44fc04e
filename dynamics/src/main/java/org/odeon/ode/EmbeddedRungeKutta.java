package org.odeon.ode;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/**
 * An adaptive explicit Runge–Kutta integrator built from any {@link ButcherTableau} with embedded
 * weights, and a {@link StepSizeController} that chooses the steps.
 *
 * <p>Each trial step advances with the weights {@code b} and estimates its local error by the
 * difference with the embedded solution,
 * <pre>  err = sqrt( (1/n) Σ_i ( h Σ_j (b_j − b̂_j) k_j,i / (atol + rtol·max(|y_i|, |y_i^new|)) )² ),</pre>
 * accepts it when {@code err ≤ 1}, and multiplies the step by the controller's factor (after a
 * rejection the next accepted step does not grow again, Hairer's rule). A first-same-as-last
 * tableau (DOPRI5, BS3, Tsit5) reuses the last stage as the first of the next step. Between the
 * ends of an accepted step the solution is interpolated by the tableau's continuous extension
 * (DOPRI5: Shampine's, order 4) or else by the cubic Hermite interpolant of the two end values and
 * slopes.
 *
 * <p>Two forms share one step-size loop: the fast form advances a {@code double[]} in place and
 * allocates nothing per step (its workspace is sized once per dimension; not thread-safe); the
 * differentiable form ({@link #solve(TensorField, double, Tensor, double)}) builds every stage from
 * {@link Tensor} ops, so gradients flow through the accepted steps, with the step sizes chosen on
 * the values and held fixed (the derivative of the discrete solution that was computed).
 */
public final class EmbeddedRungeKutta {

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

    /** The end state of the differentiable form, the times of its accepted steps ({@code t0} first) and its counts. */
    public record Solution(Tensor y, double[] times, Statistics statistics) {}

    private final ButcherTableau tableau;
    private final StepSizeController controller;
    private final double rtol, atol;
    private final int maxSteps, stages, q;
    private final boolean fsal;
    private final double[][] a;
    private final double[] b, c, e, d;
    private double[][] k = new double[0][0];
    private double[] yNew = new double[0], stage = new double[0], yOld = new double[0], fEnd = new double[0];
    private final Interpolant interpolant = new Interpolant();

    public EmbeddedRungeKutta(ButcherTableau tableau, StepSizeController controller, double rtol, double atol) {
        this(tableau, controller, rtol, atol, 10_000_000);
    }

    public EmbeddedRungeKutta(ButcherTableau tableau, StepSizeController controller, double rtol, double atol, int maxSteps) {
        if (tableau.bHat() == null) throw new IllegalArgumentException(tableau.name() + " has no embedded weights; adaptive steps need an error estimate");
        if (!(rtol >= 0) || !(atol >= 0) || rtol + atol == 0)
            throw new IllegalArgumentException("tolerances must be non-negative and not both zero, got rtol=" + rtol + ", atol=" + atol);
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        this.tableau = tableau;
        this.controller = controller;
        this.rtol = rtol;
        this.atol = atol;
        this.maxSteps = maxSteps;
        stages = tableau.stages();
        q = tableau.errorOrder();
        fsal = tableau.firstSameAsLast();
        a = tableau.a();
        b = tableau.b();
        c = tableau.c();
        d = tableau.dense();
        e = new double[stages];
        for (int i = 0; i < stages; i++) e[i] = b[i] - tableau.bHat()[i];
    }

    /** Dormand–Prince 5(4) with the standard controller. */
    public static EmbeddedRungeKutta dormandPrince54(double rtol, double atol) {
        return new EmbeddedRungeKutta(ButcherTableau.DOPRI5, StepSizeController.standard(), rtol, atol);
    }

    public ButcherTableau tableau() { return tableau; }

    public StepSizeController controller() { return controller; }

    // ------------------------------------------------------------------ the step-size loop

    /** One trial step of the current state; {@link #attempt} returns its scaled error, {@link #accept} makes it the state. */
    private interface Trial {
        double attempt(double t, double h);

        void accept(double t, double tNew, double h, boolean last);
    }

    /** Drives {@code trial} from {@code t0} to {@code t1} starting with step {@code h}; returns {accepted, rejected}. */
    private int[] drive(double t0, double t1, double h, Trial trial) {
        double dir = Math.signum(t1 - t0), t = t0, previousErr = 1;
        int accepted = 0, rejected = 0;
        boolean lastRejected = false;
        while (dir * (t1 - t) > 0) {
            if (accepted + rejected >= maxSteps)
                throw new IllegalStateException(tableau.name() + ": more than " + maxSteps + " steps before reaching t1 = " + t1 + " (stopped at t = " + t + ")");
            if (Math.abs(h) <= 1e-14 * Math.max(1, Math.abs(t)))
                throw new IllegalStateException(tableau.name() + ": step size underflow at t = " + t + " (h = " + h + "); the problem may be stiff or singular");
            if (dir * (t + h - t1) > 0) h = t1 - t;
            double err = trial.attempt(t, h);
            double factor = controller.factor(err, previousErr, q);
            if (err <= 1) {
                double tNew = dir * (t1 - (t + h)) <= Math.abs(h) * 1e-12 ? t1 : t + h;
                trial.accept(t, tNew, h, tNew == t1);
                t = tNew;
                accepted++;
                h *= lastRejected ? Math.min(1, factor) : factor;
                lastRejected = false;
                previousErr = Math.max(err, 1e-4);  // a vanishing error must not freeze a PI controller's memory
            } else {
                rejected++;
                lastRejected = true;
                h *= factor;
            }
        }
        return new int[] {accepted, rejected};
    }

    /** Hairer's starting step from the sizes of y, f(y) and the difference quotient of f along f. */
    private double initialStep(double[] y, double[] f0, double span, java.util.function.DoubleFunction<double[]> slopeAfter) {
        int n = y.length;
        double d0 = 0, d1 = 0;
        for (int m = 0; m < n; m++) {
            double sc = atol + rtol * Math.abs(y[m]);
            d0 += sq(y[m] / sc);
            d1 += sq(f0[m] / sc);
        }
        d0 = Math.sqrt(d0 / n);
        d1 = Math.sqrt(d1 / n);
        double h0 = Math.min(d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1, span);
        double[] f1 = slopeAfter.apply(h0);
        double d2 = 0;
        for (int m = 0; m < n; m++) d2 += sq((f1[m] - f0[m]) / (atol + rtol * Math.abs(y[m])));
        d2 = Math.sqrt(d2 / n) / h0;
        double h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1.0 / tableau.order());
        return Math.min(Math.min(100 * h0, h1), span);
    }

    private static void checkInterval(double t0, double t1) {
        if (!Double.isFinite(t0) || !Double.isFinite(t1))
            throw new IllegalArgumentException("time interval must be finite, got [" + t0 + ", " + t1 + "]");
    }

    // ------------------------------------------------------------------ fast form

    /** Advances {@code y} from {@code t0} to {@code t1} (either direction) in place. */
    public Statistics integrate(VectorField f, double t0, double[] y, double t1) { return integrate(f, t0, y, t1, null); }

    /**
     * Advances {@code y} from {@code t0} to {@code t1} in place, handing every accepted step to
     * {@code observer} (may be null).
     */
    public Statistics integrate(VectorField f, double t0, double[] y, double t1, StepObserver observer) {
        checkInterval(t0, t1);
        int n = y.length;
        if (yNew.length != n) {
            k = new double[stages][n];
            yNew = new double[n];
            stage = new double[n];
            yOld = new double[n];
            fEnd = new double[n];
        }
        if (t1 == t0) return new Statistics(0, 0, 0);
        f.evaluate(t0, y, k[0]);
        double h = Math.signum(t1 - t0) * initialStep(y, k[0], Math.abs(t1 - t0), h0 -> {
            for (int m = 0; m < n; m++) stage[m] = y[m] + h0 * k[0][m];
            f.evaluate(t0 + h0, stage, k[1]);
            return k[1];
        });
        int[] evaluations = {2};
        int[] counts = drive(t0, t1, h, new Trial() {
            @Override public double attempt(double t, double h) {
                evaluations[0] += stages - 1;
                return trial(f, t, h, y);
            }

            @Override public void accept(double t, double tNew, double h, boolean last) {
                System.arraycopy(y, 0, yOld, 0, n);
                System.arraycopy(yNew, 0, y, 0, n);
                double[] slopeEnd = fsal ? k[stages - 1] : fEnd;
                if (!fsal && (observer != null || !last)) {
                    f.evaluate(tNew, y, fEnd);
                    evaluations[0]++;
                }
                if (observer != null) {
                    interpolant.set(t, tNew, h, slopeEnd);
                    observer.accepted(interpolant);
                }
                double[] first = k[0];
                k[0] = slopeEnd;
                if (fsal) k[stages - 1] = first; else fEnd = first;
            }
        });
        return new Statistics(counts[0], counts[1], evaluations[0]);
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
        integrate(f, t0, y, times[m - 1], step -> {
            while (next[0] < m && dir * (times[next[0]] - step.tEnd()) <= 0) {
                double[] yi = new double[y0.length];
                step.at(times[next[0]], yi);
                out[next[0]++] = yi;
            }
        });
        while (next[0] < m) out[next[0]++] = y.clone();
        return out;
    }

    /** One trial step from {@code (t, y)} with {@code k[0] = f(t, y)} into {@code yNew}; returns the scaled error. */
    private double trial(VectorField f, double t, double h, double[] y) {
        int n = y.length;
        for (int i = 1; i < stages; i++) {
            double[] ai = a[i];
            double[] target = fsal && i == stages - 1 ? yNew : stage;
            for (int m = 0; m < n; m++) {
                double s = 0;
                for (int j = 0; j < i; j++) s += ai[j] * k[j][m];
                target[m] = y[m] + h * s;
            }
            f.evaluate(t + c[i] * h, target, k[i]);
        }
        if (!fsal)
            for (int m = 0; m < n; m++) {
                double s = 0;
                for (int i = 0; i < stages; i++) s += b[i] * k[i][m];
                yNew[m] = y[m] + h * s;
            }
        double sum = 0;
        for (int m = 0; m < n; m++) {
            double em = 0;
            for (int i = 0; i < stages; i++) em += e[i] * k[i][m];
            sum += sq(h * em / (atol + rtol * Math.max(Math.abs(y[m]), Math.abs(yNew[m]))));
        }
        double err = Math.sqrt(sum / n);
        return Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
    }

    private static double sq(double x) { return x * x; }

    /**
     * {@code y(t₀ + θh) = y₀ + θ(Δ + (1−θ)(r₃ + θ(r₄ + (1−θ)r₅)))} with {@code Δ = y₁ − y₀},
     * {@code r₃ = h f₀ − Δ}, {@code r₄ = Δ − h f₁ − r₃}, {@code r₅ = h Σ d_i k_i}: Shampine's
     * extension for DOPRI5, the cubic Hermite interpolant when the tableau has none ({@code r₅ = 0}).
     */
    private final class Interpolant implements DenseOutput {
        private double tStart, tEnd, h;
        private double[] slopeEnd;

        void set(double tStart, double tEnd, double h, double[] slopeEnd) {
            this.tStart = tStart;
            this.tEnd = tEnd;
            this.h = h;
            this.slopeEnd = slopeEnd;
        }

        @Override public double tStart() { return tStart; }
        @Override public double tEnd() { return tEnd; }

        @Override
        public void at(double t, double[] out) {
            double theta = (t - tStart) / h, theta1 = 1 - theta;
            for (int m = 0; m < out.length; m++) {
                double delta = yNew[m] - yOld[m];
                double r3 = h * k[0][m] - delta;
                double r4 = delta - h * slopeEnd[m] - r3;
                double r5 = 0;
                if (d != null) {
                    for (int i = 0; i < stages; i++) r5 += d[i] * k[i][m];
                    r5 *= h;
                }
                out[m] = yOld[m] + theta * (delta + theta1 * (r3 + theta * (r4 + theta1 * r5)));
            }
        }
    }

    // ------------------------------------------------------------------ differentiable form

    /**
     * The solution at {@code t1} through {@code (t0, y0)} for a batch {@code y0} (the error norm is
     * taken over the whole batch, so all rows share one step sequence). Every stage is a
     * {@link Tensor} op, so the result differentiates, to any order, through the accepted steps
     * with respect to {@code y0} and whatever {@code f} closes over; the step sizes are chosen
     * from values and held fixed, so the gradient is that of the discrete solution computed.
     */
    public Solution solve(TensorField f, double t0, Tensor y0, double t1) {
        checkInterval(t0, t1);
        if (t1 == t0) return new Solution(y0, new double[] {t0}, new Statistics(0, 0, 0));
        Tensor[] state = {y0, f.evaluate(t0, y0)};   // y and f(t, y) at the current point
        double[] yv = y0.value().toArray(), f0 = state[1].value().toArray();
        double h;
        try (var ng = GradMode.off()) {
            h = Math.signum(t1 - t0) * initialStep(yv, f0, Math.abs(t1 - t0),
                    h0 -> f.evaluate(t0 + h0, y0.add(state[1].mul(h0))).value().toArray());
        }
        List<Double> times = new ArrayList<>(List.of(t0));
        int[] evaluations = {2};
        Tensor[] trial = new Tensor[2];              // the trial's y and, when FSAL, its last stage
        int[] counts = drive(t0, t1, h, new Trial() {
            @Override public double attempt(double t, double h) {
                evaluations[0] += stages - 1;
                Tensor y = state[0];
                Tensor[] ks = new Tensor[stages];
                ks[0] = state[1];
                Tensor yNext = null;
                for (int i = 1; i < stages; i++) {
                    Tensor st = combine(y, ks, a[i], i, h);
                    if (fsal && i == stages - 1) yNext = st;  // the last stage is the new state
                    ks[i] = f.evaluate(t + c[i] * h, st);
                }
                if (!fsal) yNext = combine(y, ks, b, stages, h);
                trial[0] = yNext;
                trial[1] = fsal ? ks[stages - 1] : null;
                return tensorError(y.value(), yNext.value(), ks, h);
            }

            @Override public void accept(double t, double tNew, double h, boolean last) {
                state[0] = trial[0];
                if (fsal) state[1] = trial[1];
                else if (!last) {
                    state[1] = f.evaluate(tNew, state[0]);
                    evaluations[0]++;
                }
                times.add(tNew);
            }
        });
        return new Solution(state[0], times.stream().mapToDouble(Double::doubleValue).toArray(), new Statistics(counts[0], counts[1], evaluations[0]));
    }

    /** {@code y + h Σ_{j<upTo} w_j k_j}, skipping zero weights. */
    private static Tensor combine(Tensor y, Tensor[] ks, double[] w, int upTo, double h) {
        Tensor sum = null;
        for (int j = 0; j < upTo; j++)
            if (w[j] != 0) sum = sum == null ? ks[j].mul(w[j]) : sum.add(ks[j].mul(w[j]));
        return sum == null ? y : y.add(sum.mul(h));
    }

    private double tensorError(NDArray y, NDArray yNext, Tensor[] ks, double h) {
        double[] yv = y.data(), nv = yNext.data();
        double[][] kv = new double[stages][];
        for (int i = 0; i < stages; i++) if (e[i] != 0) kv[i] = ks[i].value().data();
        double sum = 0;
        for (int m = 0; m < yv.length; m++) {
            double em = 0;
            for (int i = 0; i < stages; i++) if (e[i] != 0) em += e[i] * kv[i][m];
            sum += sq(h * em / (atol + rtol * Math.max(Math.abs(yv[m]), Math.abs(nv[m]))));
        }
        double err = Math.sqrt(sum / yv.length);
        return Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
    }
}
