package org.odeon.models.constrained;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The Lie-group integrators keep {@code |q_i| = 1} and {@code q_i·p_i = 0} of a model with a learned
 * potential over long rollouts to round-off alone. Each step rounds every coordinate once (the action adds
 * its displacement to the point once), so the defects perform a random walk of about one ulp per step and
 * grow like √N: the budget, 1e-13 over 10⁵ steps, is {@code 1e-13·√(N/10⁵)} over the N steps a
 * test can afford. (10⁵ steps of the same model are measured by the experiment: {@code longSteps=100000}.)
 */
@Tag("slow")  // about two minutes per integrator at load 20
class LongRolloutDriftTest {
    private static final int STEPS = 10_000, STATES = 8;

    @ParameterizedTest
    @EnumSource(names = {"LIE_EULER", "RKMK4", "CF4"})
    void constraintsDriftOnlyByOneRoundingPerStep(Integrator method) {
        ChainData data = ChainData.paper(2);
        ConstrainedHamiltonian model = ConstrainedHamiltonian.learnedPotential(2, 100, 3, data.mass(), new Rng(4));
        ConstrainedFlow flow = new ConstrainedFlow(model, method, 0.025);
        double[][] y0 = ChainData.initialStates(new Rng(11), 2, STATES);
        double norm = 0, tangency = 0, momentum = 0;
        try (var off = GradMode.off()) {
            Tensor y = Tensor.constant(NDArray.of(new int[] {STATES, 12}, ConstrainedFlow.flatten(y0)));
            for (int k = 1; k <= STEPS; k++) {
                y = flow.forward(y);
                if (k % 50 != 0) continue;
                double[] v = y.value().data();
                for (int s = 0; s < STATES; s++) {
                    double[] state = java.util.Arrays.copyOfRange(v, 12 * s, 12 * s + 12), d = ConstrainedFlow.constraintDefects(state);
                    norm = Math.max(norm, d[0]);
                    tangency = Math.max(tangency, d[1]);
                    for (int o = 3; o < 12; o += 6) momentum = Math.max(momentum, Math.sqrt(state[o] * state[o] + state[o + 1] * state[o + 1] + state[o + 2] * state[o + 2]));
                }
            }
        }
        double budget = 1e-13 * Math.sqrt(STEPS / 1e5);
        System.out.printf("%s over %d steps: |‖q‖ − 1| ≤ %.2e, |q·p| ≤ %.2e (budget %.2e), max |p| %.2f%n", method.key(), STEPS, norm, tangency, budget, momentum);
        assertTrue(momentum > 1, "the rollout should move: max |p| " + momentum);
        assertTrue(norm <= budget && tangency <= budget, method + ": drift " + norm + ", " + tangency + " over budget " + budget);
    }
}
