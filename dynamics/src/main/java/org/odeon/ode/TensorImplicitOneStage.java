package org.odeon.ode;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/**
 * Differentiable form of the one-stage implicit methods of {@link ImplicitEuler} (θ = 1) and
 * {@link ImplicitMidpoint} (θ = ½):
 * <pre>  Y = y_n + θ h f(t_n + θh, Y),   y_{n+1} = y_n + (Y − y_n) / θ.</pre>
 * The stage equation is solved by fixed-point iteration without recording until the update is
 * below the tolerance; then recorded iterations from the converged stage carry the derivative.
 * Each recorded iteration contracts the derivative error by the observed contraction factor ρ,
 * so {@code ⌈log tol / log ρ⌉} of them give the implicit-function derivative to the tolerance.
 * Fixed-point iteration needs {@code θh‖∂f/∂y‖ < 1}: this form suits training through
 * non-stiff steps; stiff problems belong to the Newton-based fast form.
 */
public final class TensorImplicitOneStage implements TensorStepper<TensorField> {
    private final String name;
    private final int order;
    private final double theta, tol;
    private final int maxIterations;

    private TensorImplicitOneStage(String name, int order, double theta, double tolerance, int maxIterations) {
        if (!(tolerance > 0) || maxIterations < 1)
            throw new IllegalArgumentException(name + ": need tolerance > 0 and maxIterations ≥ 1, got " + tolerance + ", " + maxIterations);
        this.name = name;
        this.order = order;
        this.theta = theta;
        this.tol = tolerance;
        this.maxIterations = maxIterations;
    }

    /** Implicit midpoint, tolerance 1e-15 (relative), at most 200 iterations. */
    public static TensorImplicitOneStage implicitMidpoint() { return implicitMidpoint(1e-15, 200); }

    public static TensorImplicitOneStage implicitMidpoint(double tolerance, int maxIterations) {
        return new TensorImplicitOneStage("ImplicitMidpoint", 2, 0.5, tolerance, maxIterations);
    }

    /** Implicit Euler, tolerance 1e-15 (relative), at most 200 iterations. */
    public static TensorImplicitOneStage implicitEuler() { return implicitEuler(1e-15, 200); }

    public static TensorImplicitOneStage implicitEuler(double tolerance, int maxIterations) {
        return new TensorImplicitOneStage("ImplicitEuler", 1, 1, tolerance, maxIterations);
    }

    @Override public String name() { return name; }

    @Override public int order() { return order; }

    @Override
    public Tensor step(TensorField f, double t, double h, Tensor y) {
        double ts = t + theta * h, th = theta * h, rho = 0;
        Tensor stage;
        try (var _ = GradMode.off()) {
            Tensor y0 = y.detach();
            stage = y0;
            double previous = Double.NaN;
            for (int it = 1; ; it++) {
                Tensor next = y0.add(f.evaluate(ts, stage).mul(th));
                double change = maxAbsDifference(next.value(), stage.value());
                if (it > 1 && previous > 0) rho = Math.max(rho, change / previous);
                previous = change;
                stage = next;
                if (Double.isFinite(change) && change <= tol * (1 + maxAbs(next.value()))) break;
                if (it == maxIterations || !Double.isFinite(change))
                    throw new IllegalStateException(name + ": fixed-point iteration did not converge in " + maxIterations
                            + " iterations at t = " + t + " (h = " + h + ", last change " + change + "); reduce h");
            }
        }
        int recorded = rho <= 0 ? 2 : (int) Math.min(maxIterations, Math.ceil(Math.log(tol) / Math.log(Math.min(rho, 0.99))) + 1);
        for (int it = 0; it < recorded; it++) stage = y.add(f.evaluate(ts, stage).mul(th));
        return theta == 1 ? stage : stage.sub(y).div(theta).add(y);
    }

    private static double maxAbs(NDArray a) {
        double m = 0;
        for (double v : a.data()) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static double maxAbsDifference(NDArray a, NDArray b) {
        double[] x = a.data(), z = b.data();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - z[i]));
        return m;
    }
}
