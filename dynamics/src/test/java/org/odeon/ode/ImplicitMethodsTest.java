package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.systems.Burgers;
import org.odeon.systems.Kepler;
import org.odeon.systems.RigidBody;
import org.odeon.systems.Robertson;

class ImplicitMethodsTest {

    @Test
    void implicitEulerTakesStepsOnBurgersFarBeyondTheExplicitStabilityLimit() {
        Burgers burgers = Burgers.standard();
        // Explicit Euler needs h < Δx²/(2ν) = 0.01; take h = 0.1.
        double[] y = burgers.initialState();
        var euler = new ImplicitEuler();
        euler.integrate(burgers, 0, y, 1, 0.1);
        double[] ref = HipparchusReference.tight().solve(burgers, 0, burgers.initialState(), 1);
        double err = 0;
        for (int i = 0; i < y.length; i++) err = Math.max(err, Math.abs(y[i] - ref[i]));
        assertTrue(err < 0.05, "implicit Euler error " + err);
        // Newton solves with pivoting, so the fixed ends move only at round-off level.
        assertEquals(0, y[0], 1e-12);
        assertEquals(0, y[y.length - 1], 1e-12);
        assertTrue(euler.lastIterations() <= 5, "Newton with the exact Jacobian needed " + euler.lastIterations() + " iterations");
    }

    @Test
    void implicitEulerStaysStableOnRobertsonAndKeepsItsLinearInvariant() {
        Robertson robertson = Robertson.standard();
        double[] y = robertson.initialState();
        new ImplicitEuler().integrate(robertson, 0, y, 40, 0.5);
        assertEquals(1, y[0] + y[1] + y[2], 1e-12);
        // Reference values at t = 40 (Hairer–Wanner): y1 ≈ 0.7158, y3 ≈ 0.2842; implicit Euler is order 1.
        assertEquals(0.7158, y[0], 0.02);
        assertTrue(y[1] >= 0 && y[1] < 1e-4);
    }

    @Test
    void implicitMidpointConservesQuadraticInvariants() {
        RigidBody body = RigidBody.standard();
        double[] m = body.initialState();
        double casimir = RigidBody.casimir(m), energy = body.energy(m);
        new ImplicitMidpoint().integrate(body, 0, m, 100, 0.1);
        assertEquals(casimir, RigidBody.casimir(m), 1e-13);
        assertEquals(energy, body.energy(m), 1e-13);

        Kepler kepler = Kepler.standard();
        double[] y = kepler.initialState();
        double l0 = Kepler.angularMomentum(y);
        new ImplicitMidpoint().integrate(kepler, 0, y, 20, 0.01);
        assertEquals(l0, Kepler.angularMomentum(y), 1e-12);
    }

    @Test
    void newtonFailureIsReportedWithTheStepThatFailed() {
        VectorField blowUp = (t, y, d) -> d[0] = y[0] * y[0];
        var e = assertThrows(IllegalStateException.class, () -> new ImplicitEuler(1e-12, 3).step(blowUp, 0, 10, new double[] {1}));
        assertTrue(e.getMessage().contains("Newton") && e.getMessage().contains("h = 10"), e.getMessage());
    }
}
