package org.odeon.models.flowmap;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.odeon.parareal.PararealProblem;
import org.odeon.parareal.Propagator;

/**
 * The coarse propagators Parareal is measured with: a few steps of the problem's classical
 * integrator, the random projection network, or a trained {@link MlpFlowMap}. It lives here, not in
 * {@code org.odeon.parareal}, because the MLP is a model: Parareal (dynamics) takes any
 * {@link Propagator} and knows no model family.
 */
public enum CoarsePropagator {
    CLASSICAL, RPNN, MLP;

    /** Lower-case names, as configs and command lines spell them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(CoarsePropagator::label).toList();

    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** The propagator for {@code problem}; building {@code MLP} trains it (seeded). */
    public Propagator build(PararealProblem problem, long seed) {
        return switch (this) {
            case CLASSICAL -> problem.classical().copy();
            case RPNN -> problem.rpnn();
            case MLP -> MlpFlowMap.train(problem, MlpFlowMap.Settings.defaults(seed));
        };
    }

    /** The propagator named {@code name} (any case). */
    public static CoarsePropagator named(String name) {
        int i = NAMES.indexOf(name.toLowerCase(Locale.ROOT));
        if (i < 0) throw new IllegalArgumentException("unknown coarse propagator '" + name + "', expected one of " + NAMES);
        return values()[i];
    }
}
