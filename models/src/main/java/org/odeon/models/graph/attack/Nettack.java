package org.odeon.models.graph.attack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.graph.Split;
import org.odeon.nn.Init;
import org.odeon.nn.Losses;
import org.odeon.nn.Parameter;
import org.odeon.optim.Adam;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Nettack (Zügner, Akbarnejad and Günnemann, "Adversarial Attacks on Neural Networks for Graph
 * Data", 2018), structure perturbations of the direct kind: a targeted attack that lowers the
 * classification margin of chosen nodes.
 * <ol>
 *   <li>Surrogate: the linearised two-layer GCN {@code Z = Â²·X·W} ({@code Â = D^{-1/2}(A + I)D^{-1/2}}),
 *       {@code W} trained by Adam on the training nodes' cross-entropy; {@code H = X·W} is then fixed.</li>
 *   <li>For target {@code v} with label {@code y}, the margin {@code m(A) = Z_vy − max_{c≠y} Z_vc}.</li>
 *   <li>Greedy: {@code budget} times, toggle the pair {@code {v, u}} whose toggle gives the smallest
 *       margin, computed exactly: a toggle changes the degrees of {@code v} and {@code u} only, so row
 *       {@code v} of {@code Â'²H} needs {@code (Â'H)_k} for {@code k ∈ N'(v) ∪ {v}} alone. A pair is
 *       toggled at most once and no removal leaves a node without neighbours.</li>
 * </ol>
 * Several targets are attacked one after another on the graph as the earlier ones left it (one
 * poisoned graph for all). Not applied: the paper's degree-distribution and feature co-occurrence
 * tests and its feature perturbations.
 */
public final class Nettack {
    private final Graph graph;
    private final double[] h;   // X·W, [N, C] row-major
    private final int classes;

    /** Trains the linearised surrogate on {@code g}'s training nodes (200 Adam steps, lr 0.01, weight decay 5e-4). */
    public Nettack(Graph g, Split split, long seed) {
        this.graph = g;
        this.classes = g.classes();
        Tensor x = Tensor.constant(g.features64());
        CsrMatrix a = normalized(g);
        Tensor p = x.linear(a).linear(a);     // Â²X: the surrogate is linear in W given it
        Parameter w = new Parameter(Init.xavierUniform(1).draw(DType.F64, new int[] {g.features().dim(1), classes}, new Rng(seed)));
        Adam opt = new Adam(java.util.Map.of("w", w), 0.01, 0.9, 0.999, 1e-8, 5e-4);
        NDArray y = Tensor.constant(g.labelArray()).select(0, split.train()).value();
        for (int e = 0; e < 200; e++) {
            opt.zeroGrad();
            Losses.crossEntropy(p.matmul(w.tensor()).select(0, split.train()), y).backward();
            opt.step();
        }
        try (var _ = GradMode.off()) { this.h = x.matmul(w.tensor()).value().data().clone(); }
    }

    private static CsrMatrix normalized(Graph g) {
        CsrMatrix loops = g.withSelfLoops();
        double[] deg = new double[g.nodes()], v = loops.values().clone();
        int[] r = loops.rowIndices(), c = loops.indices();
        for (int k = 0; k < v.length; k++) deg[r[k]] += v[k];
        for (int k = 0; k < v.length; k++) v[k] /= Math.sqrt(deg[r[k]] * deg[c[k]]);
        return loops.withValues(v);
    }

    /** The surrogate's margin of node {@code v} for its true label on adjacency {@code a} (unit weights), from scratch. */
    public double margin(CsrMatrix a, int v) {
        List<Set<Integer>> nb = neighbours(a);
        return margin(nb, v, -1);
    }

    /** The surrogate's logits {@code Â²·H} on adjacency {@code a} (unit weights), by two sparse products. */
    public NDArray logits(CsrMatrix a) {
        CsrMatrix norm = normalized(graph.withAdjacency(a));
        return norm.multiply(norm.multiply(NDArray.of(DType.F64, new int[] {graph.nodes(), classes}, h.clone())));
    }

    /** Attacks each target in turn with {@code budget} toggles; returns every toggle made. */
    public EdgeFlips attack(int[] targets, int budget) {
        if (budget < 0) throw new IllegalArgumentException("Nettack budget must be ≥ 0, got " + budget);
        int n = graph.nodes();
        List<Set<Integer>> nb = neighbours(graph.adjacency());
        EdgeFlips flips = new EdgeFlips(n);
        for (int v : targets) {
            if (v < 0 || v >= n) throw new IllegalArgumentException("Nettack target " + v + " is not a node of a " + n + "-node graph");
            Set<Integer> touched = new HashSet<>();
            for (int step = 0; step < budget; step++) {
                int best = -1;
                double bestMargin = Double.POSITIVE_INFINITY;
                for (int u = 0; u < n; u++) {
                    if (u == v || touched.contains(u) || flips.contains(v, u)) continue;
                    if (nb.get(v).contains(u) && (nb.get(v).size() <= 1 || nb.get(u).size() <= 1)) continue;   // no singletons
                    double m = margin(nb, v, u);
                    if (m < bestMargin) { bestMargin = m; best = u; }
                }
                if (best < 0) break;
                toggle(nb, v, best);
                touched.add(best);
                flips.flip(v, best);
            }
        }
        return flips;
    }

    private static List<Set<Integer>> neighbours(CsrMatrix a) {
        List<Set<Integer>> nb = new ArrayList<>();
        for (int i = 0; i < a.rows(); i++) {
            Set<Integer> s = new HashSet<>();
            for (int k = a.indptr()[i]; k < a.indptr()[i + 1]; k++) if (a.indices()[k] != i) s.add(a.indices()[k]);
            nb.add(s);
        }
        return nb;
    }

    private static void toggle(List<Set<Integer>> nb, int v, int u) {
        if (!nb.get(v).remove(u)) nb.get(v).add(u);
        if (!nb.get(u).remove(v)) nb.get(u).add(v);
    }

    /** The margin of {@code v} with pair {v, u} toggled ({@code u < 0}: as is); the toggle is undone before returning. */
    private double margin(List<Set<Integer>> nb, int v, int u) {
        if (u >= 0) toggle(nb, v, u);
        try {
            double[] z = new double[classes];
            double dv = nb.get(v).size() + 1;
            addPropagated(nb, v, 1 / dv, z);                       // k = v: Â'_vv = 1/d'_v
            for (int k : nb.get(v)) addPropagated(nb, k, 1 / Math.sqrt(dv * (nb.get(k).size() + 1)), z);
            int y = graph.labels()[v];
            double other = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) if (c != y) other = Math.max(other, z[c]);
            return z[y] - other;
        } finally {
            if (u >= 0) toggle(nb, v, u);
        }
    }

    /** {@code z += s·(Â'H)_k}. */
    private void addPropagated(List<Set<Integer>> nb, int k, double s, double[] z) {
        double dk = nb.get(k).size() + 1;
        for (int c = 0; c < classes; c++) z[c] += s / dk * h[k * classes + c];
        for (int j : nb.get(k)) {
            double w = s / Math.sqrt(dk * (nb.get(j).size() + 1));
            for (int c = 0; c < classes; c++) z[c] += w * h[j * classes + c];
        }
    }
}
