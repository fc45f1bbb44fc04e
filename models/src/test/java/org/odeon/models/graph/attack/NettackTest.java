package org.odeon.models.graph.attack;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Csbm;
import org.odeon.graph.Graph;
import org.odeon.graph.Split;
import org.odeon.models.graph.Gcn;
import org.odeon.models.graph.NodeTraining;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.NDArray;

/** Nettack's exact incremental margins equal the surrogate's logits; five toggles per target misclassify the targets. */
class NettackTest {
    static final Graph G = GraphAttacksTest.G;
    static final Split SPLIT = GraphAttacksTest.SPLIT;

    static double marginFromLogits(NDArray z, int v, int y, int classes) {
        double other = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) if (c != y) other = Math.max(other, z.data()[v * classes + c]);
        return z.data()[v * classes + y] - other;
    }

    /** Test nodes the surrogate classifies correctly on the clean graph, the first {@code count} of them. */
    static int[] targets(Nettack attack, int count) {
        return Arrays.stream(SPLIT.test()).filter(v -> attack.margin(G.adjacency(), v) > 0).limit(count).toArray();
    }

    @Test
    void incrementalMarginsEqualTheSurrogatesLogitsBeforeAndAfterTheAttack() {
        Nettack attack = new Nettack(G, SPLIT, 1);
        int[] targets = targets(attack, 6);
        CsrMatrix poisoned = attack.attack(targets, 3).apply(G.adjacency());
        for (CsrMatrix a : new CsrMatrix[] {G.adjacency(), poisoned}) {
            NDArray z = attack.logits(a);
            for (int v = 0; v < G.nodes(); v += 7)
                assertEquals(marginFromLogits(z, v, G.labels()[v], G.classes()), attack.margin(a, v), 1e-10, "node " + v);
        }
    }

    @Test
    void fiveTogglesPerTargetMisclassifyTheTargetsOnlyTouchTargetsAndLeaveNoSingleton() {
        Nettack attack = new Nettack(G, SPLIT, 1);
        int[] targets = targets(attack, 10);
        assertEquals(10, targets.length);
        EdgeFlips flips = attack.attack(targets, 5);
        assertTrue(flips.size() <= 50, "budget: " + flips.size());
        CsrMatrix poisoned = flips.apply(G.adjacency());
        for (int i = 0; i < G.nodes(); i++) assertTrue(poisoned.indptr()[i + 1] > poisoned.indptr()[i], "node " + i + " lost every neighbour");
        boolean[] isTarget = new boolean[G.nodes()];
        for (int v : targets) isTarget[v] = true;
        int surrogateWrong = 0;
        for (int v : targets) if (attack.margin(poisoned, v) < 0) surrogateWrong++;
        for (int i = 0; i < G.nodes(); i++)
            for (int j = i + 1; j < G.nodes(); j++)
                if (flips.contains(i, j)) assertTrue(isTarget[i] || isTarget[j], "direct attack: pair " + i + "-" + j + " touches no target");
        assertTrue(surrogateWrong >= 9, "surrogate misclassifies " + surrogateWrong + " of 10 targets");
        // the perturbation transfers to a GCN trained on the clean graph (evasion)
        Gcn gcn = GraphAttacksTest.trained(G, 2);
        int before = correct(gcn, G, targets), after = correct(gcn, G.withAdjacency(poisoned), targets);
        assertTrue(after <= before - 5, "GCN correct on targets: " + before + " clean, " + after + " attacked");
    }

    static int correct(Gcn gcn, Graph g, int[] nodes) {
        return (int) Math.round(nodes.length * NodeTraining.accuracy(gcn, g, nodes));
    }
}
