package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.systems.HenonHeiles;
import org.odeon.systems.Pendulum;

class ConvergenceOrderTest {

    private static Arguments method(Stepper<? super SeparableHamiltonian> stepper, double h0) {
        return Arguments.of(Named.of(stepper.name(), stepper), h0);
    }

    /** Base step per method so that four halvings stay between the asymptotic regime and round-off. */
    static Stream<Arguments> methods() {
        return Stream.of(
                method(ExplicitRungeKutta.euler(), 0.02),
                method(ExplicitRungeKutta.heun(), 0.05),
                method(ExplicitRungeKutta.rk4(), 0.2),
                method(ExplicitRungeKutta.dormandPrince5(), 0.4),
                method(SplittingMethod.symplecticEulerKickDrift(), 0.02),
                method(SplittingMethod.symplecticEulerDriftKick(), 0.02),
                method(SplittingMethod.stormerVerlet(), 0.05),
                method(SplittingMethod.yoshida4(), 0.2),
                method(new ImplicitEuler(), 0.02),
                method(new ImplicitMidpoint(), 0.05));
    }

    private static <S extends HamiltonianSystem & SeparableHamiltonian> double observedOrder(
            Stepper<? super SeparableHamiltonian> stepper, S system, double h0, int halvings) {
        return ObservedOrder.estimate(h -> {
            double[] y = system.initialState();
            stepper.integrate(system, 0, y, 2, h);
            return y;
        }, h0, halvings);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void observedOrderOnThePendulumIsWithinOneFifthOfTheTheoreticalOrder(Stepper<? super SeparableHamiltonian> stepper, double h0) {
        double p = observedOrder(stepper, Pendulum.standard(), h0, 4);
        assertEquals(stepper.order(), p, 0.2, stepper.name() + " observed order " + p);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void observedOrderOnHenonHeilesIsWithinOneFifthOfTheTheoreticalOrder(Stepper<? super SeparableHamiltonian> stepper, double h0) {
        // Hénon–Heiles needs smaller steps to reach the asymptotic regime (DOPRI5's small principal
        // error constant lets the h⁶ term linger), so start four times finer and halve three times.
        double p = observedOrder(stepper, HenonHeiles.standard(), h0 / 4, 3);
        assertEquals(stepper.order(), p, 0.2, stepper.name() + " observed order " + p);
    }
}
