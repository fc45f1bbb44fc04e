package org.odeon.ode;

/**
 * How an adaptive integrator chooses its next step from the scaled error {@code err} of the step
 * just tried (accepted when {@code err ≤ 1}; see {@link EmbeddedRungeKutta}): a value, separate
 * from the method, as in diffrax. With the estimate {@code err ≈ C·h^q}, the step that would
 * just meet the tolerance is {@code h·err^{−1/q}}; a safety factor keeps below it and the change is
 * clamped to {@code [minFactor, maxFactor]}. After a rejection both controllers shrink by
 * {@code safety·err^{−1/q}} (at least {@code minFactor}).
 */
public sealed interface StepSizeController {

    /**
     * The factor for the next step after one with scaled error {@code err}, given the error of the
     * previous accepted step ({@code 1} before the first) and the order {@code q} of the estimate.
     */
    double factor(double err, double previousErr, int q);

    /** {@code h ← h·clamp(safety·err^{−1/q}, minFactor, maxFactor)}, the classical (integral) rule. */
    record Standard(double safety, double minFactor, double maxFactor) implements StepSizeController {
        public Standard { check(safety, minFactor, maxFactor); }

        @Override public double factor(double err, double previousErr, int q) {
            if (err == 0) return maxFactor;
            return clamp(safety * Math.pow(err, -1.0 / q), minFactor, err > 1 ? 1 : maxFactor);
        }
    }

    /**
     * The proportional–integral rule {@code h ← h·clamp(safety·err_n^{−β₁/q}·err_{n−1}^{β₂/q})}
     * (Gustafsson; Söderlind's PI.3.4 is {@code β₁ = 0.7, β₂ = 0.4}): remembering the previous
     * error damps the oscillation of accepted and rejected steps the standard rule shows where
     * stability, not accuracy, limits the step.
     */
    record PI(double beta1, double beta2, double safety, double minFactor, double maxFactor) implements StepSizeController {
        public PI {
            check(safety, minFactor, maxFactor);
            if (!(beta1 > 0) || !(beta2 >= 0)) throw new IllegalArgumentException("PI controller needs β₁ > 0 and β₂ ≥ 0, got " + beta1 + ", " + beta2);
        }

        @Override public double factor(double err, double previousErr, int q) {
            if (err > 1) return clamp(safety * Math.pow(err, -1.0 / q), minFactor, 1);
            if (err == 0) return maxFactor;
            return clamp(safety * Math.pow(err, -beta1 / q) * Math.pow(previousErr, beta2 / q), minFactor, maxFactor);
        }
    }

    /** Safety 0.9, factors in [0.2, 10] (Hairer–Wanner's DOPRI5 defaults). */
    static Standard standard() { return new Standard(0.9, 0.2, 10); }

    /** PI.3.4 with safety 0.9, factors in [0.2, 10]. */
    static PI pi() { return new PI(0.7, 0.4, 0.9, 0.2, 10); }

    private static void check(double safety, double minFactor, double maxFactor) {
        if (!(safety > 0 && safety <= 1)) throw new IllegalArgumentException("controller safety must lie in (0, 1], got " + safety);
        if (!(minFactor > 0 && minFactor < 1 && maxFactor > 1 && Double.isFinite(maxFactor)))
            throw new IllegalArgumentException("controller factors need 0 < minFactor < 1 < maxFactor < ∞, got " + minFactor + ", " + maxFactor);
    }

    private static double clamp(double v, double lo, double hi) { return Math.min(hi, Math.max(lo, v)); }
}
