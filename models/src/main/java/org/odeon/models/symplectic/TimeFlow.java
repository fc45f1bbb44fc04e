package org.odeon.models.symplectic;

import java.util.Map;
import org.odeon.autograd.Tensor;
import org.odeon.nn.StructureCheck;
import org.odeon.tensor.Rng;

/**
 * A learned, time-continuous flow map {@code z(t) = Φ(z₀, t)} on phase space {@code z = (q, p)}.
 * Batched: {@code z: [B, 2d]}, {@code t: [B, 1]}, one time per sample.
 *
 * <p>Structure check: the largest symplecticity defect {@code ‖JᵀΩJ − Ω‖_F} of {@code z ↦ Φ(z, t)}
 * over {@link #PROBES} standard normal points {@code z} at times {@code t ∈ U(0, 1)} — zero to
 * round-off for a symplectic flow ({@link SympFlow}), the measured drift for an unstructured one.
 */
public interface TimeFlow extends StructureCheck {
    /** Probe points of {@link #structureDefects}. */
    int PROBES = 8;

    /** Number of degrees of freedom {@code d}. */
    int degreesOfFreedom();

    /** {@code Φ(z, t)}, shape {@code [B, 2d]}. */
    Tensor flow(Tensor z, Tensor t);

    /**
     * {@code {Φ(z, t), ∂_tΦ(z, t)}}, both differentiable. By default {@code ∂_tΦ} comes from
     * reverse mode by the double-vjp trick ({@link FlowLosses#timeDerivative}); a model that can
     * carry the tangent forward in closed form overrides this.
     */
    default Tensor[] flowAndVelocity(Tensor z, Tensor t) {
        Tensor leaf = t.requiresGrad() ? t : Tensor.param(t.value());
        Tensor y = flow(z, leaf);
        return new Tensor[] {y, FlowLosses.timeDerivative(y, leaf)};
    }

    @Override default Map<String, Double> structureDefects(long seed) {
        Rng rng = new Rng(seed);
        return Map.of("symplecticity_defect", Symplecticity.maxDefect(2 * degreesOfFreedom(), PROBES, rng, () -> {
            Tensor t = Tensor.of(new int[] {1, 1}, rng.uniform());
            return z -> flow(z, t);
        }));
    }
}
