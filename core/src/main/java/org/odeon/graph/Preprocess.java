package org.odeon.graph;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * The usual preparation of a benchmark graph: edges made undirected and unweighted
 * ({@code A ← 1[A + Aᵀ > 0]}), self-loops removed, and only the largest connected component kept
 * (nodes renumbered in their original order).
 */
public final class Preprocess {
    private Preprocess() {}

    /** Symmetric, unweighted, loop-free, largest connected component. */
    public static Graph standard(Graph g) { return largestComponent(g.withAdjacency(symmetricUnweighted(g.adjacency()))); }

    /** {@code 1[A + Aᵀ > 0]} off the diagonal. */
    public static CsrMatrix symmetricUnweighted(CsrMatrix a) {
        int n = a.rows(), m = a.nnz();
        int[] rows = a.rowIndices(), cols = a.indices();
        double[] v = a.values();
        int[] r = new int[2 * m], c = new int[2 * m];
        int k = 0;
        for (int e = 0; e < m; e++)
            if (rows[e] != cols[e] && v[e] != 0) { r[k] = rows[e]; c[k++] = cols[e]; r[k] = cols[e]; c[k++] = rows[e]; }
        CsrMatrix s = CsrMatrix.fromCoordinates(n, n, Arrays.copyOf(r, k), Arrays.copyOf(c, k), new double[k]);
        double[] ones = new double[s.nnz()];
        Arrays.fill(ones, 1);
        return s.withValues(ones);
    }

    /** Component id of each node (breadth-first search over the nonzeros, both directions assumed stored). */
    public static int[] components(CsrMatrix a) {
        int n = a.rows();
        int[] comp = new int[n], ptr = a.indptr(), idx = a.indices();
        Arrays.fill(comp, -1);
        int id = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s = 0; s < n; s++) {
            if (comp[s] >= 0) continue;
            comp[s] = id;
            queue.add(s);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                for (int k = ptr[i]; k < ptr[i + 1]; k++)
                    if (comp[idx[k]] < 0) { comp[idx[k]] = id; queue.add(idx[k]); }
            }
            id++;
        }
        return comp;
    }

    /** The subgraph on the largest connected component (ties: the one holding the lowest node). */
    public static Graph largestComponent(Graph g) {
        int[] comp = components(g.adjacency());
        int[] size = new int[g.nodes()];
        for (int c : comp) size[c]++;
        int best = 0;
        for (int c = 1; c < size.length; c++) if (size[c] > size[best]) best = c;
        if (size[best] == g.nodes()) return g;
        int[] keep = new int[size[best]], newId = new int[g.nodes()];
        Arrays.fill(newId, -1);
        int k = 0;
        for (int i = 0; i < g.nodes(); i++) if (comp[i] == best) { newId[i] = k; keep[k++] = i; }
        return subgraph(g, keep, newId);
    }

    private static Graph subgraph(Graph g, int[] keep, int[] newId) {
        CsrMatrix a = g.adjacency();
        int[] ptr = a.indptr(), idx = a.indices();
        double[] v = a.values();
        int[] r = new int[a.nnz()], c = new int[a.nnz()];
        double[] w = new double[a.nnz()];
        int m = 0;
        for (int i : keep)
            for (int k = ptr[i]; k < ptr[i + 1]; k++)
                if (newId[idx[k]] >= 0) { r[m] = newId[i]; c[m] = newId[idx[k]]; w[m++] = v[k]; }
        CsrMatrix sub = CsrMatrix.fromCoordinates(keep.length, keep.length, Arrays.copyOf(r, m), Arrays.copyOf(c, m), Arrays.copyOf(w, m));
        int f = g.features().dim(1);
        double[] x = new double[keep.length * f], src = g.features().data();
        int[] labels = new int[keep.length];
        for (int k = 0; k < keep.length; k++) {
            System.arraycopy(src, keep[k] * f, x, k * f, f);
            labels[k] = g.labels()[keep[k]];
        }
        return new Graph(sub, NDArray.of(DType.F64, new int[] {keep.length, f}, x), labels, g.classes());
    }
}
