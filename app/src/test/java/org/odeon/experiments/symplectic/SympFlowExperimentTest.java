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
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.systems.HarmonicOscillator;

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

    @Test void poincareCrossingsAreInterpolatedOnTheSection() {
        double[][] t = {{-0.1, 0.0, 1, 0.2}, {0.3, 0.4, 1, 0.6}, {0.5, 0, 1, 0}, {-0.2, 0, -1, 0}};
        List<double[]> pts = SympFlowExperiment.poincare(t);
        assertEquals(1, pts.size());
        assertEquals(0.1, pts.get(0)[0], 1e-15);   // a quarter of the way from q₂ = 0 to 0.4
        assertEquals(0.3, pts.get(0)[1], 1e-15);
    }

    @Test void energyErrorAndItsTrend() {
        var sys = HarmonicOscillator.standard();
        double[][] traj = {{1, 0}, {0, 1}, {1.1, 0}, {0, 1.2}};
        double[] err = SympFlowExperiment.energyError(sys, traj);
        assertEquals(0, err[0], 1e-15);
        assertEquals(0.105, err[1], 1e-12);
        assertEquals(0.22, err[2], 1e-12);
        assertEquals(2.0, SympFlowExperiment.trend(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}), 1e-15);
    }

    @Test void aRolloutThatBlowsUpIsCutBeforeItsFirstNonFiniteState() {
        double[][] t = {{1, 0}, {2, 0}, {Double.NaN, 0}, {3, 0}};
        assertEquals(2, SympFlowExperiment.finitePart(t).length);
        assertEquals(4, SympFlowExperiment.finitePart(new double[][] {{1, 0}, {2, 0}, {3, 1}, {3, 0}}).length);
    }

    @Test void unknownSystemOrModeIsRejectedWithTheChoices() {
        var base = new SympFlowExperiment().config(Scale.QUICK);
        var e = assertThrows(IllegalArgumentException.class, () -> new SympFlowExperiment.Config("kepler", base.mode(), 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1));
        assertTrue(e.getMessage().contains("henon-heiles"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SympFlowExperiment.Config("harmonic", "magic", 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1));
        assertTrue(e.getMessage().contains("matching"), e.getMessage());
    }
}
