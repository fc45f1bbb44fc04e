package org.odeon.parareal;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.netlib.util.intW;
import org.odeon.ode.SmoothVectorField;
import org.odeon.ode.VectorField;

/**
 * The random projection neural network (RPNN) coarse propagator of Betcke, Kreusser and Murari:
 * on a coarse interval {@code [t_n, t_n + ΔT]} the solution is sought as
 * <pre>  y(t) = y_n + (h(x) − h(0)) W,   x = (t − t_n)/ΔT,   h(x) = tanh(w x + b) ∈ ℝ^L,</pre>
 * with {@code L} random features {@code w_l, b_l ~ U(−1, 1)} drawn once and shared by all intervals,
 * and only the output weights {@code W ∈ ℝ^{L×d}} fitted. The ansatz meets the initial condition by
 * construction; {@code W} minimises the collocation residual at {@code n_x} points {@code x_i ∈ [0, 1]}
 * <pre>  r_i(W) = h'(x_i) W − ΔT f(t_i, y(t_i))      (the ODE y' = f multiplied by ΔT)</pre>
 * with the analytic Jacobian {@code ∂r_{i,a}/∂W_{l,b} = h'_l(x_i) δ_ab − ΔT (h_l(x_i) − h_l(0)) ∂f_a/∂y_b},
 * using the field's own {@code ∂f/∂y} when it is a {@link SmoothVectorField} and forward
 * differences otherwise. The propagator returns {@code y(t_n + ΔT) = y_n + (h(1) − h(0)) W}.
 *
 * <p>Two solvers. The dense linear algebra is EJML's: with {@code L·d} unknowns the systems are
 * small (15 × 15 for a 3-dimensional ODE), where netlib's pure-Java LAPACK spends tens to hundreds
 * of microseconds per factorisation on call overhead until the JIT has seen it thousands of times;
 * LAPACK's band LU serves banded PDE Jacobians, which EJML lacks.
 * <ul>
 * <li>Gauss–Newton, {@code W ← W − J⁺ r} with the least-squares solution operator
 *     {@code J⁺ = R⁻¹Qᵀ} (Householder QR; {@code J⁻¹} by LU when the collocation is square), in
 *     its simplified form: {@code J⁺} of the last Jacobian is kept and reused as long as each step
 *     cuts the residual at least tenfold; otherwise {@code J} is re-evaluated. A reused step is one
 *     small matrix–vector product, which is what makes warm starts cheap. For a semi-discretised
 *     PDE whose {@code ∂f/∂y} is banded (half-bandwidth {@code β}) and a square collocation
 *     ({@code n_x = L}), the unknowns are ordered component by component instead, which makes the
 *     Jacobian banded with half-bandwidth {@code (β + 1)L − 1}; its LU factors ({@code dgbtrf})
 *     take the place of {@code J⁺} and a step is a banded solve ({@code dgbtrs}).</li>
 * <li>Levenberg–Marquardt, {@code argmin_δ ‖J δ + r‖² + λ‖δ‖²} (QR of the stacked system), with
 *     a fresh Jacobian every iteration, λ divided by 10 after a successful step and multiplied by
 *     10 after a rejected one.</li>
 * </ul>
 *
 * <p>Warm start: a solve on an interval already seen (the same {@code t_n}, in an earlier Parareal
 * iteration) starts from the weights and {@code J⁺} found there, otherwise from those of the last
 * solve, extrapolated linearly from the two before when they were the preceding intervals. Since
 * consecutive Parareal iterates differ little, one chord step with the stored factors usually
 * meets the tolerance: it is the linearisation {@code G(U + ΔU) ≈ G(U) + G'(U) ΔU}.
 */
public final class RandomProjectionPropagator implements Propagator {
    private static final LAPACK LAPACK_ = JavaLAPACK.getInstance();

    /** Collocation nodes on {@code [0, 1]}, both including the end points. */
    public enum Nodes { UNIFORM, LOBATTO }

    public enum Method { GAUSS_NEWTON, LEVENBERG_MARQUARDT }

