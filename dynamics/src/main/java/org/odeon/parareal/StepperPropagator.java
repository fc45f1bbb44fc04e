package org.odeon.parareal;

import java.util.function.Supplier;
import org.odeon.ode.Stepper;
import org.odeon.ode.VectorField;

/**
 * A time-stepping propagator: {@code Φ_{t0→t1} = Φ_h^m} with {@code m = ⌈(t1 − t0)/h⌉} equal steps of
 * a one-step method (RK4 as fine propagator; one or a few steps of a cheap method as the classical
 * coarse propagator). Steps in place, so a fine solve allocates nothing.
 *
 * <p>The vector field is shared between copies and must therefore be immutable (every system of
 * the zoo used here is a record); the stepper, which holds stage scratch space, is per copy.
 */
public final class StepperPropagator implements Propagator {
    private final VectorField field;
    private final Supplier<? extends Stepper<VectorField>> steppers;
    private final Stepper<VectorField> stepper;
    private final double h;

    /** Steps of size at most {@code h}. */
    public StepperPropagator(VectorField field, Supplier<? extends Stepper<VectorField>> steppers, double h) {
        if (!(h > 0) || !Double.isFinite(h)) throw new IllegalArgumentException("step size must be positive and finite, got " + h);
        this.field = field;
        this.steppers = steppers;
        this.stepper = steppers.get();
        this.h = h;
    }

    public double stepSize() { return h; }

    @Override public String name() { return stepper.name() + "(h=" + (float) h + ")"; }

    @Override public void propagate(double t0, double[] y, double t1) { stepper.integrate(field, t0, y, t1, h); }

    @Override public Propagator copy() { return new StepperPropagator(field, steppers, h); }
}
