package org.odeon.pde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.Rng;

/** The paper's data generator: Q1 finite elements with Crank–Nicolson, checked against independent assembly and exact solutions. */
class BilinearGalerkinTest {
    private static final double ALPHA = 0.01;

    private static double[] field(int n, long seed) { return InitialData.randomSinCosSum(n, 1, 3, 3, 1, 0.2, new Rng(seed)); }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** {@code ∫ g(u, v) φ_i} by 2×2 Gauss points per element (exact for the cubic-per-axis integrands of Q1 products). */
    private static double[] quadrature(int n, double[] u, double[] v, BiFunction<Double, Double, Double> g) {
        double h = 1.0 / n, gp = 0.5 / Math.sqrt(3);
        double[] at = {0.5 - gp, 0.5 + gp}, out = new double[n * n];
        for (int ey = 0; ey < n; ey++)
            for (int ex = 0; ex < n; ex++)
                for (double sy : at)
                    for (double sx : at) {
                        double[] phi = {(1 - sy) * (1 - sx), (1 - sy) * sx, sy * (1 - sx), sy * sx};
                        int[] node = {ey * n + ex, ey * n + (ex + 1) % n, ((ey + 1) % n) * n + ex, ((ey + 1) % n) * n + (ex + 1) % n};
                        double uq = 0, vq = 0;
                        for (int k = 0; k < 4; k++) { uq += phi[k] * u[node[k]]; vq += phi[k] * v[node[k]]; }
                        double w = g.apply(uq, vq) * h * h / 4;
                        for (int k = 0; k < 4; k++) out[node[k]] += w * phi[k];
                    }
        return out;
    }

    @Test void massAndReactionAreTheExactIntegralsOfBilinearFunctions() {
        int n = 12;
        double[] u = field(n, 1), v = field(n, 2), m = new double[n * n];
        BilinearGalerkin.mass(1.0 / n).apply(u, n, 1, m);
        double[] massByQuadrature = quadrature(n, u, u, (a, b) -> a);
        for (int i = 0; i < m.length; i++) assertEquals(massByQuadrature[i], m[i], 1e-16, "mass at " + i);

        double rate = 0.7;
        double[] reaction = BilinearGalerkin.fisher(n, ALPHA, rate).reaction(u, v);
        double[] byQuadrature = quadrature(n, v, u, (a, b) -> -rate / 3 * (a * a + a * b + b * b));
        for (int i = 0; i < reaction.length; i++) assertEquals(byQuadrature[i], reaction[i], 1e-15, "reaction at " + i);
        assertEquals(0, maxAbs(BilinearGalerkin.heat(n, ALPHA).reaction(u, v)));
    }

    @Test void stiffnessIsTheDirichletFormOfBilinearFunctions() {
        // Σ_i v_i (K u)_i = ∫ ∇u·∇v, by Gauss points on the gradients of the bilinear interpolants
        int n = 10;
        double h = 1.0 / n, gp = 0.5 / Math.sqrt(3);
        double[] u = field(n, 3), v = field(n, 4), ku = new double[n * n];
        BilinearGalerkin.stiffness().apply(u, n, 1, ku);
        double form = 0, byQuadrature = 0;
        for (int i = 0; i < ku.length; i++) form += v[i] * ku[i];
        for (int ey = 0; ey < n; ey++)
            for (int ex = 0; ex < n; ex++)
                for (double sy : new double[] {0.5 - gp, 0.5 + gp})
                    for (double sx : new double[] {0.5 - gp, 0.5 + gp}) {
                        int[] node = {ey * n + ex, ey * n + (ex + 1) % n, ((ey + 1) % n) * n + ex, ((ey + 1) % n) * n + (ex + 1) % n};
                        double[] gx = {-(1 - sy), 1 - sy, -sy, sy}, gy = {-(1 - sx), -sx, 1 - sx, sx};
                        double ux = 0, uy = 0, vx = 0, vy = 0;
                        for (int k = 0; k < 4; k++) {
                            ux += gx[k] * u[node[k]] / h; uy += gy[k] * u[node[k]] / h;
                            vx += gx[k] * v[node[k]] / h; vy += gy[k] * v[node[k]] / h;
                        }
                        byQuadrature += (ux * vx + uy * vy) * h * h / 4;
                    }
        assertEquals(byQuadrature, form, 1e-12 * Math.abs(form));
    }

