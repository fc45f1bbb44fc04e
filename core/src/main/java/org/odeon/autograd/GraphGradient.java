package org.odeon.autograd;

import java.util.Arrays;
import org.odeon.tensor.CsrMatrix;

/**
 * The graph gradient {@code ∇ᴬ} of an undirected graph with positive edge weights {@code a_e} on
 * its edges {@code e = (i, j)}, normalised by the degrees {@code d_i = 1 + Σ_{e∋i} a_e}:
 * <pre>
 *   (∇ᴬX)_e  = √a_e · (X_j/√d_j − X_i/√d_i)                     X: [N, F] → [E, F]
 *   (∇ᴬᵀY)_i = Σ_{e=(k,i)} √a_e·Y_e/√d_i − Σ_{e=(i,k)} √a_e·Y_e/√d_i   Y: [E, F] → [N, F]
 * </pre>
 * Then {@code ∇ᴬᵀ∇ᴬ = D^{-1/2} L_A D^{-1/2}} with {@code L_A} the weighted Laplacian; since
 * {@code L_A ≼ 2·D_A ≼ 2·D}, its spectrum lies in {@code [0, 2]}: {@code ‖∇ᴬ‖² ≤ 2} on every
 * graph and for every weight, which is what lets a graph flow carry a graph-independent step-size
 * bound. The operator is the incidence matrix {@code [E, N]} as a CSR pattern (two nonzeros per
 * row), with coefficients a tensor in the weights, so it is differentiable in both X and a
 * (where {@code a > 0}) through {@link Sparse}; its adjoint is the transposed CSR product.
 */
public final class GraphGradient {
    private final int nodes;
    private final int[] src, dst, srcSlot, dstSlot;
    private final CsrMatrix incidence;

    /** Edges {@code (src[e], dst[e])}, each undirected edge once, no self-loops. */
    public GraphGradient(int nodes, int[] src, int[] dst) {
        if (src.length != dst.length) throw new IllegalArgumentException("graph gradient: " + src.length + " sources for " + dst.length + " targets");
        int e = src.length;
        int[] ptr = new int[e + 1], idx = new int[2 * e];
        srcSlot = new int[e];
        dstSlot = new int[e];
        for (int k = 0; k < e; k++) {
            if (src[k] == dst[k]) throw new IllegalArgumentException("graph gradient: self-loop at node " + src[k] + " (edge " + k + ")");
            ptr[k + 1] = 2 * k + 2;
            idx[2 * k] = src[k];
            idx[2 * k + 1] = dst[k];
            srcSlot[k] = 2 * k;
            dstSlot[k] = 2 * k + 1;
        }
        this.nodes = nodes;
        this.src = src.clone();
        this.dst = dst.clone();
        this.incidence = new CsrMatrix(e, nodes, ptr, idx, new double[2 * e]);
    }

    /** The edges of a symmetric adjacency with {@code i < j}, in row order; {@link #weights} gives their values. */
    public static GraphGradient of(CsrMatrix adjacency) {
        int[] ptr = adjacency.indptr(), idx = adjacency.indices();
        int[] s = new int[adjacency.nnz()], d = new int[adjacency.nnz()];
        int e = 0;
        for (int i = 0; i < adjacency.rows(); i++)
            for (int k = ptr[i]; k < ptr[i + 1]; k++)
                if (idx[k] > i) { s[e] = i; d[e++] = idx[k]; }
        return new GraphGradient(adjacency.rows(), Arrays.copyOf(s, e), Arrays.copyOf(d, e));
    }

    /** The values of {@code adjacency} at this operator's edges, in edge order. */
    public double[] weights(CsrMatrix adjacency) {
        int[] ptr = adjacency.indptr(), idx = adjacency.indices();
        double[] v = adjacency.values(), w = new double[src.length];
        for (int e = 0; e < src.length; e++) {
            int k = Arrays.binarySearch(idx, ptr[src[e]], ptr[src[e] + 1], dst[e]);
            if (k < 0) throw new IllegalArgumentException("edge (" + src[e] + ", " + dst[e] + ") is not in the adjacency");
            w[e] = v[k];
        }
        return w;
    }

    public int nodes() { return nodes; }

    public int edges() { return src.length; }

    /** Source node of each edge (read-only). */
    public int[] sources() { return src; }

    /** Target node of each edge (read-only). */
    public int[] targets() { return dst; }

    /** {@code d = 1 + Σ_{e∋i} a_e}, differentiable in the weights {@code a: [E]}. */
    public Tensor degrees(Tensor a) {
        return a.scatterAdd(0, src, nodes).add(a.scatterAdd(0, dst, nodes)).add(1);
    }

    /** The incidence coefficients {@code [2E]} of {@code ∇ᴬ} for weights {@code a: [E]} (all positive). */
    public Tensor coefficients(Tensor a) {
        if (a.rank() != 1 || a.dim(0) != src.length)
            throw new IllegalArgumentException("graph gradient needs " + src.length + " edge weights, got " + org.odeon.tensor.Shape.str(a.shape()));
        Tensor root = a.sqrt(), dInv = degrees(a).pow(-0.5);
        Tensor plus = root.mul(dInv.select(0, dst)), minus = root.mul(dInv.select(0, src));
        return plus.scatterAdd(0, dstSlot, 2 * src.length).sub(minus.scatterAdd(0, srcSlot, 2 * src.length));
    }

    /** {@code ∇ᴬX: [E, F]} for coefficients from {@link #coefficients}. */
    public Tensor apply(Tensor coefficients, Tensor x) { return Sparse.matmul(incidence, coefficients, x); }

    /** {@code ∇ᴬᵀY: [N, F]}, the transposed CSR product. */
    public Tensor adjoint(Tensor coefficients, Tensor y) { return Sparse.matmulTransposed(incidence, coefficients, y); }

    /** The incidence pattern {@code [E, N]} (values unset). */
    public CsrMatrix incidence() { return incidence; }
}
