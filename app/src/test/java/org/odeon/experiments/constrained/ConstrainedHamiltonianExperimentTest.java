package org.odeon.experiments.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;

class ConstrainedHamiltonianExperimentTest {
    @TempDir Path tmp;

    private static Map<String, String> settings(String... keysAndValues) {
        var m = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    private Runner runner() { return new Runner(new PrintStream(new ByteArrayOutputStream()), false); }

    @Test void aShortRunLearnsAndTheLieGroupRolloutStaysOnTheManifoldWhileEulerLeavesIt() throws Exception {
        var r = runner().run(new ConstrainedHamiltonianExperiment(), Scale.QUICK, 1,
                Map.of("integrator", "lie-euler,euler", "trainSize", "40", "batch", "20", "epochs", "3", "width", "16", "depth", "2",
                        "testSize", "4", "testPoints", "5", "fineSteps", "4", "longSteps", "300"), tmp.resolve("ch"), false);
        var m = r.metrics();
        assertTrue(m.get("lie_euler_long_constraint_drift") <= 1e-13, m.toString());
        // explicit Euler leaves the manifold; a rollout that blows up still reports the drift of its last finite state
        assertTrue(m.get("euler_long_constraint_drift") > 1e-8 && m.get("same_model_euler_long_constraint_drift") > 1e-8, m.toString());
        assertEquals(300, m.get("lie_euler_long_finite_steps"));
        // the Lie–Euler-trained H_θ through every other integrator: the Lie-group ones keep the manifold, RK4 leaves it
        assertTrue(m.get("same_model_cf4_long_constraint_drift") <= 1e-13 && m.get("same_model_rkmk4_long_constraint_drift") <= 1e-13, m.toString());
        assertTrue(m.get("same_model_rk4_long_constraint_drift") > 1e-10, m.toString());
        assertTrue(m.get("lie_euler_train_mse") < 1e-2 && Double.isFinite(m.get("lie_euler_e1_test_mse")), m.toString());
        for (String plot : new String[] {"trajectories.png", "energy.png", "constraint-drift.png"})
            assertTrue(Files.exists(tmp.resolve("ch").resolve(plot)), plot);
    }

    @Test void theStudyReportsGeometricMeansBesideThePapers() throws Exception {
        var r = runner().run(new ConstrainedHamiltonianExperiment(), Scale.QUICK, 1,
                settings("study", "true", "integrator", "cf4", "seeds", "2", "studySubsteps", "1", "trainSize", "20", "batch", "20",
                        "epochs", "1", "width", "8", "depth", "1", "testSize", "3", "testPoints", "3", "fineSteps", "2"), tmp.resolve("st"), false);
        var m = r.metrics();
        assertTrue(m.get("cf4_e1_gmean") > 0 && m.get("cf4_e2_gmean") > 0, m.toString());
        assertEquals(1.2e-5, m.get("cf4_paper_e1_gmean"));
        String table = Files.readString(tmp.resolve("st").resolve("study.md"));
        assertTrue(table.startsWith("| integrator | runs | E1 (gmean)") && table.contains("| cf4 | 2 |"), table);
    }

    @Test void centredMeanAbsoluteErrorIgnoresAConstant() {
        assertEquals(0, ConstrainedHamiltonianExperiment.centredMeanAbs(new double[] {3, 3, 3}), 0);
        assertEquals(1, ConstrainedHamiltonianExperiment.centredMeanAbs(new double[] {5, 7}), 1e-15);
    }

    @Test void badSettingsAreRejected() {
        assertThrows(Exception.class, () -> runner().run(new ConstrainedHamiltonianExperiment(), Scale.QUICK, 1,
                Map.of("integrator", "rk5"), tmp.resolve("bad"), false));
        assertThrows(Exception.class, () -> runner().run(new ConstrainedHamiltonianExperiment(), Scale.QUICK, 1,
                Map.of("points", "1"), tmp.resolve("bad2"), false));
    }
}
