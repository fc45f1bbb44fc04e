package org.odeon.graph;

import java.util.Arrays;
import org.odeon.autograd.GraphGradient;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Shape;

/**
 * An attributed graph for node classification: a symmetric adjacency without self-loops (CSR,
 * nonnegative weights), node features {@code [N, F]}, a class label per node.
 */
public record Graph(CsrMatrix adjacency, NDArray features, int[] labels, int classes) {
    public Graph {
        int n = adjacency.rows();
        if (adjacency.cols() != n) throw new IllegalArgumentException("adjacency must be square, got [" + n + ", " + adjacency.cols() + "]");
        if (features.rank() != 2 || features.dim(0) != n)
            throw new IllegalArgumentException("features must be [" + n + ", F] for " + n + " nodes, got " + Shape.str(features.shape()));
        if (labels.length != n) throw new IllegalArgumentException(labels.length + " labels for " + n + " nodes");
        for (int i = 0; i < n; i++)
            if (labels[i] < 0 || labels[i] >= classes) throw new IllegalArgumentException("label " + labels[i] + " of node " + i + " is outside [0, " + classes + ")");
    }

    public int nodes() { return adjacency.rows(); }

    /** Undirected edges (each stored twice in the adjacency). */
    public int edges() { return adjacency.nnz() / 2; }

    /** The labels as a float64 array, as losses take them. */
    public NDArray labelArray() { return NDArray.of(new int[] {labels.length}, Arrays.stream(labels).asDoubleStream().toArray()); }

    /** The same graph on another edge set (a perturbed one). */
    public Graph withAdjacency(CsrMatrix a) { return new Graph(a, features, labels, classes); }

    /** The same graph with other node features. */
    public Graph withFeatures(NDArray x) { return new Graph(adjacency, x, labels, classes); }

    /** {@code A + I} as a CSR pattern with its values (GCN's propagation before normalisation). */
    public CsrMatrix withSelfLoops() {
        int n = nodes(), m = adjacency.nnz();
        int[] r = new int[m + n], c = new int[m + n];
        double[] v = new double[m + n];
        System.arraycopy(adjacency.rowIndices(), 0, r, 0, m);
        System.arraycopy(adjacency.indices(), 0, c, 0, m);
        System.arraycopy(adjacency.values(), 0, v, 0, m);
        for (int i = 0; i < n; i++) { r[m + i] = i; c[m + i] = i; v[m + i] = 1; }
        return CsrMatrix.fromCoordinates(n, n, r, c, v);
    }

    /** The graph gradient on this graph's edges ({@link GraphGradient#weights} gives their weights). */
    public GraphGradient gradient() { return GraphGradient.of(adjacency); }

    /** The dense {@code [N, N]} adjacency. */
    public NDArray denseAdjacency() { return adjacency.toDense(); }

    /** A symmetric 0/1 adjacency from a dense array (nonzero above the diagonal means an edge). */
    public static CsrMatrix adjacencyFromDense(NDArray dense) {
        int n = dense.dim(0);
        double[] d = dense.data();
        int m = 0;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (d[i * n + j] != 0) m++;
        int[] r = new int[2 * m], c = new int[2 * m];
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (d[i * n + j] != 0) { r[k] = i; c[k++] = j; r[k] = j; c[k++] = i; }
        double[] ones = new double[2 * m];
        Arrays.fill(ones, 1);
        return CsrMatrix.fromCoordinates(n, n, r, c, ones);
    }

    /** Features as float64 (the graph models run in float64). */
    public NDArray features64() { return features.astype(DType.F64); }
}
