package org.odeon.models.graph;

import java.util.function.Function;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.nn.Module;
import org.odeon.tensor.CsrMatrix;

/**
 * A node classifier: logits {@code [N, C]} from a graph and its node features {@code x: [N, F]}.
 * The graph is an input, not state: the same trained model is evaluated on clean and perturbed
 * graphs. What a model derives from a graph (its normalised propagation matrix, its edge list) is
 * recomputed when the adjacency changes, and kept between calls on the same one.
 */
public abstract class GraphModule extends Module {
    private CsrMatrix lastAdjacency;
    private Object derived;

    /** For subclasses, which register their layers. */
    protected GraphModule() {}

    /** The logits for every node. */
    public abstract Tensor forward(Graph g, Tensor x);

    /** A graph model needs its graph: use {@link #forward(Graph, Tensor)}. */
    @Override public final Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " classifies nodes of a graph: call forward(graph, features)");
    }

    /** What {@code make} derives from this adjacency, computed once per adjacency object. */
    @SuppressWarnings("unchecked")
    protected final synchronized <T> T derived(CsrMatrix adjacency, Function<CsrMatrix, T> make) {
        if (adjacency != lastAdjacency) {
            derived = make.apply(adjacency);
            lastAdjacency = adjacency;
        }
        return (T) derived;
    }
}