    @Test void aStepSolvesTheCrankNicolsonEquationsToRoundOff() {
        int n = 16;
        double h = 1.0 / n;
        for (BilinearGalerkin g : new BilinearGalerkin[] {BilinearGalerkin.advection(n, 1, 0.5), BilinearGalerkin.heat(n, ALPHA), BilinearGalerkin.fisher(n, ALPHA, 1)}) {
            double dt = g.name().startsWith("advection") ? 2 * h : 0.24 * h * h / ALPHA;
            double[] u0 = field(n, 5), u1 = u0.clone();
            g.step(u1, dt);
            // M(u₁ − u₀)/Δt + A(u₁ + u₀)/2 − N(u₀, u₁), with the stencils applied directly (no Fourier transform)
            double[] diff = new double[n * n], mid = new double[n * n], mr = new double[n * n], ar = new double[n * n];
            for (int i = 0; i < diff.length; i++) { diff[i] = (u1[i] - u0[i]) / dt; mid[i] = (u1[i] + u0[i]) / 2; }
            g.massMatrix().apply(diff, n, 1, mr);
            g.operator().apply(mid, n, 1, ar);
            double[] nl = g.reaction(u0, u1), residual = new double[n * n];
            for (int i = 0; i < residual.length; i++) residual[i] = mr[i] + ar[i] - nl[i];
            double scale = maxAbs(mr) + maxAbs(ar);
            System.out.printf("%s: residual %.2e of %.2e%n", g.name(), maxAbs(residual), scale);
            assertTrue(maxAbs(residual) <= 1e-12 * scale, g.name() + ": residual " + maxAbs(residual) + " of " + scale);
            assertTrue(maxAbs(diff) * dt > 1e-3, g.name() + " did not move");
        }
    }

    @Test void advectionKeepsTheMassNormOverAThousandSteps() {
        int n = 16;
        BilinearGalerkin g = BilinearGalerkin.advection(n, 1, 1);
        double[] u = field(n, 6), mu = new double[n * n];
        g.massMatrix().apply(u, n, 1, mu);
        double e0 = dot(u, mu), worst = 0;
        for (int k = 0; k < 1000; k++) {
            g.step(u, 0.02);
            g.massMatrix().apply(u, n, 1, mu);
            worst = Math.max(worst, Math.abs(dot(u, mu) - e0) / e0);
        }
        assertTrue(worst <= 1e-12, "uᵀMu drifted by " + worst);
    }

    @Test void theSchemesConvergeToTheExactSolutionsAtSecondOrder() {
        // heat: a mode decays by exp(−4π²α(k² + l²)t); advection: the profile moves by c t; Δt ∝ h, so the error is O(h²)
        double[] heat = new double[3], adv = new double[3];
        for (int g = 0; g < 3; g++) {
            int n = 16 << g;
            double t = 0.5, sx = 0.3, sy = 0.1;
            double[] u = InitialData.sinCos(n, 1, 2, sx, sy, 1, 0);
            BilinearGalerkin q = BilinearGalerkin.heat(n, 0.1);
            for (int k = 0; k < 2 * n; k++) q.step(u, t / (2 * n));
            double decay = Math.exp(-4 * Math.PI * Math.PI * 0.1 * 5 * t), e = 0;
            double[] exact = InitialData.sinCos(n, 1, 2, sx, sy, decay, 0);
            for (int i = 0; i < u.length; i++) e = Math.max(e, Math.abs(u[i] - exact[i]));
            heat[g] = e;
            u = InitialData.sinCos(n, 1, 1, sx, sy, 1, 0);
            BilinearGalerkin a = BilinearGalerkin.advection(n, 1, 0.5);
            for (int k = 0; k < 2 * n; k++) a.step(u, t / (2 * n));
            exact = InitialData.sinCos(n, 1, 1, sx + t, sy + 0.5 * t, 1, 0);
            e = 0;
            for (int i = 0; i < u.length; i++) e = Math.max(e, Math.abs(u[i] - exact[i]));
            adv[g] = e;
        }
        double heatOrder = Math.log(heat[1] / heat[2]) / Math.log(2), advOrder = Math.log(adv[1] / adv[2]) / Math.log(2);
        System.out.printf("heat errors %s (order %.2f), advection %s (order %.2f)%n", java.util.Arrays.toString(heat), heatOrder, java.util.Arrays.toString(adv), advOrder);
        assertTrue(heatOrder > 1.8 && heatOrder < 2.3, "heat order " + heatOrder);
        assertTrue(advOrder > 1.8 && advOrder < 2.3, "advection order " + advOrder);
    }

    @Test void badInputIsRefusedWithOneLine() {
        assertThrows(IllegalArgumentException.class, () -> BilinearGalerkin.heat(2, ALPHA));
        assertThrows(IllegalArgumentException.class, () -> BilinearGalerkin.heat(8, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> BilinearGalerkin.fisher(8, ALPHA, -1));
        assertThrows(IllegalArgumentException.class, () -> BilinearGalerkin.heat(8, ALPHA).step(new double[63], 0.1));
        assertThrows(IllegalArgumentException.class, () -> BilinearGalerkin.heat(8, ALPHA).step(new double[64], 0));
        double[] huge = new double[64];
        java.util.Arrays.fill(huge, 1e6);
        var e = assertThrows(IllegalArgumentException.class, () -> BilinearGalerkin.fisher(8, ALPHA, 1).step(huge, 10));
        assertTrue(e.getMessage().contains("did not converge"), e.getMessage());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
