package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.systems.Pendulum;

class SplittingSchemeTest {

    @Test
    void inconsistentCoefficientsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SplittingScheme("bad", 1, new double[] {0.5, 0.4}, new double[] {1}));
        assertTrue(e.getMessage().contains("sum to 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SplittingScheme("bad", 1, new double[] {1}, new double[] {1}));
    }

    @Test
    void verletIsTimeReversible() {
        Pendulum pendulum = Pendulum.standard();
        double[] y = pendulum.initialState();
        var verlet = SplittingMethod.stormerVerlet();
        verlet.step(pendulum, 0, 0.3, y);
        verlet.step(pendulum, 0, -0.3, y);
        assertEquals(pendulum.initialState()[0], y[0], 1e-15);
        assertEquals(pendulum.initialState()[1], y[1], 1e-15);
    }

    @Test
    void symplecticEulerVariantsAreAdjointToEachOther() {
        HarmonicOscillator osc = HarmonicOscillator.standard();
        double[] y = osc.initialState();
        SplittingMethod.symplecticEulerKickDrift().step(osc, 0, 0.2, y);
        SplittingMethod.symplecticEulerDriftKick().step(osc, 0, -0.2, y);
        assertEquals(1, y[0], 1e-15);
        assertEquals(0, y[1], 1e-15);
    }

    @Test
    void stateOfTheWrongLengthIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SplittingMethod.stormerVerlet().step(Pendulum.standard(), 0, 0.1, new double[3]));
        assertTrue(e.getMessage().contains("2d = 2"), e.getMessage());
    }
}
