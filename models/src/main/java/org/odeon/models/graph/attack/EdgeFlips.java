package org.odeon.models.graph.attack;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.odeon.graph.Graph;
import org.odeon.tensor.CsrMatrix;

/**
 * A set of node pairs whose edge state is toggled (an absent edge added, a present one removed),
 * applied to a symmetric unweighted adjacency. Budgets in the literature are fractions of the
 * clean graph's edge count: {@link #budget}.
 */
public final class EdgeFlips {
    private final Set<Long> pairs = new LinkedHashSet<>();     // in the order flipped
    private final int nodes;

    public EdgeFlips(int nodes) { this.nodes = nodes; }

    private long key(int i, int j) { return (long) Math.min(i, j) * nodes + Math.max(i, j); }

    /** Toggles pair {i, j}; flipping the same pair twice undoes it. Returns whether it is now flipped. */
    public boolean flip(int i, int j) {
        if (i == j || i < 0 || j < 0 || i >= nodes || j >= nodes) throw new IllegalArgumentException("cannot flip pair (" + i + ", " + j + ") of " + nodes + " nodes");
        long k = key(i, j);
        if (pairs.remove(k)) return false;
        pairs.add(k);
        return true;
    }

    public boolean contains(int i, int j) { return pairs.contains(key(i, j)); }

    public int size() { return pairs.size(); }

    /**
     * The first {@code k} flips in the order they were made: for a greedy attack (Metattack, DICE,
     * random flips) the attack at a smaller budget, so one run at the largest rate serves every rate.
     */
    public EdgeFlips prefix(int k) {
        if (k < 0 || k > pairs.size()) throw new IllegalArgumentException("prefix of " + k + " flips out of " + pairs.size());
        EdgeFlips p = new EdgeFlips(nodes);
        java.util.Iterator<Long> it = pairs.iterator();
        for (int i = 0; i < k; i++) p.pairs.add(it.next());
        return p;
    }

    /** The flipped pairs in the order flipped, flattened {@code i₀, j₀, i₁, j₁, …} with {@code i < j}: what {@link #of} reads back. */
    public int[] pairs() {
        int[] out = new int[2 * pairs.size()];
        int k = 0;
        for (long p : pairs) { out[k++] = (int) (p / nodes); out[k++] = (int) (p % nodes); }
        return out;
    }

    /** The flips of {@link #pairs} on {@code nodes} nodes, in that order; a pair out of range, a self-pair or a repeated pair is an error. */
    public static EdgeFlips of(int nodes, int[] pairs) {
        if (pairs.length % 2 != 0) throw new IllegalArgumentException("flip pairs need an even number of node indices, got " + pairs.length);
        EdgeFlips f = new EdgeFlips(nodes);
        for (int k = 0; k < pairs.length; k += 2)
            if (!f.flip(pairs[k], pairs[k + 1])) throw new IllegalArgumentException("pair (" + pairs[k] + ", " + pairs[k + 1] + ") is flipped twice");
        return f;
    }

    /** {@code round(rate · edges)}, the number of flips a perturbation rate allows. */
    public static int budget(Graph g, double rate) {
        if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("perturbation rate must lie in [0, 1], got " + rate);
        return (int) Math.round(rate * g.edges());
    }

    /** Whether {i, j} is an edge of the symmetric adjacency {@code a}. */
    public static boolean isEdge(CsrMatrix a, int i, int j) {
        int[] ptr = a.indptr();
        return Arrays.binarySearch(a.indices(), ptr[i], ptr[i + 1], j) >= 0;
    }

    /**
     * What the flips do to graph {@code g}, as fractions of all flips: {@code inserted} (a non-edge
     * made an edge), {@code insertedAcrossClasses} (an insertion between nodes of different classes)
     * and {@code touchingLabelled} (a flip with an endpoint among {@code labelled}).
     */
    public record Profile(double inserted, double insertedAcrossClasses, double touchingLabelled) {}

    public Profile profile(Graph g, int[] labelled) {
        boolean[] known = new boolean[g.nodes()];
        for (int i : labelled) known[i] = true;
        int inserted = 0, across = 0, touching = 0;
        for (long p : pairs) {
            int i = (int) (p / nodes), j = (int) (p % nodes);
            if (!isEdge(g.adjacency(), i, j)) {
                inserted++;
                if (g.labels()[i] != g.labels()[j]) across++;
            }
            if (known[i] || known[j]) touching++;
        }
        double n = Math.max(1, pairs.size());
        return new Profile(inserted / n, across / n, touching / n);
    }

    /** The adjacency with every flipped pair toggled (unit weights). */
    public CsrMatrix apply(CsrMatrix a) {
        int m = a.nnz();
        int[] rows = a.rowIndices(), cols = a.indices();
        int[] r = new int[m + 2 * pairs.size()], c = new int[r.length];
        int k = 0;
        for (int e = 0; e < m; e++)
            if (!contains(rows[e], cols[e])) { r[k] = rows[e]; c[k++] = cols[e]; }
        for (long p : pairs) {
            int i = (int) (p / nodes), j = (int) (p % nodes);
            if (!isEdge(a, i, j)) { r[k] = i; c[k++] = j; r[k] = j; c[k++] = i; }
        }
        double[] ones = new double[k];
        Arrays.fill(ones, 1);
        return CsrMatrix.fromCoordinates(a.rows(), a.cols(), Arrays.copyOf(r, k), Arrays.copyOf(c, k), ones);
    }
}
