package org.odeon.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.io.MalformedFileException;
import org.odeon.io.Npy;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.NDArray;

/** CSBM sampling, the graph .npz reader and its errors, preprocessing, splits. */
class GraphDataTest {
    @TempDir Path dir;

    @Test
    void csbmIsSeededBalancedSymmetricAndHasTheRequestedDegreesAndSeparation() {
        Csbm model = Csbm.ofDegrees(600, 3, 8, 2, 16, 3.0);
        Graph g = model.sample(5), again = model.sample(5), other = model.sample(6);
        assertArrayEquals(g.adjacency().indices(), again.adjacency().indices());
        assertArrayEquals(g.features().data(), again.features().data(), 0);
        assertFalse(Arrays.equals(g.adjacency().indices(), other.adjacency().indices()));
        int[] count = new int[3];
        for (int y : g.labels()) count[y]++;
        assertArrayEquals(new int[] {200, 200, 200}, count);
        NDArray a = g.denseAdjacency();
        int intra = 0, inter = 0;
        for (int i = 0; i < 600; i++)
            for (int j = 0; j < 600; j++) {
                assertEquals(a.get(i, j), a.get(j, i));
                if (a.get(i, j) != 0) { if (g.labels()[i] == g.labels()[j]) intra++; else inter++; }
            }
        assertEquals(8, intra / 600.0, 0.5);      // mean intra-class degree
        assertEquals(2, inter / 600.0, 0.3);
        // class means are `separation` apart: estimate from the sample means of two classes
        double[] m0 = new double[16], m1 = new double[16];
        for (int i = 0; i < 600; i++)
            for (int f = 0; f < 16; f++) {
                if (g.labels()[i] == 0) m0[f] += g.features().get(i, f) / 200;
                if (g.labels()[i] == 1) m1[f] += g.features().get(i, f) / 200;
            }
        double d = 0;
        for (int f = 0; f < 16; f++) d += (m0[f] - m1[f]) * (m0[f] - m1[f]);
        assertEquals(3.0, Math.sqrt(d), 0.4);
    }

    @Test
    void csbmRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Csbm(100, 3, 1.5, 0.1, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new Csbm(100, 3, 0.1, 0.1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new Csbm(100, 3, 0.1, 0.1, 8, Double.NaN));
    }

