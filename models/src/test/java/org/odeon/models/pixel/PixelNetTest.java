package org.odeon.models.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.pde.InitialData;
import org.odeon.pde.PeriodicPde;
import org.odeon.pde.PeriodicPde.Advection;
import org.odeon.pde.PeriodicPde.Laplacian;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The pixel networks: exact schemes, the kept norm, the maximum principle, derivatives. */
class PixelNetTest {
    private static final int N = 24;

    private static NDArray frames(int count, int n, double amplitude, double offset, long seed) {
        Rng rng = new Rng(seed);
        double[] all = new double[count * n * n];
        for (int s = 0; s < count; s++) System.arraycopy(InitialData.randomSinCos(n, 1, 4, amplitude, offset, rng), 0, all, s * n * n, n * n);
        return NDArray.of(DType.F64, new int[] {count, 1, n, n}, all);
    }

    /** Largest difference between {@code steps} network steps and the solver's 3-sub-step Euler scheme, over 3 fields. */
    private static double schemeGap(PeriodicPde pde, PixelNet net, double dt, int steps, double amplitude, double offset) {
        NDArray u0 = frames(3, pde.n(), amplitude, offset, 5);
        NDArray[] net_ = PixelMetrics.rollout(net, u0, steps);
        double gap = 0;
        int m = pde.n() * pde.n();
        for (int s = 0; s < 3; s++) {
            double[] u = java.util.Arrays.copyOfRange(u0.data(), s * m, (s + 1) * m);
            for (int k = 1; k <= steps; k++) {
                pde.eulerStep(u, dt, 3);
                for (int i = 0; i < m; i++) gap = Math.max(gap, Math.abs(u[i] - net_[k].data()[s * m + i]));
            }
        }
        System.out.printf("%s: network vs scheme over %d steps: %.3g%n", pde.name(), steps, gap);
        return gap;
    }

    @Test void exactConstructionIsTheHeatSchemeForBothLaplacians() {
        double alpha = 0.01, h = 1.0 / N, dt = 0.24 * h * h / alpha;
        for (Laplacian lap : Laplacian.values()) {
            PeriodicPde pde = PeriodicPde.heat(N, alpha, lap);
            double gap = schemeGap(pde, ExactScheme.of(pde, dt, 3, 0), dt, 20, 1, 0);
            assertTrue(gap <= 1e-12, lap + ": network and scheme differ by " + gap);
        }
    }

    @Test void exactConstructionIsTheAdvectionSchemeUpwindAndCentred() {
        double h = 1.0 / N, dt = 0.5 * h;  // sub-step Courant number (|c_x| + |c_y|)Δt/(3h) = 0.25
        for (Advection scheme : Advection.values()) {
            PeriodicPde pde = PeriodicPde.advection(N, 1, -0.5, scheme);
            double gap = schemeGap(pde, ExactScheme.of(pde, dt, 3, 0), dt, 20, 1, 1);
            assertTrue(gap <= 1e-12, scheme + ": network and scheme differ by " + gap);
        }
    }

    @Test void exactConstructionIsTheFisherSchemeWhileTheFieldStaysInTheBound() {
        double alpha = 0.01, h = 1.0 / N, dt = 0.24 * h * h / alpha;
        PeriodicPde pde = PeriodicPde.fisher(N, alpha, 1, Laplacian.FIVE_POINT);
        double gap = schemeGap(pde, ExactScheme.of(pde, dt, 3, 2), dt, 20, 1, 0);
        assertTrue(gap <= 1e-12, "network and scheme differ by " + gap);
        // Outside |U| ≤ β the identity (U+β)² − (β−U)² = 4βU fails, and so does the construction.
        double outside = schemeGap(pde, ExactScheme.of(pde, dt, 3, 0.5), dt, 1, 1, 0);
        assertTrue(outside > 1e-3, "construction should break beyond its bound, gap " + outside);
    }

    @Test void normPreservingNetKeepsTheNormOverAThousandSteps() {
        PixelNet net = new PixelNet(PixelNet.Shape.linear(), 0.5, 3, true, new Rng(2));
        NDArray[] roll = PixelMetrics.rollout(net, frames(2, 16, 1, 1, 8), 1000);
        double drift = PixelMetrics.normDrift(roll);
        System.out.printf("norm-preserving net, 1000 steps: relative norm drift %.3g%n", drift);
        assertTrue(drift <= 1e-12, "norm drift " + drift);
        // The same weights without the projection and rescaling do not keep it.
        PixelNet plain = new PixelNet(PixelNet.Shape.linear(), 0.5, 3, false, new Rng(2));
        assertTrue(PixelMetrics.normDrift(PixelMetrics.rollout(plain, frames(2, 16, 1, 1, 8), 10)) > 1e-3);
    }

    @Test void theNormPromiseIsReportedThroughStructureCheck() {
        PixelNet net = new PixelNet(PixelNet.Shape.linear(), 0.5, 3, true, new Rng(6));
        double drift = org.odeon.nn.StructureCheck.report(net, 1).get("norm_drift");
        assertTrue(drift <= 1e-12, "reported norm drift " + drift);
        assertTrue(org.odeon.nn.StructureCheck.report(new PixelNet(PixelNet.Shape.linear(), 0.5, new Rng(6)), 1).isEmpty());
    }

