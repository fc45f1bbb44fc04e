package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.systems.Pendulum;

/**
 * Over 10⁶ steps of the pendulum a symplectic method's energy error oscillates within a band
 * fixed from the start (backward error analysis: it exactly conserves a modified Hamiltonian),
 * while RK4's energy drifts steadily.
 */
@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class LongTimeEnergyTest {
    private static final int STEPS = 1_000_000;
    private static final double H = 0.1;

    /** Largest |H − H₀| over the first and over the last window of steps. */
    private static double[] energyErrorAtStartAndEnd(Stepper<? super Pendulum> stepper, int steps, double h) {
        Pendulum pendulum = Pendulum.standard();
        double[] y = pendulum.initialState();
        double e0 = pendulum.energy(y), first = 0, last = 0;
        for (int i = 1; i <= steps; i++) {
            stepper.step(pendulum, 0, h, y);
            double err = Math.abs(pendulum.energy(y) - e0);
            if (i <= steps / 10) first = Math.max(first, err);
            if (i > steps - steps / 10) last = Math.max(last, err);
        }
        return new double[] {first, last};
    }

    static Stream<Named<Stepper<? super Pendulum>>> symplecticMethods() {
        return Stream.of(SplittingMethod.symplecticEulerKickDrift(), SplittingMethod.symplecticEulerDriftKick(),
                SplittingMethod.stormerVerlet(), SplittingMethod.yoshida4()).map(s -> Named.of(s.name(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symplecticMethods")
    void symplecticEnergyErrorStaysBoundedOverAMillionSteps(Stepper<? super Pendulum> stepper) {
        double[] e = energyErrorAtStartAndEnd(stepper, STEPS, H);
        assertTrue(e[1] <= 1.5 * e[0], stepper.name() + ": energy error grew from " + e[0] + " to " + e[1]);
        assertTrue(e[1] < 0.05, stepper.name() + ": energy error " + e[1]);
    }

    @Test
    void implicitMidpointEnergyErrorStaysBoundedOverAMillionSteps() {
        double[] e = energyErrorAtStartAndEnd(new ImplicitMidpoint(), STEPS, H);
        assertTrue(e[1] <= 1.5 * e[0], "energy error grew from " + e[0] + " to " + e[1]);
    }

    @Test
    void rk4EnergyDriftsOverAMillionSteps() {
        double[] e = energyErrorAtStartAndEnd(ExplicitRungeKutta.rk4(), STEPS, H);
        assertTrue(e[1] > 5 * e[0], "RK4 energy error went from " + e[0] + " to " + e[1] + " without drifting");
    }
}
