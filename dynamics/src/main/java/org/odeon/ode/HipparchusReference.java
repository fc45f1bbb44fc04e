package org.odeon.ode;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * Tight-tolerance reference solutions from Hipparchus' Dormand–Prince 8(5,3), the ground truth
 * for tests and experiments. Not a fast path: it allocates per step.
 */
public final class HipparchusReference {
    private final double rtol, atol;

    /** Relative and absolute tolerance of the step-size control. */
    public HipparchusReference(double rtol, double atol) {
        if (!(rtol > 0) || !(atol > 0))
            throw new IllegalArgumentException("tolerances must be positive, got rtol=" + rtol + ", atol=" + atol);
        this.rtol = rtol;
        this.atol = atol;
    }

    /** A reference at {@code rtol = atol = 1e-13}. */
    public static HipparchusReference tight() { return new HipparchusReference(1e-13, 1e-13); }

    /** The state at {@code t1} of the solution through {@code (t0, y0)}; {@code y0} is not modified. */
    public double[] solve(VectorField f, double t0, double[] y0, double t1) {
        if (t1 == t0) return y0.clone();
        double span = Math.abs(t1 - t0);
        var integrator = new DormandPrince853Integrator(span * 1e-12, span, atol, rtol);
        ODEStateAndDerivative end = integrator.integrate(asHipparchus(f, y0.length), new ODEState(t0, y0.clone()), t1);
        return end.getPrimaryState();
    }

    /**
     * The reference solution through {@code (t0, y0)} at each of {@code times} (monotone from
     * {@code t0}), integrating segment by segment so every sample meets the tolerance.
     */
    public double[][] trajectory(VectorField f, double t0, double[] y0, double[] times) {
        double[][] out = new double[times.length][];
        double t = t0;
        double[] y = y0.clone();
        for (int i = 0; i < times.length; i++) {
            if (i > 0 && Math.signum(times[i] - times[i - 1]) * Math.signum(times[i - 1] - t0) < 0)
                throw new IllegalArgumentException("times must be monotone from t0 = " + t0 + ", but times[" + i + "] = " + times[i] + " turns back");
            y = solve(f, t, y, times[i]);
            t = times[i];
            out[i] = y.clone();
        }
        return out;
    }

    private static OrdinaryDifferentialEquation asHipparchus(VectorField f, int n) {
        return new OrdinaryDifferentialEquation() {
            @Override public int getDimension() { return n; }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] dydt = new double[n];
                f.evaluate(t, y, dydt);
                return dydt;
            }
        };
    }
}