    @Test void theSavedNetworkCarriesItsTimeStep() {
        PixelNet a = new PixelNet(PixelNet.Shape.linear(), 0.5, new Rng(6)), b = new PixelNet(PixelNet.Shape.linear(), 0.1, 5, false, new Rng(7));
        b.loadStateDict(a.stateDict());
        assertEquals(0.5, b.dt());
        assertEquals(3, b.substeps());
        NDArray u = frames(1, 12, 1, 0, 2);
        assertEquals(0, PixelMetrics.rollout(a, u, 3)[3].sub(PixelMetrics.rollout(b, u, 3)[3]).abs().maxValue());
    }

    @Test void exactHeatNetKeepsTheMaximumPrincipleAndBreaksItPastTheStableStep() {
        double alpha = 0.01, h = 1.0 / N;
        PeriodicPde pde = PeriodicPde.heat(N, alpha, Laplacian.FIVE_POINT);
        NDArray u0 = frames(3, N, 1, 0, 11);
        double kept = PixelMetrics.extremaDrift(PixelMetrics.rollout(ExactScheme.of(pde, 0.24 * h * h / alpha, 3, 0), u0, 100));
        assertTrue(kept <= 1e-14, "new extrema " + kept);
        // Sub-steps of 0.5 h²/α put weight −1 on the centre: the scheme overshoots.
        double broken = PixelMetrics.extremaDrift(PixelMetrics.rollout(ExactScheme.of(pde, 1.5 * h * h / alpha, 3, 0), u0, 100));
        assertTrue(broken > 1e-2, "expected new extrema, got " + broken);
    }

    /** Input and parameters as one list, for GradCheck. */
    private static List<NDArray> inputs(Module m, NDArray x) {
        List<NDArray> in = new ArrayList<>();
        in.add(x);
        for (Parameter p : m.parameters()) in.add(p.value().copy());
        return in;
    }

    private static void checkGradients(Module m, NDArray x) {
        double first = GradCheck.firstOrder(ts -> m.callWith(ts.subList(1, ts.size()), ts.get(0)), inputs(m, x), 3);
        double second = GradCheck.secondOrder(ts -> m.callWith(ts.subList(1, ts.size()), ts.get(0)), inputs(m, x), 4);
        assertTrue(first < 1e-6, m + ": first-order gradient error " + first);
        assertTrue(second < 1e-5, m + ": second-order gradient error " + second);
    }

    @Test void gradientsOfEveryVariantToSecondOrder() {
        NDArray x = new Rng(3).normal(DType.F64, 0.5, 1, 2, 1, 6, 6);
        checkGradients(new PixelNet(PixelNet.Shape.linear(), 0.3, 3, false, new Rng(1)), x);
        checkGradients(new PixelNet(PixelNet.Shape.linear(), 0.3, 3, true, new Rng(1)), x);
        checkGradients(new PixelNet(new PixelNet.Shape(3, 3, PixelNet.Nonlinearity.RELU_SQUARED, true), 0.3, 2, false, new Rng(1)), x);
        checkGradients(new FrameResNet(2, new Rng(1)), x);
    }

    @Test void aRolloutThatBlowsUpEndsAtItsLastFiniteFrame() {
        NextFrame explode = (u, n) -> u.mul(1e200);
        NDArray[] roll = PixelMetrics.rollout(explode, frames(1, 12, 1, 2, 1), 10);
        assertEquals(2, roll.length, "U_0 and U_1 = 1e200·U_0 are finite, U_2 is not");
    }

    @Test void windowsAreConsecutiveFramesOfEachSequence() {
        double[][][] f = new double[1][5][4];
        for (int k = 0; k < 5; k++) java.util.Arrays.fill(f[0][k], k);
        NDArray[] w = new PixelData(2, f).windows(2);
        assertEquals(3, w[0].dim(0));
        assertEquals(2.0, w[0].data()[2 * 4]);                   // third window starts at frame 2
        assertEquals(4.0, w[1].data()[(2 * 2 + 1) * 4]);         // and its second target is frame 4
    }

    @Test void sizesMatchThePaper() {
        assertEquals(102, new PixelNet(PixelNet.Shape.linear(), 1, new Rng(0)).parameterCount());
        assertEquals(511, new PixelNet(PixelNet.Shape.fisher(), 1, new Rng(0)).parameterCount());
        assertEquals(353, new FrameResNet(4, new Rng(0)).parameterCount());
    }

    @Test void badInputIsRefusedWithOneLine() {
        PixelNet net = new PixelNet(PixelNet.Shape.linear(), 1, new Rng(0));
        assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.constant(NDArray.zeros(DType.F64, 1, 2, 8, 8))));
        assertThrows(IllegalArgumentException.class, () -> new PixelNet(PixelNet.Shape.linear(), Double.NaN, new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> new PixelNet.Shape(2, 4, PixelNet.Nonlinearity.RELU, false));
        PeriodicPde wide = new PeriodicPde("wide", 16, 1, org.odeon.pde.Stencil.of(3, 3, 0, 1), 0);
        assertThrows(IllegalArgumentException.class, () -> ExactScheme.of(wide, 0.1, 3, 0));
    }
}