    /**
     * @param features          number of random features {@code L}
     * @param points            number of collocation points {@code n_x}, at least {@code L} so that
     *                          the least-squares problem is not under-determined
     * @param residualTolerance stop once {@code ‖r‖∞} is below this (the residual is in state units)
     * @param maxIterations     Gauss–Newton / LM iterations per solve at most
     * @param seed              seed of the random features
     * @param bandwidth         half-bandwidth {@code β} of {@code ∂f/∂y} ({@code ∂f_a/∂y_b = 0} for
     *                          {@code |a − b| > β}), or −1 for a dense Jacobian
     */
    public record Settings(int features, int points, Nodes nodes, Method method, double residualTolerance,
                           int maxIterations, long seed, int bandwidth) {
        public Settings {
            if (bandwidth < -1) throw new IllegalArgumentException("bandwidth must be −1 (dense) or non-negative, got " + bandwidth);
            if (bandwidth >= 0 && (points != features || method != Method.GAUSS_NEWTON))
                throw new IllegalArgumentException("a banded Jacobian needs Gauss–Newton on a square collocation (n_x = L), got n_x = "
                        + points + ", L = " + features + ", " + method);
            if (features < 1) throw new IllegalArgumentException("RPNN needs at least one feature, got " + features);
            if (points < features)
                throw new IllegalArgumentException("RPNN needs at least as many collocation points as features (" + features + "), got " + points);
            if (points < 2) throw new IllegalArgumentException("RPNN needs at least two collocation points, got " + points);
            if (!(residualTolerance > 0)) throw new IllegalArgumentException("residual tolerance must be positive, got " + residualTolerance);
            if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be positive, got " + maxIterations);
        }

        /** The paper's defaults: 5 features, 5 Lobatto points, Gauss–Newton; tolerance 1e-12. */
        public static Settings defaults() { return new Settings(5, 5, Nodes.LOBATTO, Method.GAUSS_NEWTON, 1e-12, 30, 1, -1); }

        public Settings withTolerance(double tol) { return new Settings(features, points, nodes, method, tol, maxIterations, seed, bandwidth); }

        public Settings withMethod(Method m) { return new Settings(features, points, nodes, m, residualTolerance, maxIterations, seed, bandwidth); }

        public Settings withBandwidth(int beta) { return new Settings(features, points, nodes, method, residualTolerance, maxIterations, seed, beta); }
    }

    /**
     * What is kept per interval for warm starts: the weights and the factors of a recent Jacobian,
     * {@code J⁺} (n × m, by columns) or, when banded, its LU band and pivots. Factors are never
     * changed once computed, so intervals share them until one refactorises.
     */
    private static final class Fit {
        final double[] weights;
        double[] factors;
        int[] pivots;
        double start, end;

        Fit(int n) { weights = new double[n]; }

        boolean factored() { return factors != null; }

        void copyFrom(Fit o) {
            System.arraycopy(o.weights, 0, weights, 0, weights.length);
            factors = o.factors;
            pivots = o.pivots;
        }
    }

    private final VectorField field;
    private final Settings settings;
    private final int L, nx;
    private final double[] x;          // collocation points in [0, 1]
    private final double[][] phi;      // phi[i][l] = h_l(x_i) − h_l(0)
    private final double[][] dphi;     // dphi[i][l] = h_l'(x_i)
    private final double[] phiEnd;     // h_l(1) − h_l(0)
    private final List<Fit> fits = new ArrayList<>();     // sorted by start time
    private int cursor;
    private Fit last, beforeLast;
    private int d = -1, halfBand, ldab;
    private double[] ys, fs, jac, r, band, step, trial, yPert, fPert;
    private DMatrixRMaj jacobian, inverse, identity, stacked, stackedRhs, delta;
    private LinearSolverDense<DMatrixRMaj> leastSquares, damped;
    private int lastIterations, totalIterations, solves, factorizations;
    private double lastResidual;

    public RandomProjectionPropagator(VectorField field, Settings settings) {
        this.field = field;
        this.settings = settings;
        this.L = settings.features();
        this.nx = settings.points();
        Random rng = new Random(settings.seed());
        double[] fw = new double[L], fb = new double[L];
        for (int l = 0; l < L; l++) fw[l] = 2 * rng.nextDouble() - 1;
        for (int l = 0; l < L; l++) fb[l] = 2 * rng.nextDouble() - 1;
        x = settings.nodes() == Nodes.UNIFORM ? uniform(nx) : lobatto(nx);
        phi = new double[nx][L];
        dphi = new double[nx][L];
        phiEnd = new double[L];
        for (int l = 0; l < L; l++) {
            double h0 = Math.tanh(fb[l]);
            for (int i = 0; i < nx; i++) {
                double hi = Math.tanh(fw[l] * x[i] + fb[l]);
                phi[i][l] = hi - h0;
                dphi[i][l] = fw[l] * (1 - hi * hi);
            }
            phiEnd[l] = Math.tanh(fw[l] + fb[l]) - h0;
        }
    }

