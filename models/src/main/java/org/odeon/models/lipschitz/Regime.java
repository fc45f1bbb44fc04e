package org.odeon.models.lipschitz;

import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.tensor.Rng;

/**
 * The ways of building a residual block on a map {@code A: X → X} compared in the robustness
 * experiments: the baseline ResNet block, the gradient-step pairs of {@link StepPair.Mixing}, and
 * the adaptive flow of {@link AdaptiveFlow}.
 */
public enum Regime {
    BASELINE, NAIVE, CONTRACTIVE, FLEXIBLE, PRESCRIBED, ADAPTIVE;

    /**
     * Budget of the adaptive block's Euler sub-steps (over T = 1), which bounds its cost; {@code ‖A‖}
     * is held to {@link AdaptiveFlow#normBudget} so the block stays certified within it.
     */
    public static final int MAX_ADAPTIVE_STEPS = 16;

    /** Whether lifts and heads are norm-constrained in this regime. */
    public boolean constrained() { return this != BASELINE && this != NAIVE; }

    /** One block of this regime on {@code op} (which must map a space to itself). */
    public Module block(Operator op, Rng rng) {
        if (!java.util.Arrays.equals(op.inputShape(), op.outputShape()))
            throw new IllegalArgumentException(this + " block needs a map X → X, got " + op);
        return switch (this) {
            case BASELINE -> new ResidualBlock(op, op, Activation.relu(), rng);
            case NAIVE -> StepPair.of(StepPair.Mixing.NAIVE, op, rng);
            case CONTRACTIVE -> StepPair.of(StepPair.Mixing.CONTRACTIVE, op, rng);
            case FLEXIBLE -> StepPair.of(StepPair.Mixing.FLEXIBLE, op, rng);
            case PRESCRIBED -> StepPair.of(StepPair.Mixing.PRESCRIBED, op, rng);
            case ADAPTIVE -> AdaptiveFlow.budgeted(op, Activation.relu(), 1, 1, MAX_ADAPTIVE_STEPS, Init.xavierUniform(1), rng);
        };
    }

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
