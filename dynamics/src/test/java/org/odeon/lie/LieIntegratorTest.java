package org.odeon.lie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.ode.ObservedOrder;
import org.odeon.ode.Stepper;
import org.odeon.systems.PendulumChain;
import org.odeon.systems.RigidBody;

@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class LieIntegratorTest {

    /** Method, base step of the order fit, step of the long run (Lie–Euler gains energy fast, so it runs finer). */
    static Stream<Arguments> methods() {
        return Stream.of(
                Arguments.of(Named.of("LieEuler", RungeKuttaMuntheKaas.lieEuler()), 0.01, 0.001),
                Arguments.of(Named.of("RKMK4", RungeKuttaMuntheKaas.rkmk4()), 0.1, 0.01),
                Arguments.of(Named.of("CF4", CommutatorFree.cf4()), 0.1, 0.01));
    }

    private static double order(Stepper<LieVectorField> stepper, LieVectorField f, double[] y0, double h0) {
        return ObservedOrder.estimate(h -> {
            double[] y = y0.clone();
            stepper.integrate(f, 0, y, 1, h);
            return y;
        }, h0, 4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void observedOrderOnTheRigidBodyIsWithinOneFifthOfTheTheoreticalOrder(Stepper<LieVectorField> stepper, double h0, double hLong) {
        RigidBody body = RigidBody.standard();
        double p = order(stepper, body, body.initialState(), h0);
        assertEquals(stepper.order(), p, 0.2, "observed " + p);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void observedOrderOnTheRigidBodyWithAttitudeIsWithinOneFifthOfTheTheoreticalOrder(Stepper<LieVectorField> stepper, double h0, double hLong) {
        var f = new TestFields.RigidBodyWithAttitude();
        double p = order(stepper, f, f.initialState(), h0);
        assertEquals(stepper.order(), p, 0.2, "observed " + p);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void observedOrderOnSE3IsWithinOneFifthOfTheTheoreticalOrder(Stepper<LieVectorField> stepper, double h0, double hLong) {
        var f = new TestFields.EuclideanMotion();
        double p = order(stepper, f, f.initialState(), h0);
        assertEquals(stepper.order(), p, 0.2, "observed " + p);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void observedOrderOnThePendulumChainIsWithinOneFifthOfTheTheoreticalOrder(Stepper<LieVectorField> stepper, double h0, double hLong) {
        PendulumChain chain = PendulumChain.standard(3);
        double p = order(stepper, chain, chain.initialState(), h0 / 4);
        assertEquals(stepper.order(), p, 0.2, "observed " + p);
    }

    /** Largest violation of |q_j| = 1 and q_j·ω_j = 0 along 10⁵ steps. */
    private static double constraintViolation(Stepper<? super PendulumChain> stepper, PendulumChain chain, int steps, double h) {
        double[] y = chain.initialState();
        double worst = 0;
        for (int k = 0; k < steps; k++) {
            stepper.step(chain, k * h, h, y);
            for (int j = 0; j < chain.pendula(); j++) {
                int o = 6 * j;
                double norm = Math.sqrt(y[o] * y[o] + y[o + 1] * y[o + 1] + y[o + 2] * y[o + 2]);
                double dot = y[o] * y[o + 3] + y[o + 1] * y[o + 4] + y[o + 2] * y[o + 5];
                worst = Math.max(worst, Math.max(Math.abs(norm - 1), Math.abs(dot)));
            }
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void keepsThePendulumChainOnTheTangentBundleOverAHundredThousandSteps(Stepper<LieVectorField> stepper, double h0, double hLong) {
        PendulumChain chain = PendulumChain.standard(3);
        double violation = constraintViolation(stepper, chain, 100_000, hLong);
        assertTrue(violation <= 1e-13, stepper.name() + " constraint violation " + violation);
    }

    @Test
    void classicalRk4DriftsOffTheTangentBundle() {
        PendulumChain chain = PendulumChain.standard(3);
        double violation = constraintViolation(ExplicitRungeKutta.rk4(), chain, 100_000, 0.01);
        assertTrue(violation > 1e-9, "RK4 constraint violation only " + violation);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void keepsTheRigidBodyOnItsMomentumSphereAndTheAttitudeOrthogonal(Stepper<LieVectorField> stepper, double h0, double hLong) {
        var f = new TestFields.RigidBodyWithAttitude();
        double[] y = f.initialState();
        double casimir = RigidBody.casimir(new double[] {y[9], y[10], y[11]});
        stepper.integrate(f, 0, y, 1000, 0.1);
        assertEquals(casimir, RigidBody.casimir(new double[] {y[9], y[10], y[11]}), 1e-13);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                assertEquals(i == j ? 1 : 0, y[i] * y[j] + y[3 + i] * y[3 + j] + y[6 + i] * y[6 + j], 1e-13);
    }
}