    public RandomProjectionPropagator(VectorField field) { this(field, Settings.defaults()); }

    public Settings settings() { return settings; }

    /** Gauss–Newton / LM iterations of the last solve. */
    public int lastIterations() { return lastIterations; }

    /** Mean iterations per solve so far. */
    public double meanIterations() { return solves == 0 ? 0 : (double) totalIterations / solves; }

    /** Jacobian evaluations and factorisations so far. */
    public int factorizations() { return factorizations; }

    /** {@code ‖r‖∞} at the weights returned by the last solve. */
    public double lastResidual() { return lastResidual; }

    @Override public String name() { return "RPNN(L=" + L + ", n_x=" + nx + ", " + settings.nodes() + ", " + settings.method() + ")"; }

    /** A fresh propagator with the same features and no warm starts. */
    @Override public Propagator copy() { return new RandomProjectionPropagator(field, settings); }

    @Override
    public void propagate(double t0, double[] y, double t1) {
        if (y.length != d) allocate(y.length);
        Fit fit = find(t0);
        if (fit == null) {
            fit = new Fit(L * d);
            if (last != null) {
                fit.copyFrom(last);
                // A new interval right after two solved ones: extrapolate the weights linearly in time.
                if (beforeLast != null && last.end == t0 && beforeLast.end == last.start)
                    for (int q = 0; q < fit.weights.length; q++) fit.weights[q] += last.weights[q] - beforeLast.weights[q];
            }
            fit.start = t0;
            fit.end = t1;
            cursor = -(cursor + 1);
            fits.add(cursor, fit);
        }
        double dt = t1 - t0;
        if (settings.method() == Method.GAUSS_NEWTON) gaussNewton(y, t0, dt, fit);
        else levenbergMarquardt(y, t0, dt, fit);
        if (fit != last) {
            beforeLast = last;
            last = fit;
        }
        double[] w = fit.weights;
        for (int b = 0; b < d; b++) {
            double s = 0;
            for (int l = 0; l < L; l++) s += phiEnd[l] * w[l * d + b];
            y[b] += s;
        }
    }

