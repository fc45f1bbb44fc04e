package org.odeon.models.pixel;

import org.odeon.models.pixel.PixelNet.Shape;
import org.odeon.pde.PeriodicPde;
import org.odeon.pde.Stencil;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The paper's constructive result: weights with which a {@link PixelNet} <em>is</em> the explicit
 * finite-difference scheme {@code U ← U + (Δt/m)(L U + r U(1 − U))} of a {@link PeriodicPde}.
 *
 * <p><b>Linear fields</b> ({@code r = 0}, ReLU, two channels), by {@code x = relu(x) − relu(−x)}:
 * {@code K₁ = (L, −L)}, {@code b₁ = 0}, {@code K₂ = (δ, −δ)} give {@code F(U) = relu(LU) − relu(−LU) = LU},
 * exactly (one of the two terms is zero).
 *
 * <p><b>Fisher–KPP</b> (ReLU², ten channels, four used): with {@code β ≥ max|U|},
 * {@code ((U + β)² − (β − U)²)/(4β) = U} and {@code relu(U)² + relu(−U)² = U²}, so
 * {@code K₁ = (δ, −δ, δ, −δ)}, {@code b₁ = (β, β, 0, 0)},
 * {@code K₂ = ((L + rδ)/(4β), −(L + rδ)/(4β), −rδ, −rδ)}, {@code b₂ = 0} give
 * {@code F(U) = (L + r)U − rU²}, exact while {@code |U| ≤ β} on every sub-step.
 */
public final class ExactScheme {
    private ExactScheme() {}

    /**
     * A network reproducing {@code pde}'s {@code substeps}-step forward-Euler scheme over a step
     * {@code dt}; {@code bound} is β for a reaction term (ignored for linear fields).
     */
    public static PixelNet of(PeriodicPde pde, double dt, int substeps, double bound) {
        Stencil l = pde.operator();
        int kernel = 5;
        if (l.radius() > kernel / 2)
            throw new IllegalArgumentException("exact scheme: a radius-" + l.radius() + " stencil does not fit a " + kernel + "×" + kernel + " kernel");
        boolean linear = pde.rate() == 0;
        Shape shape = linear ? Shape.linear() : Shape.fisher();
        PixelNet net = new PixelNet(shape, dt, substeps, false, new Rng(0));
        int h = shape.hidden(), kk = kernel * kernel;
        double[] k1 = new double[h * kk], b1 = new double[h], k2 = new double[h * kk];
        Stencil delta = Stencil.of(0, 0, 0, 1);
        if (linear) {
            put(k1, 0, l, kernel);
            put(k1, 1, l.scaled(-1), kernel);
            put(k2, 0, delta, kernel);
            put(k2, 1, delta.scaled(-1), kernel);
        } else {
            if (!(bound > 0) || !Double.isFinite(bound)) throw new IllegalArgumentException("exact scheme: the bound β on |U| must be positive, got " + bound);
            double r = pde.rate();
            Stencil linearPart = l.plus(delta.scaled(r)).scaled(1 / (4 * bound));
            for (int c = 0; c < 4; c++) put(k1, c, delta.scaled(c % 2 == 0 ? 1 : -1), kernel);
            b1[0] = bound;
            b1[1] = bound;
            put(k2, 0, linearPart, kernel);
            put(k2, 1, linearPart.scaled(-1), kernel);
            put(k2, 2, delta.scaled(-r), kernel);
            put(k2, 3, delta.scaled(-r), kernel);
        }
        net.lift().weight().assign(NDArray.of(new int[] {h, 1, kernel, kernel}, k1));
        net.lift().bias().assign(NDArray.of(new int[] {h}, b1));
        net.readout().weight().assign(NDArray.of(new int[] {1, h, kernel, kernel}, k2));
        if (net.readout().bias() != null) net.readout().bias().assign(NDArray.zeros(DType.F64, 1));
        return net;
    }

    /** Writes stencil {@code s}, centred, into block {@code c} ({@code kernel²} values) of {@code w}. */
    private static void put(double[] w, int c, Stencil s, int kernel) {
        int mid = kernel / 2;
        for (int a = -s.radius(); a <= s.radius(); a++)
            for (int b = -s.radius(); b <= s.radius(); b++) w[c * kernel * kernel + (a + mid) * kernel + b + mid] = s.weight(a, b);
    }
}
