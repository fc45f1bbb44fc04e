package org.odeon.models.graph;

import org.odeon.autograd.Sparse;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.tensor.CsrMatrix;

/**
 * GCN's propagation matrix {@code Â = D^{-1/2}(A + I)D^{-1/2}}, {@code D = diag((A + I)·1)}, on a
 * fixed graph: a CSR matrix. Its spectrum lies in {@code (−1, 1]}, so {@code ‖Â‖ ≤ 1}.
 */
record Propagation(CsrMatrix matrix) {
    static Propagation of(Graph g) {
        CsrMatrix loops = g.withSelfLoops();
        Tensor v = Sparse.normalizeSymmetric(loops, Tensor.constant(org.odeon.tensor.NDArray.of(new int[] {loops.nnz()}, loops.values())));
        return new Propagation(loops.withValues(v.value().data()));
    }

    /** {@code Â·x}. */
    Tensor apply(Tensor x) { return x.linear(matrix); }
}