    /**
     * The fit of the interval starting at {@code t0}, or null with {@code cursor} set to
     * {@code −(insertion point) − 1}. Sweeps go forward in time, so the interval after the last
     * one found is tried first.
     */
    private Fit find(double t0) {
        int next = cursor + 1;
        if (next >= 0 && next < fits.size() && fits.get(next).start == t0) return fits.get(cursor = next);
        int lo = 0, hi = fits.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            double s = fits.get(mid).start;
            if (s < t0) lo = mid + 1;
            else if (s > t0) hi = mid - 1;
            else return fits.get(cursor = mid);
        }
        cursor = -(lo + 1);
        return null;
    }

    private void gaussNewton(double[] y0, double t0, double dt, Fit fit) {
        int m = nx * d, n = L * d;
        double[] w = fit.weights;
        double res = residual(y0, t0, dt, w, false);
        boolean exact = false;     // J⁺ is that of J at the current W
        boolean refresh = !fit.factored();
        int it = 0;
        while (res > settings.residualTolerance() && it < settings.maxIterations()) {
            it++;
            if (refresh) {
                residual(y0, t0, dt, w, true);
                factor(fit, m, n);
                exact = true;
                refresh = false;
            }
            chordStep(fit, w, m, n);
            double trialRes = residual(y0, t0, dt, trial, false);
            if (trialRes < res) {
                System.arraycopy(trial, 0, w, 0, n);
                // A J⁺ that no longer cuts the residual tenfold per step is refreshed before the next.
                refresh = trialRes > 0.1 * res;
                res = trialRes;
                exact = false;
            } else if (exact) {
                break;      // even the exact Gauss–Newton step fails: the least-squares minimum is reached
            } else {
                refresh = true;
                residual(y0, t0, dt, w, false);
            }
        }
        finish(it, res);
    }

    private void levenbergMarquardt(double[] y0, double t0, double dt, Fit fit) {
        int m = nx * d, n = L * d;
        double[] w = fit.weights;
        double res = residual(y0, t0, dt, w, false);
        double lambda = 1e-3;
        int it = 0;
        while (res > settings.residualTolerance() && it < settings.maxIterations()) {
            it++;
            residual(y0, t0, dt, w, true);
            factorizations++;
            // min ‖A δ − r‖² + λ‖δ‖² as the least-squares problem [A; √λ I] δ = [r; 0].
            double s = Math.sqrt(lambda);
            Arrays.fill(stacked.data, 0);
            System.arraycopy(jacobian.data, 0, stacked.data, 0, m * n);
            for (int q = 0; q < n; q++) stacked.data[(m + q) * n + q] = s;
            Arrays.fill(stackedRhs.data, 0);
            System.arraycopy(r, 0, stackedRhs.data, 0, m);
            if (!damped.setA(stacked))
                throw new IllegalStateException("RPNN: Levenberg–Marquardt system is singular (λ = " + lambda + ")");
            damped.solve(stackedRhs, delta);
            for (int q = 0; q < n; q++) trial[q] = w[q] + delta.data[q];
            double trialRes = residual(y0, t0, dt, trial, false);
            if (trialRes < res) {
                System.arraycopy(trial, 0, w, 0, n);
                res = trialRes;
                lambda *= 0.1;
            } else {
                lambda *= 10;
                if (lambda > 1e12) break;
            }
        }
        fit.factors = null;
        finish(it, res);
    }

    private void finish(int iterations, double res) {
        lastIterations = iterations;
        totalIterations += iterations;
        solves++;
        lastResidual = res;
    }

    private boolean banded() { return settings.bandwidth() >= 0; }

    /** Factors of the Jacobian (held negated in {@code jacobian}, or in band form) into the fit. */
    private void factor(Fit fit, int m, int n) {
        boolean ok;
        if (banded()) {
            fit.factors = band.clone();
            fit.pivots = new int[n];
            intW info = new intW(0);
            LAPACK_.dgbtrf(n, n, halfBand, halfBand, fit.factors, ldab, fit.pivots, info);
            if (info.val < 0) throw new IllegalStateException("RPNN: LAPACK dgbtrf rejected argument " + (-info.val));
            ok = info.val == 0;
        } else if (m == n) {
            // Square collocation: J⁺ = J⁻¹ (LU), a third of the least-squares cost.
            ok = CommonOps_DDRM.invert(jacobian, inverse);
        } else {
            // J⁺ = R⁻¹Qᵀ: the QR least-squares solve of J X = I.
            ok = leastSquares.setA(jacobian.copy());
            if (ok) leastSquares.solve(identity, inverse);
        }
        if (!ok)
            throw new IllegalStateException("RPNN: collocation Jacobian is singular or rank deficient"
                    + "; use fewer features or more collocation points");
        if (!banded()) fit.factors = CommonOps_DDRM.transpose(inverse, null).data;
        factorizations++;
    }

    /** {@code trial = W + A⁺ r} with the fit's stored factors. */
    private void chordStep(Fit fit, double[] w, int m, int n) {
        if (banded()) {
            // Component-major order: residual (i, a) ↦ a·n_x + i, weight (l, b) ↦ b·L + l.
            for (int i = 0; i < nx; i++)
                for (int a = 0; a < d; a++) step[a * nx + i] = r[i * d + a];
            intW info = new intW(0);
            LAPACK_.dgbtrs("N", n, halfBand, halfBand, 1, fit.factors, ldab, fit.pivots, step, n, info);
            if (info.val != 0) throw new IllegalStateException("RPNN: LAPACK dgbtrs failed with info " + info.val);
            for (int l = 0; l < L; l++)
                for (int b = 0; b < d; b++) trial[l * d + b] = w[l * d + b] + step[b * L + l];
            return;
        }
        // A⁺ is stored by columns, so the product is a sum of independent axpys rather than n
        // dot products whose additions wait on each other.
        double[] p = fit.factors;
        System.arraycopy(w, 0, trial, 0, n);
        for (int c = 0; c < m; c++) {
            double rc = r[c];
            for (int q = 0, o = c * n; q < n; q++) trial[q] += p[o + q] * rc;
        }
    }

    /**
     * Evaluates r(W) into {@code r} and returns ‖r‖∞; with {@code withJacobian} also assembles
     * {@code A = −∂r/∂W} into {@code jacobian} (or the band), so that a step solves {@code A δ = r}.
     */
    private double residual(double[] y0, double t0, double dt, double[] weights, boolean withJacobian) {
        int n = L * d;
        double norm = 0;
        if (withJacobian && banded()) Arrays.fill(band, 0);
        for (int i = 0; i < nx; i++) {
            double[] ph = phi[i], dph = dphi[i];
            for (int b = 0; b < d; b++) {
                double s = y0[b];
                for (int l = 0; l < L; l++) s += ph[l] * weights[l * d + b];
                ys[b] = s;
            }
            double ti = t0 + x[i] * dt;
            field.evaluate(ti, ys, fs);
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int l = 0; l < L; l++) s += dph[l] * weights[l * d + a];
                double ri = s - dt * fs[a];
                r[i * d + a] = ri;
                norm = Math.max(norm, Math.abs(ri));
            }
            if (!withJacobian) continue;
            fieldJacobian(ti);
            if (banded()) {
                assembleBand(i, dt);
                continue;
            }
            double[] a_ = jacobian.data;
            for (int a = 0; a < d; a++) {
                int row = (i * d + a) * n;
                for (int l = 0; l < L; l++) {
                    double c = dt * ph[l];
                    for (int b = 0; b < d; b++) a_[row + l * d + b] = c * jac[a * d + b];
                    a_[row + l * d + a] -= dph[l];
                }
            }
        }
        return norm;
    }

    /**
     * Adds collocation point {@code i}'s rows of {@code −∂r/∂W} to the band (LAPACK band storage for
     * dgbtrf: entry (R, C) at {@code kl + ku + R − C + C·ldab}), in component-major order.
     */
    private void assembleBand(int i, double dt) {
        int beta = settings.bandwidth(), kk = 2 * halfBand;
        double[] ph = phi[i], dph = dphi[i];
        for (int a = 0; a < d; a++) {
            int row = a * nx + i;
            for (int b = Math.max(0, a - beta); b <= Math.min(d - 1, a + beta); b++) {
                double jab = dt * jac[a * d + b];
                for (int l = 0; l < L; l++) {
                    int col = b * L + l;
                    double v = jab * ph[l];
                    if (a == b) v -= dph[l];
                    band[kk + row - col + col * ldab] = v;
                }
            }
        }
    }

    /** ∂f/∂y at (ti, ys) into jac, exact or by forward differences around fs = f(ti, ys). */
    private void fieldJacobian(double ti) {
        if (field instanceof SmoothVectorField s) {
            s.jacobian(ti, ys, jac);
            return;
        }
        System.arraycopy(ys, 0, yPert, 0, d);
        for (int b = 0; b < d; b++) {
            double saved = yPert[b], h = 1.4901161193847656e-8 * Math.max(1, Math.abs(saved));
            yPert[b] = saved + h;
            field.evaluate(ti, yPert, fPert);
            yPert[b] = saved;
            for (int a = 0; a < d; a++) jac[a * d + b] = (fPert[a] - fs[a]) / h;
        }
    }

    private void allocate(int dim) {
        d = dim;
        int m = nx * d, n = L * d;
        ys = new double[d];
        fs = new double[d];
        yPert = new double[d];
        fPert = new double[d];
        jac = new double[d * d];
        r = new double[m];
        halfBand = (settings.bandwidth() + 1) * L - 1;
        ldab = 3 * halfBand + 1;
        step = new double[m];
        trial = new double[n];
        fits.clear();
        last = null;
        beforeLast = null;
        if (banded()) {
            band = new double[ldab * n];
            return;
        }
        jacobian = new DMatrixRMaj(m, n);
        inverse = new DMatrixRMaj(n, m);
        identity = CommonOps_DDRM.identity(m);
        leastSquares = LinearSolverFactory_DDRM.leastSquares(m, n);
        stacked = new DMatrixRMaj(m + n, n);
        stackedRhs = new DMatrixRMaj(m + n, 1);
        delta = new DMatrixRMaj(n, 1);
        damped = LinearSolverFactory_DDRM.leastSquares(m + n, n);
    }

    static double[] uniform(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (double) i / (n - 1);
        return x;
    }

    /** Gauss–Lobatto–Legendre nodes mapped to [0, 1]: the end points and the roots of P'_{n−1}. */
    static double[] lobatto(int n) {
        int N = n - 1;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double z = -Math.cos(Math.PI * i / N);    // Chebyshev–Lobatto guess, increasing
            if (i > 0 && i < N) {
                for (int it = 0; it < 100; it++) {
                    // P_N, P_{N−1} by the three-term recurrence; P'_N, P''_N from Legendre's equation.
                    double p0 = 1, p1 = z;
                    for (int k = 2; k <= N; k++) {
                        double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                        p0 = p1;
                        p1 = p2;
                    }
                    double dp = N * (z * p1 - p0) / (z * z - 1);
                    double d2p = (2 * z * dp - N * (N + 1) * p1) / (1 - z * z);
                    double dz = dp / d2p;
                    z -= dz;
                    if (Math.abs(dz) < 1e-16) break;
                }
            }
            x[i] = (z + 1) / 2;
        }
        return x;
    }
}
