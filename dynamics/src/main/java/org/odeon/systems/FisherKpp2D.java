package org.odeon.systems;

import org.odeon.pde.Stencil;

/**
 * The Fisher–KPP equation {@code u_t = D Δu + r u (1 − u)} on a periodic {@code n × n} grid over
 * {@code [0, 1)²} (5-point Laplacian, method of lines): a front invading the unstable state 0.
 * Standard: n = 32, D = 0.001, r = 1, Gaussian bump of height 1 and width 0.1. No invariants.
 */
public final class FisherKpp2D implements OdeSystem {
    private final PeriodicGrid grid;
    private final double diffusivity, rate;
    private final Stencil laplacian;

    public FisherKpp2D(int n, double diffusivity, double rate) {
        if (!(diffusivity >= 0)) throw new IllegalArgumentException("FisherKPP2D: diffusivity must be non-negative, got " + diffusivity);
        this.grid = new PeriodicGrid(n, 1);
        this.diffusivity = diffusivity;
        this.rate = rate;
        this.laplacian = Stencil.laplacian5(grid.spacing()).scaled(diffusivity);
    }

    public static FisherKpp2D standard() { return new FisherKpp2D(32, 0.001, 1); }

    public int n() { return grid.n(); }
    public double diffusivity() { return diffusivity; }
    public double rate() { return rate; }

    @Override public String name() { return "FisherKPP2D"; }
    @Override public int dimension() { return grid.size(); }
    @Override public double[] initialState() { return grid.bump(1, 0.1); }

    /** A Gaussian bump of height {@code amplitude} and width {@code width} in the middle of the domain. */
    public double[] bump(double amplitude, double width) { return grid.bump(amplitude, width); }

    @Override
    public void evaluate(double t, double[] u, double[] d) {
        laplacian.apply(u, grid.n(), 1, d);
        for (int k = 0; k < d.length; k++) d[k] += rate * u[k] * (1 - u[k]);
    }
}
