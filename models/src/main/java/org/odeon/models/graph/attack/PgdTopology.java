package org.odeon.models.graph.attack;

import java.util.List;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.models.graph.Gcn;
import org.odeon.nn.Losses;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The PGD topology attack (Xu et al., "Topology Attack and Defense for Graph Neural Networks: An
 * Optimization Perspective", 2019) on a trained GCN: edge flips relaxed to {@code s ∈ [0, 1]} per
 * pair {@code i < j}, the perturbed adjacency {@code A(s) = A + (1 − 2A)∘(S + Sᵀ)} with S the strict
 * upper triangle holding s, and projected gradient ascent on the cross-entropy of the attacked
 * nodes,
 * <pre>
 *   s ← Π_{[0,1]ᴾ ∩ {1ᵀs ≤ Δ}}(s + η/√t · ∇ₛL / ‖∇ₛL‖∞)
 * </pre>
 * (the projection: {@code clip(s − μ, 0, 1)} with the smallest {@code μ ≥ 0} meeting the budget,
 * found by bisection). Then {@code samples} Bernoulli(s) draws within budget are tried and the one
 * with the largest loss is kept (the top-Δ pairs of s if no draw is within budget).
 */
public final class PgdTopology {
    private PgdTopology() {}

    public static EdgeFlips attack(Gcn model, Graph g, int[] nodes, NDArray labels, int budget, int steps, double lr, int samples, long seed) {
        RandomAttacks.checkBudget(g, budget);
        int n = g.nodes();
        NDArray a = g.denseAdjacency(), flipSign = a.mul(-2).add(1), upper = upperMask(n);
        Tensor x = Tensor.constant(g.features64());
        NDArray s = NDArray.zeros(DType.F64, n, n);
        if (budget == 0) return new EdgeFlips(n);
        for (int t = 1; t <= steps; t++) {
            Tensor st = Tensor.param(s);
            Tensor loss = loss(model, a, flipSign, st, x, nodes, labels);
            NDArray grad = Autograd.grad(List.of(loss), List.of(st), null, false).get(0).value().mul(upper);
            double scale = 0;
            for (double v : grad.data()) scale = Math.max(scale, Math.abs(v));
            if (scale == 0) break;
            s = project(s.add(grad.mul(lr / Math.sqrt(t) / scale)), upper, budget);
        }
        return sample(model, g, a, flipSign, s, x, nodes, labels, budget, samples, seed);
    }

    private static Tensor loss(Gcn model, NDArray a, NDArray flipSign, Tensor s, Tensor x, int[] nodes, NDArray labels) {
        Tensor sym = s.add(s.transpose(0, 1));
        Tensor perturbed = Tensor.constant(a).add(sym.mulConst(flipSign));
        return Losses.crossEntropy(model.forwardDense(perturbed, x).select(0, nodes), labels);
    }

    static NDArray upperMask(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m[i * n + j] = 1;
        return NDArray.of(new int[] {n, n}, m);
    }

    /** Onto {@code {0 ≤ s ≤ 1, Σ s ≤ Δ}} over the upper triangle. */
    static NDArray project(NDArray s, NDArray upper, double budget) {
        double[] v = s.toArray(), u = upper.data();
        if (sumClipped(v, u, 0) <= budget) return clip(v, u, 0, s.shape());
        double lo = 0, hi = 0;
        for (int k = 0; k < v.length; k++) if (u[k] != 0) hi = Math.max(hi, v[k]);
        for (int it = 0; it < 60; it++) {
            double mid = 0.5 * (lo + hi);
            if (sumClipped(v, u, mid) > budget) lo = mid; else hi = mid;
        }
        return clip(v, u, hi, s.shape());
    }

    private static double sumClipped(double[] v, double[] u, double mu) {
        double sum = 0;
        for (int k = 0; k < v.length; k++) if (u[k] != 0) sum += Math.min(1, Math.max(0, v[k] - mu));
        return sum;
    }

    private static NDArray clip(double[] v, double[] u, double mu, int[] shape) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) out[k] = u[k] != 0 ? Math.min(1, Math.max(0, v[k] - mu)) : 0;
        return NDArray.of(shape, out);
    }

    private static EdgeFlips sample(Gcn model, Graph g, NDArray a, NDArray flipSign, NDArray s, Tensor x, int[] nodes, NDArray labels, int budget, int samples, long seed) {
        int n = g.nodes();
        double[] p = s.data();
        Rng rng = new Rng(seed);
        double bestLoss = Double.NEGATIVE_INFINITY;
        NDArray best = null;
        try (var _ = GradMode.off()) {
            for (int k = 0; k < samples; k++) {
                double[] draw = new double[p.length];
                int count = 0;
                for (int q = 0; q < p.length; q++) if (p[q] > 0 && rng.uniform() < p[q]) { draw[q] = 1; count++; }
                if (count > budget) continue;
                NDArray d = NDArray.of(new int[] {n, n}, draw);
                double l = loss(model, a, flipSign, Tensor.constant(d), x, nodes, labels).item();
                if (l > bestLoss) { bestLoss = l; best = d; }
            }
        }
        if (best == null) best = topK(p, n, budget);
        EdgeFlips flips = new EdgeFlips(n);
        double[] b = best.data();
        for (int q = 0; q < b.length; q++) if (b[q] != 0) flips.flip(q / n, q % n);
        return flips;
    }

    private static NDArray topK(double[] p, int n, int k) {
        Integer[] order = new Integer[p.length];
        for (int q = 0; q < p.length; q++) order[q] = q;
        java.util.Arrays.sort(order, (i, j) -> Double.compare(p[j], p[i]));
        double[] out = new double[p.length];
        for (int q = 0; q < k && p[order[q]] > 0; q++) out[order[q]] = 1;
        return NDArray.of(new int[] {n, n}, out);
    }
}
