package org.odeon.models.graph;

import org.odeon.autograd.Sparse;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.nn.Init;
import org.odeon.nn.Linear;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The two-layer graph convolutional network (Kipf and Welling):
 * {@code Z = Â·relu(Â·X·W₁ + b₁)·W₂ + b₂} with {@code Â = D^{-1/2}(A + I)D^{-1/2}} (Glorot weights,
 * zero biases). {@link #forwardDense} takes a dense adjacency tensor instead and is differentiable
 * in it, which is what structure attacks on small graphs need.
 */
public final class Gcn extends GraphModule {
    private final Linear first, second;
    private final Parameter firstBias, secondBias;

    public Gcn(int features, int hidden, int classes, Rng rng) {
        first = child("first", new Linear(features, hidden, false, Init.xavierUniform(1), rng));
        firstBias = parameter("firstBias", NDArray.zeros(DType.F64, hidden));
        second = child("second", new Linear(hidden, classes, false, Init.xavierUniform(1), rng));
        secondBias = parameter("secondBias", NDArray.zeros(DType.F64, classes));
    }

    @Override public Tensor forward(Graph g, Tensor x) {
        Propagation p = derived(g.adjacency(), a -> Propagation.of(g));
        Tensor h = p.apply(first.forward(x)).add(firstBias.tensor()).relu();
        return p.apply(second.forward(h)).add(secondBias.tensor());
    }

    /** The same network on {@code Â} built from a dense {@code [N, N]} adjacency, differentiable in it. */
    public Tensor forwardDense(Tensor adjacency, Tensor x) {
        Tensor a = Sparse.normalizeDense(adjacency);
        Tensor h = a.matmul(first.forward(x)).add(firstBias.tensor()).relu();
        return a.matmul(second.forward(h)).add(secondBias.tensor());
    }
}
