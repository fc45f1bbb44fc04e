package org.odeon.systems;

import java.util.List;
import org.odeon.pde.Stencil;

/**
 * The heat equation {@code u_t = D Δu} on a periodic {@code n × n} grid over {@code [0, 1)²} by
 * the 5-point Laplacian (method of lines). The stencil's rows sum to zero, so the total heat
 * {@code ∫u} is conserved. Standard: n = 32, D = 0.01, Gaussian bump of width 0.1.
 */
public final class Heat2D implements OdeSystem {
    private final PeriodicGrid grid;
    private final double diffusivity;
    private final Stencil laplacian;

    public Heat2D(int n, double diffusivity) {
        if (!(diffusivity >= 0)) throw new IllegalArgumentException("Heat2D: diffusivity must be non-negative, got " + diffusivity);
        this.grid = new PeriodicGrid(n, 1);
        this.diffusivity = diffusivity;
        this.laplacian = Stencil.laplacian5(grid.spacing()).scaled(diffusivity);
    }

    public static Heat2D standard() { return new Heat2D(32, 0.01); }

    public int n() { return grid.n(); }
    public double diffusivity() { return diffusivity; }

    @Override public String name() { return "Heat2D"; }
    @Override public int dimension() { return grid.size(); }
    @Override public double[] initialState() { return grid.bump(1, 0.1); }

    @Override
    public List<Invariant> invariants() { return List.of(new Invariant("total heat", grid::integral)); }

    @Override
    public void evaluate(double t, double[] u, double[] d) { laplacian.apply(u, grid.n(), 1, d); }
}
