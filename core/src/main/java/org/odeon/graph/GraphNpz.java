package org.odeon.graph;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.odeon.io.MalformedFileException;
import org.odeon.io.Npz;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;

/**
 * Reads the {@code .npz} graph files of the graph-robustness literature (scipy CSR parts saved
 * with {@code numpy.savez}):
 * <pre>
 *   adj_data, adj_indices, adj_indptr, adj_shape      the adjacency
 *   attr_data, attr_indices, attr_indptr, attr_shape  features as CSR, or
 *   attr_matrix                                       dense features (absent: identity features)
 *   labels                                            one class per node
 * </pre>
 * Other members (object arrays of names, class names) are not parsed. Anything malformed is a
 * {@link MalformedFileException}, one line naming the file and what was wrong. The graph is
 * returned as stored; {@link Preprocess#standard} makes it symmetric, loop-free and connected.
 */
public final class GraphNpz {
    private GraphNpz() {}

    private static final Set<String> MEMBERS = Set.of("adj_data", "adj_indices", "adj_indptr", "adj_shape",
            "attr_data", "attr_indices", "attr_indptr", "attr_shape", "attr_matrix", "labels");

    public static Graph read(Path file) throws IOException {
        String src = file.toString();
        Map<String, NDArray> m = Npz.read(file, MEMBERS::contains);
        CsrMatrix adj = csr(m, "adj", src);
        int n = adj.rows();
        if (adj.cols() != n) throw new MalformedFileException(src, "adjacency is not square: adj_shape is [" + n + ", " + adj.cols() + "]");
        NDArray x;
        if (m.containsKey("attr_data")) {
            CsrMatrix attr = csr(m, "attr", src);
            if (attr.rows() != n) throw new MalformedFileException(src, "attr_shape has " + attr.rows() + " rows for " + n + " nodes");
            x = attr.toDense();
        } else if (m.containsKey("attr_matrix")) {
            x = m.get("attr_matrix").astype(DType.F64);
            if (x.rank() != 2 || x.dim(0) != n) throw new MalformedFileException(src, "attr_matrix must be [" + n + ", F], got " + org.odeon.tensor.Shape.str(x.shape()));
        } else {
            x = NDArray.eye(DType.F64, n);
        }
        NDArray y = need(m, "labels", src);
        if (y.rank() != 1 || y.dim(0) != n) throw new MalformedFileException(src, "labels has " + y.size() + " entries for " + n + " nodes");
        int[] labels = ints(y, "labels", src);
        int classes = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0) throw new MalformedFileException(src, "label " + labels[i] + " of node " + i + " is negative");
            classes = Math.max(classes, labels[i] + 1);
        }
        for (double v : x.data()) if (!Double.isFinite(v)) throw new MalformedFileException(src, "features hold a non-finite value");
        return new Graph(adj, x, labels, Math.max(classes, 2));
    }

    /** The CSR matrix stored as {@code <p>_data, <p>_indices, <p>_indptr, <p>_shape}. */
    private static CsrMatrix csr(Map<String, NDArray> m, String p, String src) throws MalformedFileException {
        NDArray data = need(m, p + "_data", src), shape = need(m, p + "_shape", src);
        int[] s = ints(shape, p + "_shape", src);
        if (s.length != 2 || s[0] < 0 || s[1] < 0) throw new MalformedFileException(src, p + "_shape must hold two nonnegative extents, got " + java.util.Arrays.toString(s));
        if ((long) s[0] * Math.max(1, s[1]) > 400_000_000L && p.equals("attr"))
            throw new MalformedFileException(src, "features [" + s[0] + ", " + s[1] + "] are too large to hold densely");
        try {
            return new CsrMatrix(s[0], s[1], ints(need(m, p + "_indptr", src), p + "_indptr", src), ints(need(m, p + "_indices", src), p + "_indices", src), data.astype(DType.F64).data().clone());
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(src, p + ": " + e.getMessage());
        }
    }

    private static NDArray need(Map<String, NDArray> m, String key, String src) throws MalformedFileException {
        NDArray a = m.get(key);
        if (a == null) throw new MalformedFileException(src, "member '" + key + "' is missing");
        return a;
    }

    private static int[] ints(NDArray a, String what, String src) throws MalformedFileException {
        try {
            return IndexMap.indices(a.reshape(-1), what);
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(src, e.getMessage());
        }
    }
}
