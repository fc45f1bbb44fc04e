package org.odeon.models.flowmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.parareal.LocalExecutor;
import org.odeon.parareal.Parareal;
import org.odeon.parareal.PararealProblem;

class MlpFlowMapTest {

    @Test
    void aTrainedFlowMapApproximatesTheFineStepAndPararealCorrectsItToTheFineSolution() {
        PararealProblem sir = PararealProblem.named("sir");
        var mlp = MlpFlowMap.train(sir, new MlpFlowMap.Settings(16, 200, 400, 1e-2, 0.05, 3));
        assertTrue(mlp.trainingLoss() < 1e-2, "standardised training loss " + mlp.trainingLoss());

        double[] y = sir.initialState(), z = y.clone();
        mlp.propagate(0, y, 1);
        sir.fine().copy().propagate(0, z, 1);
        double increment = Parareal.maxDistance(z, sir.initialState());
        assertTrue(Parareal.maxDistance(y, z) < 0.2 * increment, "one MLP step misses the fine step by "
                + Parareal.maxDistance(y, z) + " (increment " + increment + ")");

        int N = 20;
        double[][] ref = Parareal.sequential(sir.fine(), 0, sir.initialState(), 20, N);
        try (var exec = new LocalExecutor(sir.fine(), 2)) {
            var result = new Parareal(mlp, exec, N, 1e-10, N).solve(0, sir.initialState(), 20);
            assertTrue(result.converged());
            for (int n = 0; n <= N; n++) assertArrayEquals(ref[n], result.solution()[n], 1e-8);
        }
    }

    @Test
    void refusesStepsItWasNotTrainedFor() {
        var mlp = MlpFlowMap.train(PararealProblem.named("sir"), new MlpFlowMap.Settings(4, 10, 5, 1e-2, 0.05, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> mlp.propagate(0, new double[] {0.9, 0.1, 0}, 2));
        assertTrue(e.getMessage().contains("trained for steps of 1.0"), e.getMessage());
    }
}
