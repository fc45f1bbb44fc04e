package org.odeon.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Shape;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, Algorithms 7.4 and 7.5) for a deterministic objective —
 * one fixed batch — over all parameters flattened into one vector {@code x}. One {@link #step}:
 * <pre>
 *   d = −H g          (two-loop recursion over the last m pairs s_i = x_{i+1} − x_i, y_i = g_{i+1} − g_i,
 *                       with H₀ = (sᵀy / yᵀy)·I from the newest pair)
 *   x ← x + α d       (α from a line search meeting the strong Wolfe conditions
 *                       f(x + αd) ≤ f + c₁α gᵀd  and  |∇f(x + αd)ᵀd| ≤ c₂|gᵀd|,  c₁ = 1e-4, c₂ = 0.9)
 * </pre>
 * The strong Wolfe curvature condition gives {@code sᵀy ≥ (c₂ − 1)α gᵀd > 0}, so every stored pair keeps H
 * positive definite and d a descent direction; the sufficient-decrease condition makes the accepted losses
 * strictly decrease. Suited to few parameters (the pixel networks have 50–270): a step costs
 * {@code O(m·n)} besides the one to a few objective evaluations of its line search.
 *
 * <p>The method's state — the pairs, and the loss and gradient at the current point (kept so that a step
 * costs no extra evaluation) — is exposed by {@link #state()} for checkpoints. The cached loss assumes the
 * objective does not change between steps; it is not for minibatches that change every step.
 * Parameters must be unconstrained (no projection runs after a step).
 */
public final class Lbfgs {
    private static final double C1 = 1e-4;
    private final List<Parameter> params;
    private final int n, memory, maxEvaluations;
    private final double c2;
    private final double[][] s, y;  // pairs, oldest first
    private int pairs;
    private long iterations, evaluations;
    private double loss = Double.NaN;  // f at the current point, NaN until evaluated
    private final double[] grad;

    /**
     * @param memory         m, the number of pairs kept (≥ 1)
     * @param maxEvaluations objective evaluations allowed in one line search (≥ 1)
     * @param curvature      c₂ of the strong Wolfe condition, in (c₁, 1) = (1e-4, 1): 0.9 accepts the quasi-Newton
     *                       step α = 1 almost always; a small c₂ makes the line search nearly exact (more evaluations
     *                       a step, fewer steps), under which L-BFGS with m ≥ n solves an n-dimensional quadratic in about n steps
     */
    public Lbfgs(Map<String, Parameter> params, int memory, int maxEvaluations, double curvature) {
        if (params.isEmpty()) throw new IllegalArgumentException("L-BFGS needs at least one parameter");
        if (memory < 1) throw new IllegalArgumentException("L-BFGS memory must be >= 1 pair, got " + memory);
        if (maxEvaluations < 1) throw new IllegalArgumentException("L-BFGS needs >= 1 evaluation per line search, got " + maxEvaluations);
        if (!(curvature > C1 && curvature < 1)) throw new IllegalArgumentException("L-BFGS curvature constant c2 must be in (" + C1 + ", 1), got " + curvature);
        this.c2 = curvature;
        this.params = List.copyOf(params.values());
        this.n = this.params.stream().mapToInt(Parameter::size).sum();
        this.memory = memory;
        this.maxEvaluations = maxEvaluations;
        this.s = new double[memory][n];
        this.y = new double[memory][n];
        this.grad = new double[n];
    }

    /** m = 10 pairs, 25 evaluations per line search, c₂ = 0.9. */
    public Lbfgs(Map<String, Parameter> params) { this(params, 10, 25, 0.9); }

    /** An objective of a flat vector: returns f(x) and writes ∇f(x) into {@code g}. */
    @FunctionalInterface
    public interface Function {
        double valueAndGradient(double[] x, double[] g);
    }

    /**
     * One iteration on the loss {@code objective} builds from the current parameters (the same loss each
     * call: one fixed batch); returns the loss at the new point. Leaves the parameters unmoved, and returns
     * the current loss, when the line search finds no decrease (a minimum to rounding, or a stall).
     */
    public double step(Supplier<Tensor> objective) {
        double[] x = flatten();
        double f = iterate(x, (z, g) -> {
            unflatten(z);
            for (Parameter p : params) p.zeroGrad();
            Tensor l = objective.get();
            l.backward();
            int at = 0;
            for (Parameter p : params) {
                NDArray pg = p.grad();
                if (pg == null) Arrays.fill(g, at, at + p.size(), 0);
                else System.arraycopy(pg.data(), 0, g, at, p.size());
                at += p.size();
            }
            return l.item();
        });
        unflatten(x);
        return f;
    }

    /** One iteration from {@code x} (updated in place) on {@code fn}; returns f at the new point. */
    public double iterate(double[] x, Function fn) {
        if (x.length != n) throw new IllegalArgumentException("L-BFGS over " + n + " unknowns got a vector of " + x.length);
        if (Double.isNaN(loss)) {
            loss = fn.valueAndGradient(x, grad);
            evaluations++;
        }
        if (!Double.isFinite(loss)) throw new IllegalArgumentException("L-BFGS: the objective is not finite (" + loss + ") at the current point");
        double[] d = direction();
        double slope = dot(grad, d);
        if (!(slope < 0)) {  // rounding made H g useless: restart from steepest descent
            pairs = 0;
            d = direction();
            slope = dot(grad, d);
            if (!(slope < 0)) return loss;  // g = 0
        }
        // First step (no curvature known): a unit move in the max norm; afterwards α = 1 is the quasi-Newton step.
        double a0 = pairs == 0 ? Math.min(1, 1 / Arrays.stream(d).map(Math::abs).max().orElse(1)) : 1;
        double[] xNew = new double[n], gNew = new double[n];
        double fNew = lineSearch(x, d, slope, a0, fn, xNew, gNew);
        if (Double.isNaN(fNew)) {
            if (pairs == 0) return loss;
            pairs = 0;  // a stale history misled the search; try again once from steepest descent
            return iterate(x, fn);
        }
        double[] sNew = new double[n], yNew = new double[n];
        for (int i = 0; i < n; i++) {
            sNew[i] = xNew[i] - x[i];
            yNew[i] = gNew[i] - grad[i];
        }
        if (dot(sNew, yNew) > 1e-12 * Math.sqrt(dot(sNew, sNew) * dot(yNew, yNew))) remember(sNew, yNew);
        System.arraycopy(xNew, 0, x, 0, n);
        System.arraycopy(gNew, 0, grad, 0, n);
        loss = fNew;
        iterations++;
        return loss;
    }

    /** d = −H g by the two-loop recursion. */
    private double[] direction() {
        double[] q = grad.clone(), alpha = new double[pairs], rho = new double[pairs];
        for (int i = pairs - 1; i >= 0; i--) {
            rho[i] = 1 / dot(y[i], s[i]);
            alpha[i] = rho[i] * dot(s[i], q);
            axpy(-alpha[i], y[i], q);
        }
        double gamma = pairs == 0 ? 1 : dot(s[pairs - 1], y[pairs - 1]) / dot(y[pairs - 1], y[pairs - 1]);
        for (int i = 0; i < n; i++) q[i] *= gamma;
        for (int i = 0; i < pairs; i++) axpy(alpha[i] - rho[i] * dot(y[i], q), s[i], q);
        for (int i = 0; i < n; i++) q[i] = -q[i];
        return q;
    }

    private void remember(double[] sNew, double[] yNew) {
        if (pairs == memory) {  // drop the oldest
            for (int i = 1; i < memory; i++) {
                System.arraycopy(s[i], 0, s[i - 1], 0, n);
                System.arraycopy(y[i], 0, y[i - 1], 0, n);
            }
            pairs--;
        }
        System.arraycopy(sNew, 0, s[pairs], 0, n);
        System.arraycopy(yNew, 0, y[pairs], 0, n);
        pairs++;
    }

    /**
     * A step length meeting the strong Wolfe conditions along {@code d} (Nocedal &amp; Wright, Algorithms 3.5
     * and 3.6, cubic interpolation in the zoom): writes the accepted point and its gradient into {@code xOut},
     * {@code gOut} and returns its loss; if the evaluations run out, the best point meeting sufficient decrease
     * found so far; NaN if there is none.
     */
    private double lineSearch(double[] x, double[] d, double slope0, double a0, Function fn, double[] xOut, double[] gOut) {
        double f0 = loss;
        double[] g = new double[n];
        double aPrev = 0, fPrev = f0, dPrev = slope0, a = a0;
        double bestF = Double.NaN;
        double aLo, fLo, dLo, aHi, fHi, dHi;
        int used = 0;
        while (true) {
            double f = evaluate(x, d, a, fn, g);
            used++;
            double da = dot(g, d);
            if (!(f <= f0 + C1 * a * slope0) || (used > 1 && f >= fPrev)) {
                aLo = aPrev; fLo = fPrev; dLo = dPrev; aHi = a; fHi = f; dHi = da;
                break;
            }
            keep(x, d, a, g, xOut, gOut);
            bestF = f;
            if (Math.abs(da) <= -c2 * slope0) return f;
            if (da >= 0) {
                aLo = a; fLo = f; dLo = da; aHi = aPrev; fHi = fPrev; dHi = dPrev;
                break;
            }
            if (used >= maxEvaluations) return bestF;
            // still descending steeply: extrapolate to the cubic's minimiser, kept within [1.1α, 10α]
            double next = cubicMinimiser(aPrev, fPrev, dPrev, a, f, da);
            aPrev = a; fPrev = f; dPrev = da;
            a = next >= 1.1 * a && next <= 10 * a ? next : 4 * a;
        }
        // zoom: aLo meets sufficient decrease and has the lowest loss so far; the minimiser lies between aLo and aHi
        while (used < maxEvaluations) {
            double lo = Math.min(aLo, aHi), hi = Math.max(aLo, aHi), width = hi - lo;
            if (width <= 1e-16 * Math.max(1, hi)) break;
            a = cubicMinimiser(aLo, fLo, dLo, aHi, fHi, dHi);
            if (!(a >= lo + 0.1 * width && a <= hi - 0.1 * width)) a = lo + 0.5 * width;  // safeguard: bisect
            double f = evaluate(x, d, a, fn, g);
            used++;
            double da = dot(g, d);
            if (!(f <= f0 + C1 * a * slope0) || f >= fLo) {
                aHi = a; fHi = f; dHi = da;
            } else {
                keep(x, d, a, g, xOut, gOut);
                bestF = f;
                if (Math.abs(da) <= -c2 * slope0) return f;
                if (da * (aHi - aLo) >= 0) {
                    aHi = aLo; fHi = fLo; dHi = dLo;
                }
                aLo = a; fLo = f; dLo = da;
            }
        }
        return bestF;
    }

    private double evaluate(double[] x, double[] d, double a, Function fn, double[] g) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = x[i] + a * d[i];
        evaluations++;
        double f = fn.valueAndGradient(z, g);
        return Double.isNaN(f) ? Double.POSITIVE_INFINITY : f;  // a NaN loss counts as too high: the search shrinks
    }

    private void keep(double[] x, double[] d, double a, double[] g, double[] xOut, double[] gOut) {
        for (int i = 0; i < n; i++) xOut[i] = x[i] + a * d[i];
        System.arraycopy(g, 0, gOut, 0, n);
    }

    /** The minimiser of the cubic through (a, fa, da), (b, fb, db); NaN if it has none. */
    private static double cubicMinimiser(double a, double fa, double da, double b, double fb, double db) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (!(disc >= 0) || !Double.isFinite(fb)) return Double.NaN;
        double d2 = Math.copySign(Math.sqrt(disc), b - a);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    // ------------------------------------------------------------------ parameters as one vector

    private double[] flatten() {
        double[] x = new double[n];
        int at = 0;
        for (Parameter p : params) {
            System.arraycopy(p.value().data(), 0, x, at, p.size());
            at += p.size();
        }
        return x;
    }

    private void unflatten(double[] x) {
        int at = 0;
        for (Parameter p : params) {
            p.assign(NDArray.of(DType.F64, p.shape(), Arrays.copyOfRange(x, at, at + p.size())).astype(p.dtype()));
            at += p.size();
        }
    }

    private static double dot(double[] a, double[] b) {
        double r = 0;
        for (int i = 0; i < a.length; i++) r += a[i] * b[i];
        return r;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    // ------------------------------------------------------------------ progress and state

    public long iterations() { return iterations; }

    /** Objective evaluations so far (each one forward and backward pass). */
    public long evaluations() { return evaluations; }

    /** Pairs currently stored. */
    public int pairs() { return pairs; }

    /**
     * A copy of the method state by name: {@code "iterations"}, {@code "evaluations"}, {@code "pairs"},
     * {@code "s"} and {@code "y"} ({@code [m, n]}, oldest first), {@code "loss"} (NaN before the first
     * evaluation) and {@code "grad"} ({@code [n]}) at the current point.
     */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("iterations", NDArray.scalar(iterations));
        out.put("evaluations", NDArray.scalar(evaluations));
        out.put("pairs", NDArray.scalar(pairs));
        out.put("s", NDArray.of(DType.F64, new int[] {memory, n}, flat(s)));
        out.put("y", NDArray.of(DType.F64, new int[] {memory, n}, flat(y)));
        out.put("loss", NDArray.scalar(loss));
        out.put("grad", NDArray.of(DType.F64, new int[] {n}, grad.clone()));
        return out;
    }

    /** Restores a state saved by {@link #state()} of an L-BFGS with the same memory on the same parameters. */
    public void loadState(Map<String, NDArray> state) {
        Map<String, NDArray> own = state();
        if (!own.keySet().equals(state.keySet())) throw new IllegalArgumentException("L-BFGS state has entries " + state.keySet() + "; expected " + own.keySet());
        for (Map.Entry<String, NDArray> e : own.entrySet())
            if (!Arrays.equals(state.get(e.getKey()).shape(), e.getValue().shape()))
                throw new IllegalArgumentException("L-BFGS state '" + e.getKey() + "': expected shape " + Shape.str(e.getValue().shape()) + ", got " + Shape.str(state.get(e.getKey()).shape()));
        double it = state.get("iterations").item(), ev = state.get("evaluations").item(), k = state.get("pairs").item();
        if (!(it >= 0 && it == Math.rint(it)) || !(ev >= 0 && ev == Math.rint(ev)) || !(k >= 0 && k <= memory && k == Math.rint(k)))
            throw new IllegalArgumentException("L-BFGS state: iterations, evaluations must be counts and pairs in [0, " + memory + "], got " + it + ", " + ev + ", " + k);
        iterations = (long) it;
        evaluations = (long) ev;
        pairs = (int) k;
        double[] sf = state.get("s").data(), yf = state.get("y").data();
        for (int i = 0; i < memory; i++) {
            System.arraycopy(sf, i * n, s[i], 0, n);
            System.arraycopy(yf, i * n, y[i], 0, n);
        }
        loss = state.get("loss").item();
        System.arraycopy(state.get("grad").data(), 0, grad, 0, n);
    }

    private static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }
}
