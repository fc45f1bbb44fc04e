package org.odeon.ode;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/**
 * Differentiable form of the implicit midpoint rule {@code y_{n+1} = y_n + h f(t_n + h/2, Y)},
 * {@code Y = (y_n + y_{n+1})/2}. The stage equation {@code Y = y_n + (h/2) f(Y)} is solved by
 * fixed-point iteration without recording until the update is below the tolerance; then
 * recorded iterations from the converged stage carry the derivative. Each recorded iteration
 * contracts the derivative error by the observed contraction factor ρ of the iteration, so
 * {@code ⌈log tol / log ρ⌉} of them give the implicit-function derivative to the tolerance.
 */
public final class TensorImplicitMidpoint implements TensorStepper<TensorField> {
    private final double tol;
    private final int maxIterations;

    /** Tolerance 1e-15 (relative), at most 200 iterations. */
    public TensorImplicitMidpoint() { this(1e-15, 200); }

    public TensorImplicitMidpoint(double tolerance, int maxIterations) {
        if (!(tolerance > 0) || maxIterations < 1)
            throw new IllegalArgumentException("need tolerance > 0 and maxIterations ≥ 1, got " + tolerance + ", " + maxIterations);
        this.tol = tolerance;
        this.maxIterations = maxIterations;
    }

    @Override public String name() { return "ImplicitMidpoint"; }

    @Override public int order() { return 2; }

    @Override
    public Tensor step(TensorField f, double t, double h, Tensor y) {
        double tm = t + h / 2, rho = 0;
        Tensor stage;
        try (var _ = GradMode.off()) {
            Tensor y0 = y.detach();
            stage = y0;
            double previous = Double.NaN;
            for (int it = 1; ; it++) {
                Tensor next = y0.add(f.evaluate(tm, stage).mul(h / 2));
                double change = maxAbsDifference(next.value(), stage.value());
                if (it > 1 && previous > 0) rho = Math.max(rho, change / previous);
                previous = change;
                stage = next;
                if (change <= tol * (1 + maxAbs(next.value()))) break;
                if (it == maxIterations || !Double.isFinite(change))
                    throw new IllegalStateException(name() + ": fixed-point iteration did not converge in " + maxIterations
                            + " iterations at t = " + t + " (h = " + h + ", last change " + change + "); reduce h");
            }
        }
        int recorded = rho <= 0 ? 2 : (int) Math.min(maxIterations, Math.ceil(Math.log(tol) / Math.log(Math.min(rho, 0.99))) + 1);
        for (int it = 0; it < recorded; it++) stage = y.add(f.evaluate(tm, stage).mul(h / 2));
        return stage.mul(2).sub(y);
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
