package org.odeon.experiments.symplectic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.Configs;
import org.odeon.experiments.ExperimentException;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.models.symplectic.Benchmark;

class SympFlowExperimentTest {
    @TempDir Path tmp;

    private static final Map<String, String> TINY = Map.of("layers", "1", "width", "6", "depth", "1", "epochs", "20", "batch", "16",
            "samples", "16", "rollout", "60", "compare", "5", "hnnSubsteps", "2");

    private Map<String, Double> run(String system, String mode, String folder) throws Exception {
        var set = new HashMap<>(TINY);
        set.put("system", system);
        set.put("mode", mode);
        var runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);
        return runner.run(new SympFlowExperiment(), Scale.QUICK, 3, set, tmp.resolve(folder), false).metrics();
    }

    @Test void everyModelIsMeasuredAndTheSymplecticOnesAreSymplecticToRoundOff() throws Exception {
        Map<String, Double> m = run("harmonic", "matching", "harmonic");
        assertEquals("sympflow_max_energy_error", m.keySet().iterator().next());
        for (String model : List.of("sympflow", "mlp", "hnn", "la_sympnet", "g_sympnet", "rk4", "leapfrog")) {
            assertTrue(m.containsKey(model + "_mean_energy_error"), model);
            assertTrue(m.containsKey(model + "_trajectory_error"), model);
        }
        for (String structured : List.of("sympflow", "la_sympnet", "g_sympnet"))
            assertTrue(m.get(structured + "_symplecticity_defect") <= 1e-12, structured + ": " + m.get(structured + "_symplecticity_defect"));
        assertTrue(m.get("mlp_symplecticity_defect") > 1e-8, "the unstructured map is not symplectic");
        // Leapfrog with h = 1 on q'' = −q conserves H̃ = H − h²q²/8 exactly, so |H − H₀| ≤ h²/8 from (1, 0).
        assertTrue(m.get("leapfrog_max_energy_error") <= 1.0 / 8 + 1e-12, m.toString());
        assertTrue(m.get("sympflow_hamiltonian_error") >= 0 && m.get("hnn_hamiltonian_error") >= 0);
    }

    @Test void supervisedModeOnTheDampedSystemUsesImplicitMidpointAsTheSymplecticReference() throws Exception {
        Map<String, Double> m = run("damped", "supervised", "damped");
        // implicit midpoint conserves quadratic invariants, and the doubled damped H is quadratic
        assertTrue(m.get("leapfrog_max_energy_error") < 1e-12, m.toString());
        assertTrue(Files.exists(tmp.resolve("damped/energy-error.png")));
    }

    @Test void henonHeilesRunDrawsAPoincareSection() throws Exception {
        run("henon-heiles", "unsupervised", "hh");
        assertTrue(Files.exists(tmp.resolve("hh/poincare-section.png")));
    }

    @Test void unknownSystemOrModeIsRejectedWithTheChoices() {
        var base = new SympFlowExperiment().config(Scale.QUICK);
        var e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("system", "kepler")));
        assertEquals("config key 'system' expects one of harmonic|damped|henon-heiles|fput, got 'kepler'", e.getMessage());
        e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("mode", "magic")));
        assertTrue(e.getMessage().contains("unsupervised|matching|supervised"), e.getMessage());
        assertEquals(Benchmark.HENON_HEILES, Configs.override(base, Map.of("system", "henon-heiles")).system());
    }

    @Test void thePaperScaleIsTheQuickOneLargerAndBothAreValid() {
        var quick = new SympFlowExperiment().config(Scale.QUICK);
        var paper = new SympFlowExperiment().config(Scale.PAPER);
        assertEquals(quick.system(), paper.system());
        assertEquals(quick.mode(), paper.mode());
        assertTrue(paper.epochs() > quick.epochs() && paper.rollout() > quick.rollout());
        var e = assertThrows(ExperimentException.class, () -> Configs.override(quick, Map.of("compare", "2000")));
        assertTrue(e.getMessage().contains("compare ≤ rollout"), e.getMessage());
    }
}
