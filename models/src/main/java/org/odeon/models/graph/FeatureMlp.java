package org.odeon.models.graph;

import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.nn.Init;
import org.odeon.nn.Linear;
import org.odeon.tensor.Rng;

/**
 * The graph-blind baseline: a two-layer perceptron on the node features alone,
 * {@code Z = relu(X·W₁ + b₁)·W₂ + b₂} — GCN with {@code Â = I}. It ignores every edge, so no structure
 * attack can move it: its accuracy is what the features by themselves carry, the level a model that
 * learns to distrust a poisoned graph can fall back to.
 */
public final class FeatureMlp extends GraphModule {
    private final Linear first, second;

    public FeatureMlp(int features, int hidden, int classes, Rng rng) {
        first = child("first", new Linear(features, hidden, true, Init.xavierUniform(1), rng));
        second = child("second", new Linear(hidden, classes, true, Init.xavierUniform(1), rng));
    }

    @Override public Tensor forward(Graph g, Tensor x) { return second.forward(first.forward(x).relu()); }
}
