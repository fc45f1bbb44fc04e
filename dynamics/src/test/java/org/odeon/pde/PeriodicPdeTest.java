package org.odeon.pde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.pde.PeriodicPde.Advection;
import org.odeon.pde.PeriodicPde.Laplacian;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The solvers converge to exact solutions at the order of their stencils. */
class PeriodicPdeTest {

    /** Max-norm errors on grids n, 2n, 4n and the observed orders log₂(e_n / e_2n). */
    private static double[] rates(int n, IntFunction<Double> errorOnGrid) {
        double[] e = new double[3], r = new double[2];
        for (int g = 0; g < 3; g++) e[g] = errorOnGrid.apply(n << g);
        for (int g = 0; g < 2; g++) r[g] = Math.log(e[g] / e[g + 1]) / Math.log(2);
        System.out.printf("errors %s, orders %s%n", java.util.Arrays.toString(e), java.util.Arrays.toString(r));
        return r;
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** Advection moves the profile: u(x, t) = u₀(x − c t); RK4 in time with Δt = h/4, so space dominates. */
    private static double advectionError(Advection scheme, int n) {
        double cx = 1, cy = 0.5, t = 0.25, sx = 0.3, sy = 0.1;
        PeriodicPde pde = PeriodicPde.advection(n, cx, cy, scheme);
        double[] u = InitialData.sinCos(n, 1, 1, sx, sy, 1, 0);
        int steps = 4 * n;
        pde.advance(ExplicitRungeKutta.rk4(), u, t, steps);
        return maxDiff(u, InitialData.sinCos(n, 1, 1, sx + cx * t, sy + cy * t, 1, 0));
    }

    @Test void upwindAdvectionIsFirstOrderTowardsTheShiftedProfile() {
        for (double r : rates(32, n -> advectionError(Advection.UPWIND, n))) assertEquals(1, r, 0.1);
    }

    @Test void centredAdvectionIsSecondOrderTowardsTheShiftedProfile() {
        for (double r : rates(16, n -> advectionError(Advection.CENTRED, n))) assertEquals(2, r, 0.1);
    }

    /** Heat: a Fourier mode decays as exp(−4π²α(k² + l²)t). */
    private static double heatError(Laplacian lap, int n) {
        double alpha = 0.01, t = 1, h = 1.0 / n;
        int k = 1, l = 2;
        PeriodicPde pde = PeriodicPde.heat(n, alpha, lap);
        double[] u = InitialData.sinCos(n, k, l, 0.2, 0.7, 1, 0);
        pde.advance(ExplicitRungeKutta.rk4(), u, t, (int) Math.ceil(t / (0.2 * h * h / alpha)));
        double decay = Math.exp(-4 * Math.PI * Math.PI * alpha * (k * k + l * l) * t);
        return maxDiff(u, InitialData.sinCos(n, k, l, 0.2, 0.7, decay, 0));
    }

    @Test void fivePointHeatIsSecondOrderTowardsDecayingFourierModes() {
        for (double r : rates(16, n -> heatError(Laplacian.FIVE_POINT, n))) assertEquals(2, r, 0.1);
    }

    @Test void ninePointHeatIsSecondOrderTowardsDecayingFourierModes() {
        for (double r : rates(16, n -> heatError(Laplacian.NINE_POINT, n))) assertEquals(2, r, 0.1);
    }

    @Test void ninePointLaplacianIsIsotropicAtLeadingOrder() {
        // Leading error h²|k|⁴/12 for the 9-point stencil: the same for the modes (5, 0) and (3, 4).
        int n = 64;
        double[] out = new double[n * n];
        double[] symbols = new double[2];
        int[][] modes = {{5, 0}, {3, 4}};
        for (int m = 0; m < 2; m++) {
            double[] u = InitialData.sinCos(n, modes[m][0], modes[m][1], 0, 0.25, 1, 0);
            Stencil.laplacian9(1.0 / n).apply(u, n, 1, out);
            int at = 3 * n + 5;
            symbols[m] = out[at] / u[at] / (4 * Math.PI * Math.PI);
        }
        assertEquals(symbols[0], symbols[1], 1e-3 * Math.abs(symbols[0]), "9-point symbols of |k| = 5 differ");
    }

    @Test void fisherWithConstantDataIsTheLogisticCurve() {
        int n = 8;
        double rate = 1.5, u0 = 0.1, t = 2;
        PeriodicPde pde = PeriodicPde.fisher(n, 0.01, rate, Laplacian.FIVE_POINT);
        double[] u = new double[n * n];
        java.util.Arrays.fill(u, u0);
        pde.advance(ExplicitRungeKutta.rk4(), u, t, 200);
        double exact = 1 / (1 + (1 / u0 - 1) * Math.exp(-rate * t));
        for (double v : u) assertEquals(exact, v, 1e-9);
    }

    @Test void fisherConvergesAtSecondOrderUnderRefinement() {
        // No closed form for a non-constant front; differences between successive grids (sampled
        // at the coarse points) fall by 4 per halving for a second-order scheme.
        int[] grids = {16, 32, 64, 128};
        double[][] end = new double[grids.length][];
        for (int g = 0; g < grids.length; g++) {
            int n = grids[g];
            double h = 1.0 / n, alpha = 0.01;
            PeriodicPde pde = PeriodicPde.fisher(n, alpha, 1, Laplacian.FIVE_POINT);
            double[] u = InitialData.sinCos(n, 1, 1, 0.1, 0.4, 0.4, 0.5);
            pde.advance(ExplicitRungeKutta.rk4(), u, 0.5, (int) Math.ceil(0.5 / (0.2 * h * h / alpha)));
            end[g] = u;
        }
        double[] diff = new double[grids.length - 1];
        for (int g = 0; g + 1 < grids.length; g++) {
            int n = grids[g];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    diff[g] = Math.max(diff[g], Math.abs(end[g][i * n + j] - end[g + 1][2 * i * 2 * n + 2 * j]));
        }
        for (int g = 0; g + 1 < diff.length; g++) assertEquals(2, Math.log(diff[g] / diff[g + 1]) / Math.log(2), 0.1);
    }

    @Test void eulerHeatStepAtTheStableLimitKeepsTheMaximumPrinciple() {
        // Δt = 0.24 h²/α per step: each Euler sub-step is a convex average of neighbours.
        int n = 32;
        double alpha = 0.01, h = 1.0 / n, dt = 0.24 * h * h / alpha;
        PeriodicPde pde = PeriodicPde.heat(n, alpha, Laplacian.FIVE_POINT);
        double[] u = InitialData.randomSinCos(n, 2, 5, 1, 0, new Rng(3));
        double max0 = java.util.Arrays.stream(u).max().getAsDouble(), min0 = java.util.Arrays.stream(u).min().getAsDouble();
        for (int s = 0; s < 100; s++) pde.eulerStep(u, dt, 1);
        assertTrue(java.util.Arrays.stream(u).max().getAsDouble() <= max0);
        assertTrue(java.util.Arrays.stream(u).min().getAsDouble() >= min0);
    }

    @Test void trajectoryHasTheRequestedFramesAndLeavesTheStartAlone() {
        PeriodicPde pde = PeriodicPde.heat(16, 0.01, Laplacian.FIVE_POINT);
        double[] u0 = InitialData.randomSinCos(16, 1, 3, 1, 0, new Rng(1));
        double[] copy = u0.clone();
        double[][] f = pde.trajectory(u0, 0.01, 5, ExplicitRungeKutta.rk4(), 2);
        assertEquals(6, f.length);
        assertEquals(0, maxDiff(f[0], copy));
        assertEquals(0, maxDiff(u0, copy));
        double[] v = copy.clone();
        pde.advance(ExplicitRungeKutta.rk4(), v, 0.01, 2);
        assertEquals(0, maxDiff(f[1], v));
    }

    @Test void randomDataAreSeeded() {
        assertEquals(0, maxDiff(InitialData.randomSinCos(20, 5, 8, 1, 1, new Rng(9)), InitialData.randomSinCos(20, 5, 8, 1, 1, new Rng(9))));
    }

    @Test void badSettingsAreRefusedWithOneLine() {
        assertThrows(IllegalArgumentException.class, () -> PeriodicPde.heat(2, 0.01, Laplacian.FIVE_POINT));
        assertThrows(IllegalArgumentException.class, () -> PeriodicPde.heat(16, Double.NaN, Laplacian.FIVE_POINT));
        assertThrows(IllegalArgumentException.class, () -> PeriodicPde.fisher(16, 0.01, -1, Laplacian.FIVE_POINT));
        assertThrows(IllegalArgumentException.class, () -> InitialData.randomSinCos(10, 5, 8, 1, 0, new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> PeriodicPde.heat(16, 0.01, Laplacian.FIVE_POINT).eulerStep(new double[10], 0.1, 3));
        assertThrows(IllegalArgumentException.class, () -> new Stencil(1, new double[] {1, Double.NaN, 0, 0, 0, 0, 0, 0, 0}));
    }
}
