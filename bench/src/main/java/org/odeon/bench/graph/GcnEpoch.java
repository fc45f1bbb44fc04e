package org.odeon.bench.graph;

import org.odeon.bench.Workload;
import org.odeon.graph.Csbm;
import org.odeon.graph.Graph;
import org.odeon.graph.Split;
import org.odeon.models.graph.Gcn;
import org.odeon.models.graph.NodeTraining;
import org.odeon.tensor.Rng;

/**
 * One training epoch of the two-layer GCN as graph-robustness trains it ({@link NodeTraining.Session#epoch}):
 * forward {@code Â·relu(Â·X·W₁ + b₁)·W₂ + b₂}, cross-entropy on the 10 % training nodes, backward, Adam
 * (weight decay 5e-4), then the validation accuracy in evaluation mode and, when it improved, a copy of the
 * weights. The graph: a CSBM draw of {@value #NODES} nodes in {@value #CLASSES} classes with expected degrees
 * {@value #DEGREE_IN} (same class) and {@value #DEGREE_OUT} (other classes), {@value #FEATURES} Gaussian
 * features; hidden width {@value #HIDDEN}; float64. {@code Â} is built once, outside the timed epoch, as
 * the model caches it per graph. The PyTorch twin ({@code gcn} in {@code peer_torch.py}) draws a graph of the
 * same size and degrees and propagates with {@code torch.sparse.mm}.
 */
public final class GcnEpoch {
    private GcnEpoch() {}

    public static final int NODES = 10_000, CLASSES = 4, FEATURES = 128, HIDDEN = 64;
    public static final double DEGREE_IN = 8, DEGREE_OUT = 2;

    public static Workload workload() {
        Graph g = Csbm.ofDegrees(NODES, CLASSES, DEGREE_IN, DEGREE_OUT, FEATURES, 2.0).sample(7);
        Split split = Split.random(g.nodes(), 0.1, 0.1, 8);
        Gcn gcn = new Gcn(FEATURES, HIDDEN, CLASSES, new Rng(9));
        var session = new NodeTraining.Session(gcn, g, split, new NodeTraining.Settings(1, 0.01, 5e-4));
        // X·W₁ in training and evaluation and Xᵀ·G for W₁'s gradient (X needs none); H·W₂ and both of its adjoints, and evaluation
        double flops = 2.0 * NODES * (3.0 * FEATURES * HIDDEN + 4.0 * HIDDEN * CLASSES);
        String description = String.format("GCN epoch (train step + validation): CSBM %d nodes, %d edges, %d features, hidden %d, f64",
                NODES, g.edges(), FEATURES, HIDDEN);
        return new Workload() {
            @Override public String name() { return "gcn"; }
            @Override public String description() { return description; }
            @Override public void run() { session.epoch(); }
            @Override public double gemmFlops() { return flops; }
        };
    }
}
