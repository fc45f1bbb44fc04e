package org.odeon.models.graph.attack;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Sparse;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.graph.Split;
import org.odeon.nn.Init;
import org.odeon.nn.Losses;
import org.odeon.optim.Adam;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Metattack (Zügner and Günnemann, "Adversarial Attacks on Graph Neural Networks via Meta
 * Learning", 2019), the A-Meta-Self variant: a poisoning attack that treats the adjacency as a
 * hyperparameter of training.
 * <ol>
 *   <li>Self-training labels: a linearised two-layer GCN {@code Z = Â·Â·X·W₁·W₂} trained on the
 *       clean graph labels the unlabelled nodes {@code ŷ = argmax Z}; training nodes keep theirs.</li>
 *   <li>Inner training, unrolled: from a fresh initialisation {@code θ₀}, {@code T} steps of gradient
 *       descent with momentum on the training cross-entropy, {@code v ← m·v + ∇_θ L_train(θ; A)},
 *       {@code θ ← θ − η·v}, recorded so that {@code θ_T} is a differentiable function of {@code A}.</li>
 *   <li>Meta-gradient: {@code ∇_A L_self(θ_T(A))} with {@code L_self} the cross-entropy of the
 *       unlabelled nodes against ŷ; differentiating through the inner updates takes second
 *       derivatives of the training loss in θ and A.</li>
 *   <li>Greedy flips: the score of pair {i, j} is {@code (g_ij + g_ji)·(1 − 2A_ij)}, the first-order
 *       gain of toggling it; the best {@code flipsPerStep} pairs are toggled, never a pair already
 *       flipped and never an edge whose removal would leave a node without neighbours; repeat until
 *       the budget is spent.</li>
 * </ol>
 * {@code flipsPerStep = 1} is the paper's algorithm; larger values trade fidelity for one
 * meta-gradient per several flips, and weaken the attack sharply: on a 600-node CSBM (3 classes,
 * separation 1.5) 25 % Metattack leaves a GCN at 0.43 with 1 flip per meta-gradient, 0.42 with 2 and
 * 0.57 with 5 (2 seeds, clean 0.92), 0.65 with 20 (one seed). The log-likelihood degree constraint
 * of the paper is not applied.
 * Dense {@code [N, N]} adjacency: for graphs of a few thousand nodes.
 */
public final class Metattack {
    /** Surrogate and inner-training settings; the paper's are 16 hidden, 100 steps, η 0.1, m 0.9. */
    public record Settings(int hidden, int innerSteps, double innerLr, double momentum, int flipsPerStep, long seed) {
        public Settings {
            if (hidden < 1 || innerSteps < 1 || !(innerLr > 0) || !(momentum >= 0 && momentum < 1) || flipsPerStep < 1)
                throw new IllegalArgumentException("Metattack settings out of range: " + this);
        }

        public static Settings paper(long seed) { return new Settings(16, 100, 0.1, 0.9, 1, seed); }
    }

    private final Graph graph;
    private final Split split;
    private final Settings settings;
    private final Tensor x;
    private final NDArray trainLabels, selfLabels;
    private final int[] unlabelled;

    /** Trains the surrogate on the clean graph to get the self-training labels. */
    public Metattack(Graph g, Split split, Settings s) {
        this.graph = g;
        this.split = split;
        this.settings = s;
        this.x = Tensor.constant(g.features64());
        this.trainLabels = select(g.labelArray(), split.train());
        boolean[] labelled = new boolean[g.nodes()];
        for (int i : split.train()) labelled[i] = true;
        List<Integer> u = new ArrayList<>();
        for (int i = 0; i < g.nodes(); i++) if (!labelled[i]) u.add(i);
        unlabelled = u.stream().mapToInt(Integer::intValue).toArray();
        this.selfLabels = select(surrogatePredictions(), unlabelled);
    }

    /**
     * {@code P = Â·Â·X}: the linearised GCN {@code Â·Â·X·W₁·W₂} is linear in its weights given P, so
     * the graph enters the whole inner training only through P, computed once per adjacency (the
     * unrolled steps then cost {@code O(N·F·h)}, not {@code O(N²·h)}).
     */
    private Tensor propagated(Tensor normalized) { return normalized.matmul(normalized.matmul(x)); }

    private static Tensor surrogate(Tensor propagated, Tensor w1, Tensor w2) { return propagated.matmul(w1).matmul(w2); }

    private Tensor[] initialWeights(long seed) {
        Rng rng = new Rng(seed);
        int f = graph.features().dim(1), c = graph.classes(), h = settings.hidden();
        return new Tensor[] {Tensor.param(Init.xavierUniform(1).draw(DType.F64, new int[] {f, h}, rng)),
                Tensor.param(Init.xavierUniform(1).draw(DType.F64, new int[] {h, c}, rng))};
    }

    private NDArray surrogatePredictions() {
        Tensor[] w = initialWeights(settings.seed());
        Parameter p1 = new Parameter(w[0].value()), p2 = new Parameter(w[1].value());
        Adam opt = new Adam(java.util.Map.of("w1", p1, "w2", p2), 0.01, 0.9, 0.999, 1e-8, 5e-4);
        Tensor a = propagated(Tensor.constant(Sparse.normalizeDense(Tensor.constant(graph.denseAdjacency())).value()));
        for (int e = 0; e < 200; e++) {
            opt.zeroGrad();
            Losses.crossEntropy(surrogate(a, p1.tensor(), p2.tensor()).select(0, split.train()), trainLabels).backward();
            opt.step();
        }
        try (var _ = GradMode.off()) { return surrogate(a, p1.tensor(), p2.tensor()).value().argmax(1, false); }
    }

    /**
     * {@code L_self(θ_T(A))}: the self-training loss after {@code T} unrolled inner steps on the
     * (continuous, symmetric) adjacency {@code adjacency}, differentiable in it.
     */
    public Tensor metaLoss(Tensor adjacency, long initSeed) {
        Tensor a = propagated(Sparse.normalizeDense(adjacency));
        Tensor aTrain = a.select(0, split.train());       // the inner loss reads only the training rows: 10× less work per step
        Tensor[] w = initialWeights(initSeed);
        Tensor w1 = w[0], w2 = w[1], v1 = null, v2 = null;
        for (int t = 0; t < settings.innerSteps(); t++) {
            Tensor loss = Losses.crossEntropy(surrogate(aTrain, w1, w2), trainLabels);
            List<Tensor> g = Autograd.grad(List.of(loss), List.of(w1, w2), null, true);
            v1 = v1 == null ? g.get(0) : v1.mul(settings.momentum()).add(g.get(0));
            v2 = v2 == null ? g.get(1) : v2.mul(settings.momentum()).add(g.get(1));
            w1 = w1.sub(v1.mul(settings.innerLr()));
            w2 = w2.sub(v2.mul(settings.innerLr()));
        }
        return Losses.crossEntropy(surrogate(a.select(0, unlabelled), w1, w2), selfLabels);
    }

    /** {@code ∇_A L_self(θ_T(A))} at a dense adjacency (each entry separately: not symmetrised). */
    public NDArray metaGradient(NDArray adjacency, long initSeed) {
        Tensor a = Tensor.param(adjacency.astype(DType.F64));
        return Autograd.grad(List.of(metaLoss(a, initSeed)), List.of(a), null, false).get(0).value();
    }

    /** Greedy meta-gradient flips until {@code budget} pairs are toggled. */
    public EdgeFlips attack(int budget) {
        RandomAttacks.checkBudget(graph, budget);
        int n = graph.nodes();
        NDArray modified = graph.denseAdjacency();
        double[] m = modified.data();
        double[] degree = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) degree[i] += m[i * n + j];
        EdgeFlips flips = new EdgeFlips(n);
        for (int round = 0; flips.size() < budget; round++) {
            double[] g = metaGradient(modified, settings.seed() + 1 + round).data();
            int take = Math.min(settings.flipsPerStep(), budget - flips.size());
            List<long[]> ranked = topPairs(g, m, n, take * 4 + 16, flips);
            int taken = 0;
            for (long[] pair : ranked) {
                if (taken == take) break;
                int i = (int) pair[0], j = (int) pair[1];
                boolean removal = m[i * n + j] != 0;
                if (removal && (degree[i] <= 1 || degree[j] <= 1)) continue;      // no singletons
                double d = removal ? -1 : 1;
                m[i * n + j] += d;
                m[j * n + i] += d;
                degree[i] += d;
                degree[j] += d;
                flips.flip(i, j);
                taken++;
            }
            if (taken == 0) throw new IllegalStateException("Metattack found no admissible flip after " + flips.size() + " of " + budget);
        }
        return flips;
    }

    /** The {@code count} best-scoring unflipped pairs {i < j}, best first. */
    private static List<long[]> topPairs(double[] g, double[] m, int n, int count, EdgeFlips flipped) {
        java.util.PriorityQueue<double[]> heap = new java.util.PriorityQueue<>((p, q) -> Double.compare(p[0], q[0]));
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double score = (g[i * n + j] + g[j * n + i]) * (1 - 2 * m[i * n + j]);
                if (heap.size() < count) {
                    if (!flipped.contains(i, j)) heap.add(new double[] {score, i, j});
                } else if (score > heap.peek()[0] && !flipped.contains(i, j)) {
                    heap.poll();
                    heap.add(new double[] {score, i, j});
                }
            }
        List<long[]> out = new ArrayList<>();
        while (!heap.isEmpty()) {
            double[] p = heap.poll();
            out.add(0, new long[] {(long) p[1], (long) p[2]});
        }
        return out;
    }

    static NDArray select(NDArray y, int[] nodes) { return Tensor.constant(y).select(0, nodes).value(); }
}
