package org.odeon.parareal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.systems.Lorenz;
import org.odeon.systems.Sir;

class PararealTest {
    static final Sir SIR = new Sir(0.1, 0.1, 0.99, 0.01, 0);
    static final Lorenz LORENZ = new Lorenz(10, 28, 8.0 / 3, 20, 5, -5);

    static Propagator rk4(org.odeon.ode.VectorField f, double h) { return new StepperPropagator(f, ExplicitRungeKutta::rk4, h); }

    @Test
    void withTheFinePropagatorAsCoarseItConvergesInOneIterationToTheSequentialSolution() {
        Propagator fine = rk4(SIR, 0.01);
        try (var exec = new LocalExecutor(fine, 2)) {
            var result = new Parareal(fine.copy(), exec, 20, 1e-12, 10).solve(0, SIR.initialState(), 20);
            assertEquals(1, result.iterations());
            assertTrue(result.converged());
            assertEquals(0, result.changes()[0]);
            double[][] ref = Parareal.sequential(fine, 0, SIR.initialState(), 20, 20);
            for (int n = 0; n <= 20; n++) assertArrayEquals(ref[n], result.solution()[n]);
        }
    }

    @Test
    void afterKIterationsTheFirstKStartValuesEqualTheSequentialFineSolutionBitForBit() {
        int N = 25;
        double T = 1;
        Propagator fine = rk4(LORENZ, T / 1450), coarse = rk4(LORENZ, T / N);
        double[][] ref = Parareal.sequential(fine, 0, LORENZ.initialState(), T, N);
        try (var exec = new LocalExecutor(fine, 2)) {
            for (int k = 1; k <= 4; k++) {
                var result = new Parareal(coarse.copy(), exec, N, 0, k).solve(0, LORENZ.initialState(), T);
                assertEquals(k, result.iterations());
                assertFalse(result.converged(), "one coarse RK4 step per interval is not the fine solution");
                double[][] u = result.solution();
                for (int n = 0; n <= k; n++) assertArrayEquals(ref[n], u[n], "iteration " + k + ", interval " + n);
                assertTrue(Parareal.maxDistance(ref[N], u[N]) > 0);
            }
        }
    }

    @Test
    void convergesToTheFineSolutionAndSkipsIntervalsAlreadyConverged() {
        int N = 25;
        Propagator fine = rk4(LORENZ, 1.0 / 1450), coarse = rk4(LORENZ, 1.0 / N);
        double[][] ref = Parareal.sequential(fine, 0, LORENZ.initialState(), 1, N);
        try (var exec = new LocalExecutor(fine, 2)) {
            var result = new Parareal(coarse, exec, N, 1e-9, 30).solve(0, LORENZ.initialState(), 1);
            assertTrue(result.converged());
            assertTrue(result.iterations() < N, "Parareal needed " + result.iterations() + " iterations");
            double err = 0;
            for (int n = 0; n <= N; n++) err = Math.max(err, Parareal.maxDistance(ref[n], result.solution()[n]));
            assertTrue(err < 1e-7, "error against the sequential fine solution " + err);
            int expectedFine = 0;
            for (int k = 0; k < result.iterations(); k++) {
                assertTrue(result.firstActive()[k] >= k, "iteration " + k + " starts at " + result.firstActive()[k]);
                expectedFine += N - result.firstActive()[k];
            }
            assertEquals(expectedFine, result.fineSolves());
            assertTrue(result.fineSolves() < N * result.iterations());
            assertEquals(result.iterations() + 1, result.iterates().size());
        }
    }

    @Test
    void resultsDoNotDependOnTheNumberOfWorkers() {
        int N = 20;
        Propagator fine = rk4(LORENZ, 1.0 / 1450);
        for (Propagator coarse : new Propagator[] {rk4(LORENZ, 1.0 / N), new RandomProjectionPropagator(LORENZ)}) {
            Parareal.Result reference = null;
            for (int workers : new int[] {1, 2, 3, 5}) {
                try (var exec = new LocalExecutor(fine, workers)) {
                    var result = new Parareal(coarse.copy(), exec, N, 1e-10, 30).solve(0, LORENZ.initialState(), 1);
                    if (reference == null) { reference = result; continue; }
                    assertEquals(reference.iterations(), result.iterations());
                    for (int k = 0; k < result.iterates().size(); k++)
                        for (int n = 0; n <= N; n++)
                            assertArrayEquals(reference.iterates().get(k)[n], result.iterates().get(k)[n],
                                    coarse.name() + ", " + workers + " workers");
                }
            }
        }
    }

    @Test
    void rejectsMeaninglessSettings() {
        Propagator p = rk4(SIR, 0.1);
        try (var exec = new LocalExecutor(p, 1)) {
            assertThrows(IllegalArgumentException.class, () -> new Parareal(p, exec, 0, 1e-6, 5));
            assertThrows(IllegalArgumentException.class, () -> new Parareal(p, exec, 4, -1, 5));
            assertThrows(IllegalArgumentException.class, () -> new Parareal(p, exec, 4, 1e-6, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new LocalExecutor(p, 0));
    }
}
