package org.odeon.models.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.pde.BilinearGalerkin;
import org.odeon.pde.InitialData;
import org.odeon.pde.PeriodicPde;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The paper's data (Q1 finite elements, Crank–Nicolson) as pixel sequences, and how far the network's exact scheme is from them. */
class PixelDataTest {
    private static final int N = 24;
    private static final double ALPHA = 0.01, H = 1.0 / N, DT = 0.24 * H * H / ALPHA;

    @Test void galerkinSequencesAreTheCrankNicolsonTrajectoriesOfTheDrawnFields() {
        BilinearGalerkin fem = BilinearGalerkin.heat(N, ALPHA);
        Rng a = new Rng(3), b = new Rng(3);
        PixelData data = PixelData.generate(fem, () -> InitialData.randomSinCos(N, 1, 3, 1, 0, a), 3, 4, DT);
        assertEquals(3, data.count());
        assertEquals(4, data.steps());
        for (int s = 0; s < 3; s++) {
            double[][] expected = fem.trajectory(InitialData.randomSinCos(N, 1, 3, 1, 0, b), DT, 4);
            for (int k = 0; k <= 4; k++) assertArrayEquals(expected[k], data.frames()[s][k], "sequence " + s + " frame " + k);
        }
    }

    @Test void theExactSchemeMeetsThePapersDataOnlyToDiscretisationError() {
        // The network reproduces the explicit 5-point scheme to round-off (PixelNetTest); the paper's frames come
        // from another discretisation of the same equation, so the scheme is near them but not on them.
        Rng rng = new Rng(4);
        PixelData paper = PixelData.generate(BilinearGalerkin.heat(N, ALPHA), () -> InitialData.randomSinCos(N, 1, 2, 1, 0, rng), 4, 5, DT);
        PixelNet exact = ExactScheme.of(PeriodicPde.heat(N, ALPHA, PeriodicPde.Laplacian.FIVE_POINT), DT, 3, 0);
        double gap = PixelMetrics.errors(PixelMetrics.rollout(exact, paper.frame(0), 5), paper).relative()[4];
        System.out.printf("exact 5-point Euler scheme vs Q1/Crank–Nicolson frames after 5 steps: relative %.3g%n", gap);
        assertTrue(gap > 1e-4 && gap < 5e-2, "gap " + gap);
    }

    @Test void normGrowthIsTheLargestNormRatioOfARollout() {
        NDArray u0 = NDArray.of(new int[] {2, 1, 2, 2}, 1, 0, 0, 0, 0, 3, 4, 0);
        NextFrame doubling = (u, n) -> u.mul(2), still = (u, n) -> u;
        assertEquals(8, PixelMetrics.normGrowth(PixelMetrics.rollout(doubling, u0, 3)), 1e-12);
        assertEquals(1, PixelMetrics.normGrowth(PixelMetrics.rollout(still, u0, 3)), 1e-12);
    }
}
