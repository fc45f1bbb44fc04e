package org.odeon.models.graph.attack;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Csbm;
import org.odeon.graph.Graph;
import org.odeon.graph.Split;
import org.odeon.models.graph.Gcn;
import org.odeon.models.graph.NodeTraining;
import org.odeon.robust.Attacks.Norm;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Structure attacks keep their budgets and hurt a GCN; meta-gradients match finite differences; feature PGD stays in its ball. */
class GraphAttacksTest {
    static final Graph G = Csbm.ofDegrees(150, 3, 5, 1, 8, 1.5).sample(3);
    static final Split SPLIT = Split.random(150, 0.1, 0.1, 4);

    static Gcn trained(Graph g, long seed) {
        Gcn m = new Gcn(8, 16, 3, new Rng(seed));
        NodeTraining.fit(m, g, SPLIT, new NodeTraining.Settings(100, 0.02, 5e-4));
        return m;
    }

    @Test
    void metaGradientsMatchFiniteDifferences() {
        Graph tiny = Csbm.ofDegrees(10, 2, 3, 1, 4, 1).sample(5);
        Split split = Split.random(10, 0.3, 0.1, 6);
        Metattack meta = new Metattack(tiny, split, new Metattack.Settings(4, 6, 0.1, 0.9, 1, 7));
        NDArray a = tiny.denseAdjacency();
        NDArray g = meta.metaGradient(a, 8);
        double h = 1e-5, worst = 0;
        int[][] pairs = {{0, 1}, {2, 7}, {3, 9}, {4, 5}, {1, 8}};
        for (int[] p : pairs) {
            double[] up = a.toArray(), down = a.toArray();
            int i = p[0], j = p[1], n = 10;
            up[i * n + j] += h; up[j * n + i] += h;
            down[i * n + j] -= h; down[j * n + i] -= h;
            // (the inner training differentiates, so these evaluations record a graph too)
            double fd = (meta.metaLoss(Tensor.constant(NDArray.of(new int[] {n, n}, up)), 8).item()
                    - meta.metaLoss(Tensor.constant(NDArray.of(new int[] {n, n}, down)), 8).item()) / (2 * h);
            double ad = g.get(i, j) + g.get(j, i);
            assertTrue(Math.abs(fd) > 1e-6, "a vanishing derivative tests nothing at " + i + "," + j);
            worst = Math.max(worst, Math.abs(ad - fd) / Math.max(1e-3, Math.abs(fd)));
        }
        assertTrue(worst < 1e-5, "meta-gradient vs finite differences: relative error " + worst);
    }