    /** A 6-node file: triangle 0-1-2 with a self-loop and a one-way edge, edge 3-4, isolated 5; CSR features; an object member. */
    private Path writeGraph(String name, Map<String, NDArray> override) throws IOException {
        Map<String, NDArray> m = new LinkedHashMap<>();
        // rows: 0:{1,0(self)} 1:{2} 2:{0} 3:{4} 4:{3} 5:{}
        m.put("adj_data", vec(1, 1, 1, 1, 1, 1));
        m.put("adj_indices", vec(1, 0, 2, 0, 4, 3));
        m.put("adj_indptr", vec(0, 2, 3, 4, 5, 6, 6));
        m.put("adj_shape", vec(6, 6));
        m.put("attr_data", vec(1, 2, 3));
        m.put("attr_indices", vec(0, 1, 2));
        m.put("attr_indptr", vec(0, 1, 1, 2, 2, 3, 3));
        m.put("attr_shape", vec(6, 3));
        m.put("labels", vec(0, 1, 1, 2, 2, 0));
        override.forEach((k, v) -> { if (v == null) m.remove(k); else m.put(k, v); });   // null removes a member
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : m.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                Path member = dir.resolve(name + "." + e.getKey() + ".npy");
                Npy.write(member, e.getValue());
                zip.write(Files.readAllBytes(member));
                zip.closeEntry();
            }
            // a member this reader cannot hold: a pickled object array, as scipy/numpy write node names
            zip.putNextEntry(new ZipEntry("idx_to_node.npy"));
            String header = "{'descr': '|O', 'fortran_order': False, 'shape': (6,), }";
            zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
            zip.write(header.getBytes(StandardCharsets.US_ASCII));
            zip.write(new byte[] {(byte) 0x80, 2, 'c', 'n', 'u', 'm', 'p', 'y'});
            zip.closeEntry();
        }
        return p;
    }

    private static NDArray vec(double... v) { return NDArray.of(new int[] {v.length}, v); }

    @Test
    void readsAGraphFileSkippingObjectMembersAndPreprocessesIt() throws IOException {
        Graph raw = GraphNpz.read(writeGraph("g.npz", Map.of()));
        assertEquals(6, raw.nodes());
        assertEquals(3, raw.classes());
        assertEquals(2.0, raw.features().get(2, 1));
        Graph g = Preprocess.standard(raw);
        assertEquals(3, g.nodes(), "largest component is the triangle");
        NDArray a = g.denseAdjacency();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) assertEquals(i == j ? 0 : 1, a.get(i, j), "symmetric, unweighted, loop-free at " + i + "," + j);
        assertArrayEquals(new int[] {0, 1, 1}, g.labels());
        assertEquals(2.0, g.features().get(2, 1));
    }

    @Test
    void denseFeaturesAndMissingFeaturesAreRead() throws IOException {
        Map<String, NDArray> dense = new LinkedHashMap<>();
        for (String k : new String[] {"attr_data", "attr_indices", "attr_indptr", "attr_shape"}) dense.put(k, null);
        Graph none = GraphNpz.read(writeGraph("none.npz", dense));
        assertArrayEquals(NDArray.eye(org.odeon.tensor.DType.F64, 6).data(), none.features().data(), 0, "no attributes: identity features");
        dense.put("attr_matrix", NDArray.of(new int[] {6, 2}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
        Graph g = GraphNpz.read(writeGraph("dense.npz", dense));
        assertEquals(2, g.features().dim(1));
        assertEquals(8.0, g.features().get(3, 1));
    }

    @Test
    void malformedFilesGiveOneLineErrors() throws IOException {
        record Bad(String name, Map<String, NDArray> override, String expect) {}
        for (Bad b : new Bad[] {
                new Bad("indptr.npz", Map.of("adj_indptr", vec(0, 2, 1, 4, 5, 6, 6)), "indptr decreases at row 1"),
                new Bad("range.npz", Map.of("adj_indices", vec(1, 0, 2, 0, 9, 3)), "column index 9"),
                new Bad("labels.npz", Map.of("labels", vec(0, 1, 1, 2)), "labels has 4 entries for 6 nodes"),
                new Bad("frac.npz", Map.of("labels", vec(0, 1, 1, 2, 0.5, 0)), "not an integer")}) {
            Path p = writeGraph(b.name(), b.override());
            MalformedFileException e = assertThrows(MalformedFileException.class, () -> GraphNpz.read(p), b.name());
            assertTrue(e.getMessage().contains(b.expect()) && e.getMessage().contains(b.name()) && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void splitsAreSeededDisjointAndTenTenEighty() {
        Split s = Split.random(1000, 0.1, 0.1, 3), t = Split.random(1000, 0.1, 0.1, 3);
        assertArrayEquals(s.train(), t.train());
        assertEquals(100, s.train().length);
        assertEquals(100, s.validation().length);
        assertEquals(800, s.test().length);
        boolean[] seen = new boolean[1000];
        for (int[] part : new int[][] {s.train(), s.validation(), s.test()})
            for (int i : part) { assertFalse(seen[i]); seen[i] = true; }
        assertFalse(Arrays.equals(s.train(), Split.random(1000, 0.1, 0.1, 4).train()));
    }

    @Test
    void selfLoopsAndDenseRoundTrip() {
        Graph g = Csbm.ofDegrees(50, 2, 4, 1, 4, 1).sample(1);
        CsrMatrix loops = g.withSelfLoops();
        assertEquals(g.adjacency().nnz() + 50, loops.nnz());
        assertArrayEquals(g.adjacency().indices(), Graph.adjacencyFromDense(g.denseAdjacency()).indices());
    }
}
