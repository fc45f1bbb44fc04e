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
    default int integrate(F f, double t0, double[] y, double t1, double h) {
        int n = steps(t0, t1, h);
        double dt = (t1 - t0) / n;
        for (int i = 0; i < n; i++) step(f, t0 + i * dt, dt, y);
        return n;
    }

    /**
     * The states {@code y_0 = y0, y_1, …, y_N} from {@code t0} to {@code t1} with equal steps no
     * longer than {@code |h|}, as rows; {@code y0} is not modified.
     */
    default double[][] trajectory(F f, double t0, double[] y0, double t1, double h) {
        int n = steps(t0, t1, h);
        double dt = (t1 - t0) / n;
        double[][] path = new double[n + 1][];
        double[] y = y0.clone();
        path[0] = y0.clone();
        for (int i = 0; i < n; i++) {
            step(f, t0 + i * dt, dt, y);
            path[i + 1] = y.clone();
        }
        return path;
    }

    /** The number of equal steps no longer than {@code h} that cover {@code [t0, t1]} (at least one). */
    static int steps(double t0, double t1, double h) {
        if (!(h > 0) || !Double.isFinite(h))
            throw new IllegalArgumentException("step size h must be positive and finite, got " + h);
        if (!Double.isFinite(t0) || !Double.isFinite(t1))
            throw new IllegalArgumentException("time interval must be finite, got [" + t0 + ", " + t1 + "]");
        // Tolerate round-off in span/h so that e.g. h = T/N gives exactly N steps.
        return Math.max(1, (int) Math.ceil(Math.abs(t1 - t0) / h - 1e-9));
    }
}
