package org.odeon.experiments.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.Configs;
import org.odeon.experiments.ExperimentException;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.graph.Csbm;
import org.odeon.graph.Graph;
import org.odeon.io.Npz;
import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.NDArray;

class GraphRobustnessTest {
    @TempDir Path tmp;

    final Runner runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);

    /** A CSBM graph saved as the robustness literature's .npz (CSR adjacency, dense features, labels). */
    private Path writeGraphFile(Path file) throws Exception {
        Graph g = Csbm.ofDegrees(80, 2, 4, 1, 6, 2).sample(3);
        CsrMatrix a = g.adjacency();
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("adj_data", NDArray.of(new int[] {a.nnz()}, a.values().clone()));
        m.put("adj_indices", NDArray.of(new int[] {a.nnz()}, Arrays.stream(a.indices()).asDoubleStream().toArray()));
        m.put("adj_indptr", NDArray.of(new int[] {a.rows() + 1}, Arrays.stream(a.indptr()).asDoubleStream().toArray()));
        m.put("adj_shape", NDArray.of(new int[] {2}, a.rows(), a.cols()));
        m.put("attr_matrix", g.features());
        m.put("labels", g.labelArray());
        Npz.write(file, m);
        return file;
    }

    @Test void aShortRunOnAGraphFileReportsEveryModelAttackAndRate() throws Exception {
        Path file = writeGraphFile(tmp.resolve("graph.npz"));
        var r = runner.run(new GraphRobustness(), Scale.QUICK, 1, Map.of("data", file.toString(), "seeds", "2", "epochs", "30",
                "model", "gcn,contractive,mlp", "attack", "dice,metattack,nettack,feature-l2", "rates", "0,0.2", "metaInnerSteps", "5", "metaFlipsPerStep", "4"), tmp.resolve("run"), false);
        var m = r.metrics();
        for (String model : new String[] {"gcn", "contractive", "mlp"})
            for (String attack : new String[] {"dice", "metattack", "nettack", "feature_l2"})
                for (String rate : new String[] {"0", "20"}) {
                    double acc = m.get("accuracy_" + model + "_" + attack + "_" + rate + "_mean");
                    assertTrue(acc >= 0 && acc <= 1 && m.get("accuracy_" + model + "_" + attack + "_" + rate + "_std") >= 0, m.toString());
                }
        assertTrue(m.containsKey("contractive_minus_gcn_dice_20"));
        // DICE removes edges within classes and inserts them only across: every insertion is across classes
        assertEquals(m.get("flips_dice_inserted_fraction"), m.get("flips_dice_inserted_across_classes_fraction"), 1e-12, m.toString());
        double inserted = m.get("flips_metattack_inserted_fraction"), across = m.get("flips_metattack_inserted_across_classes_fraction");
        assertTrue(across >= 0 && across <= inserted && inserted <= 1 && m.get("flips_metattack_touching_training_fraction") <= 1, m.toString());
        for (String attack : new String[] {"dice", "metattack", "nettack"})   // the flow's final weights on inserted and kept edges
            for (String edges : new String[] {"inserted", "kept", "auc"}) {
                double w = m.get("contractive_edge_weight_" + attack + "_20_" + edges);
                assertTrue(w >= 0 && w <= 1, attack + " " + edges + ": " + w);
            }
        assertTrue(m.get("contractive_flow_contraction") < 1, "damping 0.1 makes the flow contract strictly");
        assertTrue(m.get("accuracy_gcn_dice_0_mean") > 0.6, "the clean GCN learns the file's graph: " + m);
        assertTrue(m.get("accuracy_gcn_nettack_20_mean") < m.get("accuracy_gcn_nettack_0_mean") - 0.2, "four toggles per target hurt the GCN on its targets: " + m);
        assertTrue(Files.isRegularFile(r.folder().resolve("accuracy-metattack.png")));
    }

    @Test void badSettingsAndFilesAreOneLineErrors() throws Exception {
        var quick = new GraphRobustness().config(Scale.QUICK);
        var model = assertThrows(ExperimentException.class, () -> Configs.override(quick, Map.of("model", "gcn,gat")));
        assertTrue(model.getMessage().contains("'gcn,gat'") && model.getMessage().contains("contractive"), model.getMessage());
        var rates = assertThrows(ExperimentException.class, () -> Configs.override(quick, Map.of("rates", "0,0.25,0.1")));
        assertTrue(rates.getMessage().startsWith("rates must be increasing"), rates.getMessage());
        assertEquals(List.of(GraphRobustness.Attack.DICE, GraphRobustness.Attack.FEATURE_L2),
                Configs.override(quick, Map.of("attack", "dice,feature-l2,dice")).attack(), "each attack once, in the order given");
        Path bad = tmp.resolve("bad.npz");
        Files.write(bad, new byte[] {1, 2, 3});
        var e = assertThrows(ExperimentException.class, () -> runner.run(new GraphRobustness(), Scale.QUICK, 1, Map.of("data", bad.toString()), tmp.resolve("bad"), false));
        assertTrue(e.getMessage().contains("bad.npz") && !e.getMessage().contains("\n"), e.getMessage());
        var seed = assertThrows(ExperimentException.class, () -> Configs.override(quick, Map.of("firstSeed", "-1")));
        assertTrue(seed.getMessage().contains("firstSeed"), seed.getMessage());
        var edge = assertThrows(ExperimentException.class, () -> Configs.override(quick, Map.of("edgeRate", "1.5")));
        assertTrue(edge.getMessage().contains("edge flow needs rate in (0, 1]"), edge.getMessage());
    }

    /** The edge-weight separation: the chance that a kept edge outweighs an inserted one, ties half. */
    @Test void theSeparationOfKeptFromInsertedWeightsIsTheirRankAuc() {
        boolean[] kept = {true, true, false, false};
        assertEquals(1, GraphRobustness.auc(new double[] {0.9, 0.8, 0.1, 0.2}, kept), 0);
        assertEquals(0, GraphRobustness.auc(new double[] {0.1, 0.2, 0.9, 0.8}, kept), 0);
        assertEquals(0.5, GraphRobustness.auc(new double[] {1, 1, 1, 1}, kept), 0, "equal weights separate nothing");
        assertEquals(0.75, GraphRobustness.auc(new double[] {0.9, 0.3, 0.5, 0.1}, kept), 0, "3 of the 4 kept–inserted pairs ordered");
        assertTrue(Double.isNaN(GraphRobustness.auc(new double[] {0.5, 0.6}, new boolean[] {true, true})), "no inserted edge: undefined");
    }
}
