package org.odeon.optim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test void stepDecaysByGammaEveryPeriod() {
        Schedule s = Schedule.step(0.1, 0.5, 10);
        assertEquals(0.1, s.at(0));
        assertEquals(0.1, s.at(9));
        assertEquals(0.05, s.at(10));
        assertEquals(0.025, s.at(25), 1e-17);
    }

    @Test void cosineFallsFromTheBaseToTheMinimum() {
        Schedule s = Schedule.cosine(1, 0.1, 100);
        assertEquals(1, s.at(0), 1e-15);
        assertEquals(0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2, s.at(25), 1e-15);  // cos(π/4) = √½
        assertEquals(0.55, s.at(50), 1e-15);
        assertEquals(0.1, s.at(100), 1e-15);
        assertEquals(0.1, s.at(150));
    }

    @Test void oneCycleWarmsUpToTheMaximumThenAnnealsToTheFloor() {
        // initial 1/25 = 0.04, floor 0.04/1e4 = 4e−6, peak at step 0.3·100 − 1 = 29, end at step 99
        Schedule s = Schedule.oneCycle(1, 100);
        assertEquals(0.04, s.at(0), 1e-15);
        assertEquals(1, s.at(29), 1e-15);
        assertEquals((1 + 4e-6) / 2, s.at(29 + 35), 1e-15);  // halfway through the 70-step descent
        assertEquals(4e-6, s.at(99), 1e-18);
        // peak at 0.21·100 − 1 = 20: halfway up at step 10 is the mean of 0.1 and 1
        Schedule t = Schedule.oneCycle(1, 100, 0.21, 10, 100);
        assertEquals(0.55, t.at(10), 1e-15);
        assertEquals(0.001, t.at(99), 1e-18);
        // three steps are too few for a warm-up (0.3·3 − 1 < 0): start at the peak, end at the floor
        Schedule u = Schedule.oneCycle(1, 3);
        assertEquals(1, u.at(0), 1e-15);
        assertEquals(4e-6, u.at(2), 1e-18);
    }

    @Test void cyclicRisesAndFallsLinearly() {
        Schedule s = Schedule.cyclic(0.1, 1, 10);
        assertEquals(0.1, s.at(0), 1e-15);
        assertEquals(0.55, s.at(5), 1e-15);
        assertEquals(1, s.at(10), 1e-15);
        assertEquals(0.55, s.at(15), 1e-15);
        assertEquals(0.1, s.at(20), 1e-15);
        assertEquals(1, s.at(30), 1e-15);
    }

    @Test void badSchedulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Schedule.step(1, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedule.oneCycle(1, 1, 0.3, 25, 1e4));
        assertThrows(IllegalArgumentException.class, () -> Schedule.oneCycle(1, 100, 1, 25, 1e4));
        assertThrows(IllegalArgumentException.class, () -> Schedule.cyclic(0, 1, 0));
    }
}