    /** One greedy step toggles the admissible pair of largest meta-gradient score {@code (g_ij + g_ji)·(1 − 2A_ij)}. */
    @Test
    void aGreedyStepTogglesThePairOfBestMetaGradientScore() {
        Graph tiny = Csbm.ofDegrees(12, 2, 3, 1, 4, 1).sample(15);
        Split split = Split.random(12, 0.3, 0.1, 16);
        Metattack meta = new Metattack(tiny, split, new Metattack.Settings(4, 6, 0.1, 0.9, 1, 17));
        NDArray a = tiny.denseAdjacency();
        NDArray g = meta.metaGradient(a, 17 + 1);       // round 0 starts its inner training from seed + 1
        int n = 12, bi = -1, bj = -1;
        double best = Double.NEGATIVE_INFINITY;
        double[] degree = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) degree[i] += a.get(i, j);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                boolean removal = a.get(i, j) != 0;
                if (removal && (degree[i] <= 1 || degree[j] <= 1)) continue;
                double score = (g.get(i, j) + g.get(j, i)) * (1 - 2 * a.get(i, j));
                if (score > best) { best = score; bi = i; bj = j; }
            }
        EdgeFlips flips = meta.attack(1);
        assertEquals(1, flips.size());
        assertTrue(flips.contains(bi, bj), "expected the flip of {" + bi + ", " + bj + "} (score " + best + ")");
    }

    @Test
    void metattackSpendsItsBudgetLeavesNoSingletonAndPoisonsAGcn() {
        int budget = EdgeFlips.budget(G, 0.25);
        EdgeFlips flips = new Metattack(G, SPLIT, new Metattack.Settings(16, 30, 0.1, 0.9, 4, 9)).attack(budget);
        assertEquals(budget, flips.size());
        Graph poisoned = G.withAdjacency(flips.apply(G.adjacency()));
        int[] ptr = poisoned.adjacency().indptr();
        for (int i = 0; i < G.nodes(); i++)
            if (G.adjacency().indptr()[i + 1] > G.adjacency().indptr()[i]) assertTrue(ptr[i + 1] > ptr[i], "node " + i + " lost all its edges");
        double clean = 0, poisonedAcc = 0, random = 0;
        Graph shuffled = G.withAdjacency(RandomAttacks.randomFlips(G, budget, 10).apply(G.adjacency()));
        for (long s = 0; s < 3; s++) {
            clean += NodeTraining.accuracy(trained(G, s), G, SPLIT.test()) / 3;
            poisonedAcc += NodeTraining.accuracy(trained(poisoned, s), poisoned, SPLIT.test()) / 3;
            random += NodeTraining.accuracy(trained(shuffled, s), shuffled, SPLIT.test()) / 3;
        }
        System.out.printf("GCN test accuracy: clean %.3f, 25%% random flips %.3f, 25%% Metattack %.3f%n", clean, random, poisonedAcc);
        assertTrue(poisonedAcc < clean - 0.05, "Metattack should poison: clean " + clean + ", poisoned " + poisonedAcc);
        assertTrue(poisonedAcc < random, "Metattack should beat random flips: random " + random + ", Metattack " + poisonedAcc);
    }

    @Test
    void diceOnlyDeletesWithinAndConnectsAcrossClasses() {
        int budget = EdgeFlips.budget(G, 0.2);
        EdgeFlips flips = RandomAttacks.dice(G, budget, 11);
        assertEquals(budget, flips.size());
        int[] y = G.labels();
        for (int i = 0; i < G.nodes(); i++)
            for (int j = i + 1; j < G.nodes(); j++)
                if (flips.contains(i, j)) assertEquals(EdgeFlips.isEdge(G.adjacency(), i, j), y[i] == y[j], "pair " + i + "," + j);
        CsrMatrix after = flips.apply(G.adjacency());
        CsrMatrix random = RandomAttacks.randomFlips(G, budget, 12).apply(G.adjacency());
        assertEquals(budget, symmetricDifference(G.adjacency(), after));
        assertEquals(budget, symmetricDifference(G.adjacency(), random));
    }

    static int symmetricDifference(CsrMatrix a, CsrMatrix b) {
        NDArray d = a.toDense().sub(b.toDense());
        return (int) Math.round(d.abs().sum().item() / 2);
    }

    @Test
    void pgdTopologyStaysInBudgetAndLowersEvasionAccuracy() {
        Gcn model = trained(G, 1);
        int budget = EdgeFlips.budget(G, 0.2);
        NDArray labels = G.labelArray();
        int[] nodes = SPLIT.test();
        NDArray yTest = Tensor.constant(labels).select(0, nodes).value();
        EdgeFlips flips = PgdTopology.attack(model, G, nodes, yTest, budget, 100, 1.0, 20, 13);
        assertTrue(flips.size() <= budget && flips.size() > budget / 2, "flips " + flips.size() + " for budget " + budget);
        Graph attacked = G.withAdjacency(flips.apply(G.adjacency()));
        double clean = NodeTraining.accuracy(model, G, nodes), evaded = NodeTraining.accuracy(model, attacked, nodes);
        double random = NodeTraining.accuracy(model, G.withAdjacency(RandomAttacks.randomFlips(G, flips.size(), 14).apply(G.adjacency())), nodes);
        System.out.printf("GCN evasion: clean %.3f, random %.3f, PGD %.3f%n", clean, random, evaded);
        assertTrue(evaded < clean - 0.1 && evaded < random, "PGD evasion: clean " + clean + ", random " + random + ", PGD " + evaded);
    }

    @Test
    void projectionMeetsTheBudgetAndTheBox() {
        NDArray upper = PgdTopology.upperMask(6);
        NDArray s = new Rng(15).normal(DType.F64, 0.5, 1, 6, 6);
        NDArray p = PgdTopology.project(s, upper, 2.0);
        double sum = 0;
        for (int k = 0; k < 36; k++) {
            double v = p.data()[k];
            assertTrue(v >= 0 && v <= 1);
            if (upper.data()[k] == 0) assertEquals(0, v);
            sum += v;
        }
        assertEquals(2.0, sum, 1e-9);
    }

    @Test
    void featurePgdStaysInItsBallAndLowersAccuracy() {
        Gcn model = trained(G, 2);
        int[] nodes = SPLIT.test();
        NDArray y = Tensor.constant(G.labelArray()).select(0, nodes).value();
        java.util.function.UnaryOperator<Tensor> f = x -> model.forward(G, x);
        NDArray x0 = G.features64();
        double clean = FeaturePgd.accuracy(f, x0, nodes, y);
        NDArray linf = FeaturePgd.attack(f, x0, nodes, y, Norm.LINF, 0.3, 20, 0.05);
        assertTrue(linf.sub(x0).abs().maxValue() <= 0.3 + 1e-12);
        NDArray l2 = FeaturePgd.attack(f, x0, nodes, y, Norm.L2, 1.0, 20, 0.2);
        NDArray d = l2.sub(x0);
        for (int i = 0; i < d.dim(0); i++) {
            double s = 0;
            for (int j = 0; j < d.dim(1); j++) s += d.get(i, j) * d.get(i, j);
            assertTrue(Math.sqrt(s) <= 1.0 + 1e-9);
        }
        double afterLinf = FeaturePgd.accuracy(f, linf, nodes, y), afterL2 = FeaturePgd.accuracy(f, l2, nodes, y);
        assertTrue(afterLinf < clean - 0.1 && afterL2 < clean - 0.1, "clean " + clean + ", L∞ " + afterLinf + ", L2 " + afterL2);
    }
}
