package org.odeon.parareal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PararealProblemTest {

    @Test
    void theProblemsHaveThePapersHorizonsAndIntervalCounts() {
        var sir = PararealProblem.named("sir");
        assertEquals(100, sir.horizon());
        assertEquals(100, sir.intervals());
        var lorenz = PararealProblem.named("Lorenz");
        assertEquals(10, lorenz.horizon());
        assertEquals(250, lorenz.intervals());
        assertEquals(20, lorenz.initialState()[0]);
        for (String name : List.of("burgers-poly", "burgers-sin", "burgers-mix")) {
            var burgers = PararealProblem.named(name);
            assertEquals(50, burgers.intervals());
            double[] u0 = burgers.initialState();
            assertEquals(51, u0.length);
            assertEquals(0, u0[0]);
            assertEquals(0, u0[50]);
            assertEquals(1, burgers.bandwidth());
        }
        assertEquals(0.25, PararealProblem.named("burgers-poly").initialState()[25], 1e-15);
    }

    @Test
    void theInitialStateCannotBeChangedThroughItsAccessor() {
        var sir = PararealProblem.named("sir");
        sir.initialState()[0] = 42;
        assertEquals(0.99, sir.initialState()[0]);
    }

    @Test
    void anUnknownProblemIsRejectedWithTheListOfKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> PararealProblem.named("vanderpol"));
        assertTrue(e.getMessage().contains("'vanderpol'") && e.getMessage().contains("burgers-mix"), e.getMessage());
    }

    @Test
    void aFailingFineSolveSurfacesThroughItsResult() {
        Propagator broken = new Propagator() {
            @Override public String name() { return "broken"; }
            @Override public void propagate(double t0, double[] y, double t1) { throw new IllegalStateException("diverged at t = " + t0); }
            @Override public Propagator copy() { return this; }
        };
        try (var exec = new LocalExecutor(broken, 2)) {
            var results = exec.propagate(List.of(new FineExecutor.Job(0, new double[] {1}, 1), new FineExecutor.Job(1, new double[] {1}, 2)));
            var e = assertThrows(CompletionException.class, () -> results.get(1).join());
            assertTrue(e.getCause().getMessage().contains("diverged at t = 1.0"), e.getCause().getMessage());
        }
    }
}
