package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The graph ops (gather/scatter by index tensor, segment sums, CSR products, normalisation, ∇ᴬ) at first and second order. */
class GraphOpsTest extends GradientCases {

    private static NDArray n(long seed, int... shape) { return new Rng(seed).normal(DType.F64, 0, 1, shape); }

    private static NDArray pos(long seed, int... shape) { return new Rng(seed).uniform(DType.F64, 0.5, 2, shape); }

    /** A 4×5 pattern with an empty row, a repeated column and an unsorted row. */
    static final CsrMatrix RECT = new CsrMatrix(4, 5, new int[] {0, 2, 2, 5, 7}, new int[] {4, 1, 0, 3, 2, 1, 1}, new double[7]);

    /** A symmetric 5-node graph with self-loops (pattern of A + I). */
    static final CsrMatrix SYM = symmetricWithLoops();

    /** The ring 0-1-2-3-4-0 plus the chord 1-3. */
    static final GraphGradient GRAD = new GraphGradient(5, new int[] {0, 1, 2, 3, 0, 1}, new int[] {1, 2, 3, 4, 4, 3});

    static CsrMatrix symmetricWithLoops() {
        int[] r = {0, 1, 1, 2, 2, 3, 3, 4, 4, 0, 1, 3, 0, 1, 2, 3, 4};
        int[] c = {1, 0, 2, 1, 3, 2, 4, 3, 0, 4, 3, 1, 0, 1, 2, 3, 4};
        return CsrMatrix.fromCoordinates(5, 5, r, c, new double[r.length]);
    }

    /** Symmetric positive values on SYM (a_ij = a_ji), as the normalisation assumes. */
    static NDArray symmetricValues(long seed) {
        double[] v = new double[SYM.nnz()];
        Rng rng = new Rng(seed);
        int[] rows = SYM.rowIndices(), cols = SYM.indices(), back = SYM.transposeSource();
        for (int k = 0; k < v.length; k++) if (rows[k] <= cols[k]) v[k] = rng.uniform(0.5, 2);
        for (int k = 0; k < v.length; k++) if (rows[k] > cols[k]) v[k] = v[back[k]];
        return NDArray.of(new int[] {v.length}, v);
    }

    static Stream<Case> cases() {
        NDArray idx = NDArray.of(new int[] {4}, 2, 0, 2, 1);
        return Stream.of(
                new Case("select by index tensor", t -> t.get(0).select(0, idx).square(), List.of(n(1, 3, 2))),
                new Case("scatter-add by index tensor", t -> t.get(0).scatterAdd(0, idx, 3).square(), List.of(n(2, 4, 2))),
                new Case("segment sum (with an empty segment)", t -> t.get(0).segmentSum(new int[] {0, 2, 2, 5}).square(), List.of(n(3, 5, 3))),
                new Case("CSR × dense (both operands)", t -> Sparse.matmul(RECT, t.get(0), t.get(1)).square(), List.of(n(4, 7), n(5, 5, 3))),
                new Case("CSR × vector", t -> Sparse.matmul(RECT, t.get(0), t.get(1)).tanh(), List.of(n(6, 7), n(7, 5))),
                new Case("CSRᵀ × dense (adjoint)", t -> Sparse.matmulTransposed(RECT, t.get(0), t.get(1)).square(), List.of(n(8, 7), n(9, 4, 3))),
                new Case("sampled product", t -> Sparse.sampledProduct(RECT, t.get(0), t.get(1)).square(), List.of(n(10, 4, 3), n(11, 5, 3))),
                new Case("row sums", t -> Sparse.rowSums(RECT, t.get(0)).square(), List.of(n(12, 7))),
                new Case("symmetric normalisation (sparse)", t -> Sparse.matmul(SYM, Sparse.normalizeSymmetric(SYM, t.get(0)), t.get(1)).tanh(), List.of(symmetricValues(13), n(14, 5, 2))),
                new Case("symmetric normalisation (dense)", t -> Sparse.normalizeDense(t.get(0)).matmul(t.get(1)).tanh(), List.of(pos(15, 5, 5), n(16, 5, 2))),
                new Case("graph gradient ∇ᴬX (weights and features)", t -> GRAD.apply(GRAD.coefficients(t.get(0)), t.get(1)).tanh(), List.of(pos(17, 6), n(18, 5, 3))),
                new Case("graph divergence ∇ᴬᵀY", t -> GRAD.adjoint(GRAD.coefficients(t.get(0)), t.get(1)).tanh(), List.of(pos(19, 6), n(20, 6, 3))),
                new Case("∇ᴬᵀσ(∇ᴬX) (the flow's force)", t -> {
                    Tensor c = GRAD.coefficients(t.get(0));
                    return GRAD.adjoint(c, GRAD.apply(c, t.get(1)).tanh());
                }, List.of(pos(21, 6), n(22, 5, 2))));
    }

