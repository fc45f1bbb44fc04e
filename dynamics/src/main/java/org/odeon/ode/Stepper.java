package org.odeon.ode;

/**
 * A one-step method {@code y_{n+1} = Φ_h(t_n, y_n)} for vector fields of type {@code F}.
 *
 * <p>Fast form: {@link #step} overwrites {@code y} in place and allocates nothing once its
 * workspace has been sized to the state (on the first step). A stepper therefore holds
 * mutable scratch space and must not be shared between threads.
 *
 * @param <F> the kind of vector field the method needs (any field, a separable Hamiltonian,
 *            a field on a Lie-group orbit ...)
 */
public interface Stepper<F extends VectorField> {

    /** Short name, e.g. {@code "RK4"}. */
    String name();

    /** Classical order {@code p}: the global error is {@code O(h^p)}. */
    int order();

    /** Advances {@code y} from {@code t} to {@code t + h} in place. */
    void step(F f, double t, double h, double[] y);

    /**
     * Advances {@code y} from {@code t0} to {@code t1} in place with equal steps no longer than
     * {@code |h|}, landing exactly on {@code t1}; returns the number of steps taken.
     */
    default int integrate(F f, double t0, double t1, double h, double[] y) {
        if (!(h > 0) || !Double.isFinite(h))
            throw new IllegalArgumentException("step size h must be positive and finite, got " + h);
        if (!Double.isFinite(t0) || !Double.isFinite(t1))
            throw new IllegalArgumentException("time interval must be finite, got [" + t0 + ", " + t1 + "]");
        double span = t1 - t0;
        // Tolerate round-off in span/h so that e.g. h = T/N gives exactly N steps.
        int n = Math.max(1, (int) Math.ceil(Math.abs(span) / h - 1e-9));
        double dt = span / n;
        for (int i = 0; i < n; i++) step(f, t0 + i * dt, dt, y);
        return n;
    }
}
