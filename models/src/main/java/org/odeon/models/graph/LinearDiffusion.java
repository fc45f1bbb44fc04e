package org.odeon.models.graph;

import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.nn.Linear;
import org.odeon.tensor.Rng;

/**
 * A GRAND-style linear diffusion (GRAND-l with a fixed, symmetric-normalised graph in place of the
 * attention): encode {@code X₀ = X·E}, then {@code T} explicit Euler steps of the heat equation
 * {@code Ẋ = (Â − I)·X},
 * <pre>   X ← X + τ·(Â·X − X),   0 &lt; τ ≤ 1,</pre>
 * and decode {@code Z = X_T·D}. {@code Â = D^{-1/2}(A + I)D^{-1/2}} has spectrum in {@code (−1, 1]},
 * so {@code I + τ(Â − I)} has spectrum in {@code (1 − 2τ, 1]}: each step is non-expansive for
 * {@code τ ≤ 1}, which the constructor checks.
 */
public final class LinearDiffusion extends GraphModule {
    private final Linear encoder, decoder;
    private final int steps;
    private final double tau;

    public LinearDiffusion(int features, int channels, int classes, int steps, double tau, Rng rng) {
        if (steps < 1 || !(tau > 0 && tau <= 1)) throw new IllegalArgumentException("linear diffusion needs steps ≥ 1 and 0 < τ ≤ 1, got " + steps + ", " + tau);
        encoder = child("encoder", new Linear(features, channels, rng));
        decoder = child("decoder", new Linear(channels, classes, rng));
        this.steps = steps;
        this.tau = tau;
    }

    @Override public Tensor forward(Graph g, Tensor x) {
        Propagation p = derived(g.adjacency(), a -> Propagation.of(g));
        Tensor h = encoder.forward(x);
        for (int k = 0; k < steps; k++) h = h.add(p.apply(h).sub(h).mul(tau));
        return decoder.forward(h);
    }
}
