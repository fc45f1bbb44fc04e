package org.odeon.parareal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CostModelTest {

    @Test
    void aFreeCoarsePropagatorAndOneIterationGiveTheFullParallelSpeedUp() {
        var model = new CostModel(1, 0);
        assertEquals(16, model.speedup(16, new int[] {0}, 16), 1e-12);
        assertEquals(1, model.speedup(16, new int[] {0}, 1), 1e-12);
        assertEquals(4, model.speedup(16, new int[] {0}, 4), 1e-12);
    }

    @Test
    void theSimulatedScheduleMatchesAHandTrace() {
        // N = 4, P = 2, c_F = 10, c_G = 1, iterations starting at intervals 0 and 1:
        // iteration 1 ends at 22 (fine ends 10, 11, 20, 21), iteration 2 at 43 (fine ends 32, 32, 42).
        var model = new CostModel(10, 1);
        assertEquals(22, model.simulate(4, new int[] {0}, 2), 1e-12);
        assertEquals(43, model.simulate(4, new int[] {0, 1}, 2), 1e-12);
        assertEquals(40.0 / 43, model.speedup(4, new int[] {0, 1}, 2), 1e-12);
    }

    @Test
    void theClassicalBoundIsAtMostPOverKAndCFOverKPlusOneCG() {
        var model = new CostModel(1, 0.1);
        assertEquals(1 / (0.2 + 0.5), model.bound(1, 2), 1e-12);
        for (int k = 1; k < 5; k++)
            for (int p : new int[] {2, 8, 64, 512}) {
                double s = model.bound(k, p);
                assertEquals(true, s <= (double) p / k && s <= 10.0 / (k + 1), "K=" + k + ", P=" + p + ": " + s);
            }
    }

    @Test
    void rejectsNonPositiveCosts() {
        assertThrows(IllegalArgumentException.class, () -> new CostModel(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CostModel(1, -1));
    }

    @Test
    void aTaskOverheadOccupiesTheWorkersAndSetsTheBreakEvenFineCost() {
        // the hand trace above with o = 2 per fine task: iteration 1 ends at 26 (fine ends 12, 13, 24, 25)
        var model = new CostModel(10, 1, 2);
        assertEquals(26, model.simulate(4, new int[] {0}, 2), 1e-12);
        // one iteration on N = P = 4: S = 4 c_F / (c_F + o + 4 c_G − …) ≥ 1 from a c_F found by bisection, where S = 1
        var oneIteration = new CostModel(1, 0.01, 0.5);
        double c = oneIteration.breakEvenFineCost(4, new int[] {0}, 4);
        assertEquals(1, oneIteration.withFineCost(c).speedup(4, new int[] {0}, 4), 0.002);
        assertTrue(oneIteration.withFineCost(c * 0.99).speedup(4, new int[] {0}, 4) < 1);
        // K = N iterations re-solve everything: no fine cost pays for it
        assertEquals(Double.POSITIVE_INFINITY, new CostModel(1, 0.1, 0.1).breakEvenFineCost(4, new int[] {0, 1, 2, 3}, 4));
        assertThrows(IllegalArgumentException.class, () -> new CostModel(1, 0, -1));
    }
}
