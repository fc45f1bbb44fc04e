package org.odeon.models.graph.attack;

import org.odeon.graph.Graph;
import org.odeon.tensor.Rng;

/**
 * Structure perturbations that use no model.
 * <ul>
 *   <li>random flips: {@code budget} distinct node pairs drawn uniformly, each toggled;</li>
 *   <li>DICE (Waniek et al.: "delete internally, connect externally"): each flip removes an edge
 *       between two nodes of the same class or adds one between two classes, with equal chance —
 *       it uses the labels and nothing else.</li>
 * </ul>
 */
public final class RandomAttacks {
    private RandomAttacks() {}

    public static EdgeFlips randomFlips(Graph g, int budget, long seed) {
        checkBudget(g, budget);
        Rng rng = new Rng(seed);
        EdgeFlips f = new EdgeFlips(g.nodes());
        while (f.size() < budget) {
            int i = rng.nextInt(g.nodes()), j = rng.nextInt(g.nodes());
            if (i != j && !f.contains(i, j)) f.flip(i, j);
        }
        return f;
    }

    public static EdgeFlips dice(Graph g, int budget, long seed) {
        checkBudget(g, budget);
        Rng rng = new Rng(seed);
        int n = g.nodes();
        int[] y = g.labels(), rows = g.adjacency().rowIndices(), cols = g.adjacency().indices();
        EdgeFlips f = new EdgeFlips(n);
        int guard = 0;
        while (f.size() < budget) {
            if (++guard > 1000 * (budget + 10)) throw new IllegalStateException("DICE found no more pairs to flip after " + f.size() + " of " + budget);
            if (rng.uniform() < 0.5) {            // delete an intra-class edge
                int e = rng.nextInt(rows.length);
                if (y[rows[e]] == y[cols[e]] && !f.contains(rows[e], cols[e])) f.flip(rows[e], cols[e]);
            } else {                               // connect two classes
                int i = rng.nextInt(n), j = rng.nextInt(n);
                if (y[i] != y[j] && !EdgeFlips.isEdge(g.adjacency(), i, j) && !f.contains(i, j)) f.flip(i, j);
            }
        }
        return f;
    }

    static void checkBudget(Graph g, int budget) {
        long pairs = (long) g.nodes() * (g.nodes() - 1) / 2;
        if (budget < 0 || budget > pairs) throw new IllegalArgumentException("budget " + budget + " is outside [0, " + pairs + "] node pairs");
    }
}
