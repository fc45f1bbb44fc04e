package org.odeon.autograd;

import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.NDArray;

/**
 * Products with a sparse matrix whose nonzero pattern is fixed and whose values are a tensor
 * {@code v: [nnz]}, differentiable in both the values and the dense operand, to any order.
 *
 * <p>Three kernels differentiate into each other (by bilinearity, as convolution does):
 * <pre>
 *   matmul(A, v, X)            = A(v)·X            ∂/∂X: A(v)ᵀ·G          ∂/∂v: sampled(G, X)
 *   matmulTransposed(A, v, Y)  = A(v)ᵀ·Y           ∂/∂Y: A(v)·G           ∂/∂v: sampled(Y, G)
 *   sampledProduct(A, G, X)[k] = ⟨G[i,:], X[j,:]⟩   ∂/∂G: A(Γ)·X          ∂/∂X: A(Γ)ᵀ·G
 * </pre>
 * at the nonzero {@code k = (i, j)}. The transpose is the transposed CSR product, with the values
 * permuted by {@link CsrMatrix#transposeSource()}. Also here: symmetric degree normalisation of
 * sparse and dense adjacencies.
 */
public final class Sparse {
    private Sparse() {}

    /** {@code A(v)·x} for {@code x: [cols]} or {@code [cols, F]}. */
    public static Tensor matmul(CsrMatrix pattern, Tensor values, Tensor x) {
        requireValues(pattern, values);
        NDArray out = pattern.withValues(values.value().data()).multiply(x.value());
        return Tensor.op(out, (o, g, need) -> new Tensor[] {
                need[0] ? sampledProduct(pattern, g, x) : null,
                need[1] ? matmulTransposed(pattern, values, g) : null}, values, x);
    }

    /** {@code A(v)ᵀ·y} for {@code y: [rows]} or {@code [rows, F]}. */
    public static Tensor matmulTransposed(CsrMatrix pattern, Tensor values, Tensor y) {
        requireValues(pattern, values);
        return matmul(pattern.transpose(), values.select(0, pattern.transposeSource()), y);
    }

    /** {@code s[k] = Σ_f g[i,f]·x[j,f]} at each nonzero {@code k = (i, j)} of the pattern. */
    public static Tensor sampledProduct(CsrMatrix pattern, Tensor g, Tensor x) {
        return Tensor.op(pattern.sampledProduct(g.value(), x.value()), (o, gg, need) -> new Tensor[] {
                need[0] ? matmul(pattern, gg, x) : null,
                need[1] ? matmulTransposed(pattern, gg, g) : null}, g, x);
    }

    /** The row sums {@code d_i = Σ_j A(v)_ij} (degrees, for an adjacency). */
    public static Tensor rowSums(CsrMatrix pattern, Tensor values) {
        requireValues(pattern, values);
        return values.segmentSum(pattern.indptr());
    }

    /**
     * Symmetric degree normalisation {@code D^{-1/2} A D^{-1/2}} of a symmetric pattern with
     * values {@code v ≥ 0}, {@code d = A·1}: the values {@code v_ij / √(d_i d_j)}. Self-loops, if
     * wanted (GCN's {@code A + I}), must be in the pattern; every degree must be positive.
     */
    public static Tensor normalizeSymmetric(CsrMatrix pattern, Tensor values) {
        Tensor dInv = rowSums(pattern, values).pow(-0.5);
        return values.mul(dInv.select(0, pattern.rowIndices())).mul(dInv.select(0, pattern.indices()));
    }

    /**
     * GCN's propagation matrix on a dense adjacency, differentiable in it:
     * {@code Â = D^{-1/2}(A + I)D^{-1/2}} with {@code D = diag((A + I)·1)}, for {@code A: [N, N]} with
     * nonnegative entries. This is the path structure attacks take on small graphs.
     */
    public static Tensor normalizeDense(Tensor adjacency) {
        int[] s = adjacency.shape();
        if (s.length != 2 || s[0] != s[1]) throw new IllegalArgumentException("normalizeDense needs a square [N, N] adjacency, got " + org.odeon.tensor.Shape.str(s));
        Tensor withLoops = adjacency.add(Tensor.constant(NDArray.eye(adjacency.dtype(), s[0])));
        Tensor dInv = withLoops.sum(false, 1).pow(-0.5);
        return withLoops.mul(dInv.unsqueeze(1)).mul(dInv.unsqueeze(0));
    }

    private static void requireValues(CsrMatrix pattern, Tensor values) {
        if (values.rank() != 1 || values.dim(0) != pattern.nnz())
            throw new IllegalArgumentException("sparse values must be [" + pattern.nnz() + "] for " + pattern + ", got " + org.odeon.tensor.Shape.str(values.shape()));
    }
}
