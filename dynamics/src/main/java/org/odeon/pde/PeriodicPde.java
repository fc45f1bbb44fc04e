package org.odeon.pde;

import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.ode.VectorField;

/**
 * A method-of-lines discretisation {@code du/dt = L u + r u (1 − u)} on a periodic {@code n × n} grid
 * over {@code [0, side)²}: {@code L} a difference {@link Stencil}, {@code r ≥ 0} a logistic
 * (Fisher–KPP) reaction rate, zero for the linear equations. Three equations of the pixel paper:
 * <ul>
 *   <li>linear advection {@code u_t + c·∇u = 0}, {@code L} upwind or centred;</li>
 *   <li>heat {@code u_t = α Δu}, {@code L} the 5- or 9-point Laplacian;</li>
 *   <li>Fisher–KPP {@code u_t = α Δu + r u (1 − u)}.</li>
 * </ul>
 * The field is a {@link VectorField}, so any stepper of {@code org.odeon.ode} advances it;
 * {@link #eulerStep} is the explicit scheme a pixel network reproduces exactly, and a fine
 * Runge–Kutta solve ({@link #advance}) makes the reference sequences the networks learn from.
 */
public final class PeriodicPde implements VectorField {
    /** Spatial schemes for advection. */
    public enum Advection { UPWIND, CENTRED }

    /** Laplacians. */
    public enum Laplacian { FIVE_POINT, NINE_POINT }

    private final String name;
    private final int n;
    private final double side;
    private final Stencil operator;
    private final double rate;

    public PeriodicPde(String name, int n, double side, Stencil operator, double rate) {
        if (n < 3 || n > 1 << 14) throw new IllegalArgumentException(name + ": grid needs 3 ≤ n ≤ 16384 points a side, got " + n);
        if (!(side > 0) || !Double.isFinite(side)) throw new IllegalArgumentException(name + ": side length must be positive, got " + side);
        if (n < operator.width()) throw new IllegalArgumentException(name + ": a " + operator.width() + "-wide stencil needs n ≥ " + operator.width() + ", got " + n);
        if (!(rate >= 0) || !Double.isFinite(rate)) throw new IllegalArgumentException(name + ": reaction rate must be ≥ 0 and finite, got " + rate);
        this.name = name;
        this.n = n;
        this.side = side;
        this.operator = operator;
        this.rate = rate;
    }

    /** {@code u_t + c·∇u = 0} on the unit square. */
    public static PeriodicPde advection(int n, double cx, double cy, Advection scheme) {
        double h = 1.0 / n;
        Stencil s = scheme == Advection.UPWIND ? Stencil.upwind(cx, cy, h) : Stencil.centred(cx, cy, h);
        return new PeriodicPde("advection-" + scheme.name().toLowerCase(), n, 1, s, 0);
    }

    /** {@code u_t = α Δu} on the unit square. */
    public static PeriodicPde heat(int n, double alpha, Laplacian lap) {
        return new PeriodicPde("heat", n, 1, laplacian(n, alpha, lap), 0);
    }

    /** {@code u_t = α Δu + r u (1 − u)} on the unit square. */
    public static PeriodicPde fisher(int n, double alpha, double rate, Laplacian lap) {
        return new PeriodicPde("fisher", n, 1, laplacian(n, alpha, lap), rate);
    }

    private static Stencil laplacian(int n, double alpha, Laplacian lap) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("diffusivity must be ≥ 0 and finite, got " + alpha);
        double h = 1.0 / n;
        return (lap == Laplacian.FIVE_POINT ? Stencil.laplacian5(h) : Stencil.laplacian9(h)).scaled(alpha);
    }

    public String name() { return name; }
    public int n() { return n; }
    public double side() { return side; }
    public double spacing() { return side / n; }
    /** The linear part {@code L} (coefficients included). */
    public Stencil operator() { return operator; }
    /** The logistic rate {@code r}; zero for a linear equation. */
    public double rate() { return rate; }

    @Override
    public void evaluate(double t, double[] u, double[] dudt) {
        operator.apply(u, n, 1, dudt);
        if (rate != 0) for (int k = 0; k < u.length; k++) dudt[k] += rate * u[k] * (1 - u[k]);
    }

    /** Advances {@code u} in place by {@code substeps} forward-Euler steps of size {@code dt/substeps}. */
    public void eulerStep(double[] u, double dt, int substeps) { advance(ExplicitRungeKutta.euler(), u, dt, substeps); }

    /** Advances {@code u} in place by {@code dt} in {@code substeps} equal steps of {@code method}. */
    public void advance(ExplicitRungeKutta method, double[] u, double dt, int substeps) {
        if (u.length != n * n) throw new IllegalArgumentException(name + ": state has " + u.length + " values, the grid " + n * n);
        if (substeps < 1) throw new IllegalArgumentException(name + ": substeps must be ≥ 1, got " + substeps);
        double h = dt / substeps;
        for (int s = 0; s < substeps; s++) method.step(this, s * h, h, u);
    }

    /**
     * The frames {@code u(0), u(dt), …, u(frames·dt)} from {@code u0} (not modified), each step
     * {@code dt} made of {@code substeps} steps of {@code method}.
     */
    public double[][] trajectory(double[] u0, double dt, int frames, ExplicitRungeKutta method, int substeps) {
        if (frames < 0) throw new IllegalArgumentException(name + ": frame count must be ≥ 0, got " + frames);
        double[][] out = new double[frames + 1][];
        double[] u = u0.clone();
        out[0] = u.clone();
        for (int f = 1; f <= frames; f++) {
            advance(method, u, dt, substeps);
            out[f] = u.clone();
        }
        return out;
    }
}
