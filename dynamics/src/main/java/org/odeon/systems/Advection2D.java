package org.odeon.systems;

import java.util.List;
import org.odeon.pde.Stencil;

/**
 * Linear advection {@code u_t + c·∇u = 0} on a periodic {@code n × n} grid over {@code [0, 1)²} by
 * central differences (method of lines). The difference operator is skew-symmetric, so both the
 * mass {@code ∫u} and the energy {@code ½∫u²} are conserved by the semi-discrete flow.
 * Standard: n = 32, c = (1, 0.5), Gaussian bump of width 0.1.
 */
public final class Advection2D implements OdeSystem {
    private final PeriodicGrid grid;
    private final double cx, cy;
    private final Stencil gradient;

    public Advection2D(int n, double cx, double cy) {
        this.grid = new PeriodicGrid(n, 1);
        this.cx = cx;
        this.cy = cy;
        this.gradient = Stencil.centred(cx, cy, grid.spacing());
    }

    public static Advection2D standard() { return new Advection2D(32, 1, 0.5); }

    public int n() { return grid.n(); }
    public double cx() { return cx; }
    public double cy() { return cy; }

    @Override public String name() { return "Advection2D"; }
    @Override public int dimension() { return grid.size(); }
    @Override public double[] initialState() { return grid.bump(1, 0.1); }

    @Override
    public List<Invariant> invariants() {
        return List.of(new Invariant("mass", grid::integral), new Invariant("energy", grid::halfSquareIntegral));
    }

    @Override
    public void evaluate(double t, double[] u, double[] d) { gradient.apply(u, grid.n(), 1, d); }
}
