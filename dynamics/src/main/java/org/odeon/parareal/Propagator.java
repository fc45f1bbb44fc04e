package org.odeon.parareal;

/**
 * An approximate flow map {@code y(t1) ≈ Φ_{t0→t1}(y(t0))}: the fine propagator F or the coarse
 * propagator G of Parareal.
 *
 * <p>A propagator may hold scratch space (a stepper's stages, a least-squares workspace, warm
 * starts), so it is not thread-safe; each worker gets its own {@link #copy()}.
 */
public interface Propagator {

    /** Short name for reports, e.g. {@code "RK4(h=0.01)"}. */
    String name();

    /** Advances {@code y} in place from {@code t0} to {@code t1}. */
    void propagate(double t0, double[] y, double t1);

    /** An independent propagator computing the same map, with its own scratch space. */
    Propagator copy();
}
