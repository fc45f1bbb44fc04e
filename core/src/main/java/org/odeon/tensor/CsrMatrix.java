package org.odeon.tensor;

import java.util.Arrays;

/**
 * A sparse matrix {@code A: [rows, cols]} in compressed sparse row form: the nonzeros of row
 * {@code i} are {@code values[k]} at columns {@code indices[k]} for {@code indptr[i] ≤ k < indptr[i+1]}.
 *
 * <p>As a {@link LinearMap} it is the product {@code X ↦ A·X} on {@code X: [cols]} or
 * {@code [cols, F]}; the adjoint {@code Y ↦ Aᵀ·Y} is the product with the transposed CSR matrix
 * (built once and kept). The pattern is also what differentiation in the values needs: the
 * derivative of {@code ⟨G, A·X⟩} in {@code values[k]} at {@code (i, j)} is the sampled product
 * {@code Σ_f G[i,f]·X[j,f]} ({@link #sampledProduct}).
 */
public final class CsrMatrix implements LinearMap {
    private final int rows, cols;
    private final int[] indptr, indices;
    private final double[] values;
    private CsrMatrix transposed;
    private int[] transposeSource;

    /**
     * Checks the arrays (one-line {@link IllegalArgumentException} naming what is wrong) and keeps
     * them without copying.
     */
    public CsrMatrix(int rows, int cols, int[] indptr, int[] indices, double[] values) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("CSR shape [" + rows + ", " + cols + "] is negative");
        if (indptr.length != rows + 1)
            throw new IllegalArgumentException("CSR indptr has " + indptr.length + " entries for " + rows + " rows (needs rows + 1)");
        if (indices.length != values.length)
            throw new IllegalArgumentException("CSR has " + indices.length + " indices but " + values.length + " values");
        if (indptr[0] != 0) throw new IllegalArgumentException("CSR indptr[0] is " + indptr[0] + ", not 0");
        for (int i = 0; i < rows; i++)
            if (indptr[i + 1] < indptr[i])
                throw new IllegalArgumentException("CSR indptr decreases at row " + i + " (" + indptr[i] + " > " + indptr[i + 1] + ")");
        if (indptr[rows] != indices.length)
            throw new IllegalArgumentException("CSR indptr ends at " + indptr[rows] + " but there are " + indices.length + " nonzeros");
        for (int k = 0; k < indices.length; k++)
            if (indices[k] < 0 || indices[k] >= cols)
                throw new IllegalArgumentException("CSR column index " + indices[k] + " at nonzero " + k + " is outside [0, " + cols + ")");
        this.rows = rows;
        this.cols = cols;
        this.indptr = indptr;
        this.indices = indices;
        this.values = values;
    }

    /** From coordinates {@code (r[k], c[k], v[k])}; duplicates are summed, columns sorted within rows. */
    public static CsrMatrix fromCoordinates(int rows, int cols, int[] r, int[] c, double[] v) {
        if (r.length != c.length || r.length != v.length)
            throw new IllegalArgumentException("coordinates: " + r.length + " rows, " + c.length + " columns, " + v.length + " values");
        int[] count = new int[rows + 1];
        for (int k = 0; k < r.length; k++) {
            if (r[k] < 0 || r[k] >= rows) throw new IllegalArgumentException("row index " + r[k] + " outside [0, " + rows + ")");
            count[r[k] + 1]++;
        }
        for (int i = 0; i < rows; i++) count[i + 1] += count[i];
        int[] at = Arrays.copyOf(count, rows), col = new int[r.length];
        double[] val = new double[r.length];
        for (int k = 0; k < r.length; k++) {
            int p = at[r[k]]++;
            col[p] = c[k];
            val[p] = v[k];
        }
        // sort each row by column and merge duplicates
        int[] ptr = new int[rows + 1], outCol = new int[r.length];
        double[] outVal = new double[r.length];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            int lo = count[i], hi = count[i + 1];
            Integer[] order = new Integer[hi - lo];
            for (int k = 0; k < order.length; k++) order[k] = lo + k;
            Arrays.sort(order, (a, b) -> Integer.compare(col[a], col[b]));
            for (int k = 0; k < order.length; k++) {
                int p = order[k];
                if (n > ptr[i] && outCol[n - 1] == col[p]) outVal[n - 1] += val[p];
                else {
                    outCol[n] = col[p];
                    outVal[n++] = val[p];
                }
            }
            ptr[i + 1] = n;
        }
        return new CsrMatrix(rows, cols, ptr, Arrays.copyOf(outCol, n), Arrays.copyOf(outVal, n));
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    public int nnz() { return indices.length; }

    /** The row pointers (not a copy: read-only). */
    public int[] indptr() { return indptr; }

    /** The column of each nonzero (not a copy: read-only). */
    public int[] indices() { return indices; }

    /** The values (not a copy: read-only). */
    public double[] values() { return values; }

    /** The row of each nonzero. */
    public int[] rowIndices() {
        int[] r = new int[indices.length];
        for (int i = 0; i < rows; i++) Arrays.fill(r, indptr[i], indptr[i + 1], i);
        return r;
    }

    /** The same pattern with other values (the transpose is shared with this matrix). */
    public CsrMatrix withValues(double[] v) {
        if (v.length != indices.length) throw new IllegalArgumentException("CSR pattern has " + indices.length + " nonzeros, got " + v.length + " values");
        CsrMatrix m = new CsrMatrix(rows, cols, indptr, indices, v, true);
        if (transposed != null) {
            double[] tv = new double[v.length];
            for (int k = 0; k < tv.length; k++) tv[k] = v[transposeSource[k]];
            m.transposed = new CsrMatrix(cols, rows, transposed.indptr, transposed.indices, tv, true);
            m.transposeSource = transposeSource;
            m.transposed.transposed = m;
            m.transposed.transposeSource = inverse(transposeSource);
        }
        return m;
    }

    private CsrMatrix(int rows, int cols, int[] indptr, int[] indices, double[] values, boolean checked) {
        this.rows = rows;
        this.cols = cols;
        this.indptr = indptr;
        this.indices = indices;
        this.values = values;
    }

    /** {@code Aᵀ} in CSR form (computed once); as a linear map, the adjoint of this one. */
    @Override public synchronized CsrMatrix transpose() {
        if (transposed == null) {
            int n = indices.length;
            int[] ptr = new int[cols + 1];
            for (int j : indices) ptr[j + 1]++;
            for (int j = 0; j < cols; j++) ptr[j + 1] += ptr[j];
            int[] at = Arrays.copyOf(ptr, cols), idx = new int[n], src = new int[n];
            double[] val = new double[n];
            for (int i = 0; i < rows; i++)
                for (int k = indptr[i]; k < indptr[i + 1]; k++) {
                    int p = at[indices[k]]++;
                    idx[p] = i;
                    val[p] = values[k];
                    src[p] = k;
                }
            CsrMatrix t = new CsrMatrix(cols, rows, ptr, idx, val, true);
            t.transposed = this;
            t.transposeSource = inverse(src);
            transposeSource = src;
            transposed = t;
        }
        return transposed;
    }

    /** For each nonzero of {@link #transpose()}, the index of the same entry among this matrix's nonzeros. */
    public int[] transposeSource() {
        transpose();
        return transposeSource;
    }

    private static int[] inverse(int[] p) {
        int[] q = new int[p.length];
        for (int k = 0; k < p.length; k++) q[p[k]] = k;
        return q;
    }

    /** {@code A·x} for {@code x: [cols]} or {@code [cols, F]}. */
    public NDArray multiply(NDArray x) {
        int f = width(x, cols, "multiply");
        double[] xs = x.data(), out = new double[rows * f];
        Parallel.rows(rows, Math.max(1, f * (indices.length / Math.max(1, rows) + 1)), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int oi = i * f, k = indptr[i], end = indptr[i + 1];
                // four nonzeros per pass over the output row: a quarter of the loads and stores of out
                for (; k + 3 < end; k += 4) {
                    double v0 = values[k], v1 = values[k + 1], v2 = values[k + 2], v3 = values[k + 3];
                    int x0 = indices[k] * f, x1 = indices[k + 1] * f, x2 = indices[k + 2] * f, x3 = indices[k + 3] * f;
                    for (int c = 0; c < f; c++) out[oi + c] += v0 * xs[x0 + c] + v1 * xs[x1 + c] + v2 * xs[x2 + c] + v3 * xs[x3 + c];
                }
                for (; k < end; k++) {
                    double v = values[k];
                    int xj = indices[k] * f;
                    for (int c = 0; c < f; c++) out[oi + c] += v * xs[xj + c];
                }
            }
        });
        int[] shape = x.rank() == 1 ? new int[] {rows} : new int[] {rows, f};
        return NDArray.owned(x.dtype(), shape, out);
    }

    /**
     * The sampled product {@code s[k] = Σ_f g[i,f]·x[j,f]} at each nonzero {@code k = (i, j)}:
     * the gradient of {@code ⟨g, A·x⟩} in the values.
     */
    public NDArray sampledProduct(NDArray g, NDArray x) {
        int f = width(x, cols, "sampledProduct");
        if (width(g, rows, "sampledProduct") != f || g.rank() != x.rank())
            throw new IllegalArgumentException("sampledProduct: shapes " + Shape.str(g.shape()) + " and " + Shape.str(x.shape()) + " do not match");
        double[] gs = g.data(), xs = x.data(), out = new double[indices.length];
        Parallel.rows(rows, Math.max(1, f * (indices.length / Math.max(1, rows) + 1)), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int gi = i * f;
                for (int k = indptr[i]; k < indptr[i + 1]; k++) {
                    int xj = indices[k] * f;
                    double s = 0;
                    for (int c = 0; c < f; c++) s += gs[gi + c] * xs[xj + c];
                    out[k] = s;
                }
            }
        });
        return NDArray.owned(DType.promote(g.dtype(), x.dtype()), new int[] {indices.length}, out);
    }

    private static int width(NDArray x, int n, String what) {
        if (x.rank() < 1 || x.rank() > 2 || x.dim(0) != n)
            throw new IllegalArgumentException(what + ": expected [" + n + "] or [" + n + ", F], got " + Shape.str(x.shape()));
        return x.rank() == 1 ? 1 : x.dim(1);
    }

    @Override public NDArray apply(NDArray x) { return multiply(x); }

    @Override public NDArray adjoint(NDArray y) { return transpose().multiply(y); }

    /** The dense {@code [rows, cols]} array. */
    public NDArray toDense() {
        double[] d = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int k = indptr[i]; k < indptr[i + 1]; k++) d[i * cols + indices[k]] += values[k];
        return NDArray.of(DType.F64, new int[] {rows, cols}, d);
    }

    @Override public String toString() { return "CsrMatrix([" + rows + ", " + cols + "], nnz " + indices.length + ")"; }
}
