package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.systems.HarmonicOscillator;

class StepperTrajectoryTest {
    @Test void theTrajectoryIsTheSequenceOfStepsAndLeavesTheInitialStateAlone() {
        var osc = HarmonicOscillator.standard();
        double[] y0 = {1, 0}, y = y0.clone();
        var rk4 = ExplicitRungeKutta.rk4();
        double[][] traj = rk4.trajectory(osc, 0.5, 0.1, y0, 7);
        assertEquals(8, traj.length);
        assertArrayEquals(new double[] {1, 0}, y0, 0);
        assertArrayEquals(y0, traj[0], 0);
        for (int k = 1; k <= 7; k++) {
            rk4.step(osc, 0.5 + (k - 1) * 0.1, 0.1, y);
            assertArrayEquals(y, traj[k], 0);
        }
        assertArrayEquals(osc.exact(0.7), traj[7], 1e-6);   // RK4: O(h⁴) global error
        assertEquals(1, rk4.trajectory(osc, 0, 0.1, y0, 0).length);
        assertThrows(IllegalArgumentException.class, () -> rk4.trajectory(osc, 0, 0.1, y0, -1));
    }
}