    @Test
    void csrProductEqualsDenseProductAndItsAdjointIsTheTransposedProduct() {
        CsrMatrix a = RECT.withValues(n(30, 7).data());
        NDArray x = n(31, 5, 3), y = n(32, 4, 3);
        NDArray dense = a.toDense();
        assertArrayEquals(dense.matmul(x).data(), a.multiply(x).data(), 1e-12);
        assertArrayEquals(a.transpose().toDense().data(), transpose(dense).data(), 0);
        double lhs = a.multiply(x).mul(y).sum().item(), rhs = x.mul(a.adjoint(y)).sum().item();
        assertEquals(lhs, rhs, 1e-12);
    }

    @Test
    void coordinatesSumDuplicatesAndSortColumns() {
        CsrMatrix a = CsrMatrix.fromCoordinates(2, 3, new int[] {1, 0, 1, 1}, new int[] {2, 1, 0, 2}, new double[] {1, 2, 3, 4});
        assertArrayEquals(new int[] {0, 1, 3}, a.indptr());
        assertArrayEquals(new int[] {1, 0, 2}, a.indices());
        assertArrayEquals(new double[] {2, 3, 5}, a.values(), 0);
    }

    @Test
    void malformedCsrIsAOneLineError() {
        var bad = assertThrows(IllegalArgumentException.class, () -> new CsrMatrix(2, 2, new int[] {0, 2, 1}, new int[] {0}, new double[1]));
        assertTrue(bad.getMessage().contains("indptr decreases at row 1"), bad.getMessage());
        var out = assertThrows(IllegalArgumentException.class, () -> new CsrMatrix(1, 2, new int[] {0, 1}, new int[] {2}, new double[1]));
        assertTrue(out.getMessage().contains("column index 2"), out.getMessage());
        var len = assertThrows(IllegalArgumentException.class, () -> new CsrMatrix(2, 2, new int[] {0, 1}, new int[] {0}, new double[1]));
        assertTrue(len.getMessage().contains("needs rows + 1"), len.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.constant(n(1, 3)).select(0, NDArray.of(new int[] {1}, 0.5)));
    }

    @Test
    void graphLaplacianNormIsAtMostTwoForAnyWeights() {
        for (long seed = 0; seed < 5; seed++) {
            NDArray a = new Rng(seed).uniform(DType.F64, 0.01, 50, 6);
            Tensor c = GRAD.coefficients(Tensor.constant(a));
            // power iteration on ∇ᵀ∇, whose top eigenvalue is ‖∇‖²
            Tensor v = Tensor.constant(n(seed + 100, 5, 1));
            double lambda = 0;
            for (int k = 0; k < 500; k++) {
                Tensor w = GRAD.adjoint(c, GRAD.apply(c, v));
                lambda = w.value().norm() / v.value().norm();
                v = w.div(w.value().norm());
            }
            assertTrue(lambda <= 2 + 1e-9, "‖∇ᴬ‖² = " + lambda);
            assertTrue(lambda > 0.5, "power iteration found " + lambda);
        }
    }

    @Test
    void graphGradientMatchesItsDefinition() {
        NDArray a = pos(40, 6), x = n(41, 5, 2);
        NDArray g = GRAD.apply(GRAD.coefficients(Tensor.constant(a)), Tensor.constant(x)).value();
        double[] d = new double[5];
        java.util.Arrays.fill(d, 1);
        for (int e = 0; e < 6; e++) { d[GRAD.sources()[e]] += a.data()[e]; d[GRAD.targets()[e]] += a.data()[e]; }
        for (int e = 0; e < 6; e++) {
            int i = GRAD.sources()[e], j = GRAD.targets()[e];
            for (int f = 0; f < 2; f++) {
                double want = Math.sqrt(a.data()[e]) * (x.get(j, f) / Math.sqrt(d[j]) - x.get(i, f) / Math.sqrt(d[i]));
                assertEquals(want, g.get(e, f), 1e-12);
            }
        }
    }

    private static NDArray transpose(NDArray m) {
        return Tensor.constant(m).transpose(0, 1).value();
    }
}
