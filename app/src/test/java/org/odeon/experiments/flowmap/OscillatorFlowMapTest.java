package org.odeon.experiments.flowmap;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.tensor.Rng;

class OscillatorFlowMapTest {
    @TempDir Path tmp;

    @Test void theExactFlowConservesEnergyAndIsAOneParameterGroup() {
        double[] x = OscillatorFlowMap.disk(new Rng(3), 50, 2.0), y = x;
        for (int k = 0; k < 7; k++) y = OscillatorFlowMap.flow(y, 0.1);
        double[] direct = OscillatorFlowMap.flow(x, 0.7);
        for (int i = 0; i < x.length; i += 2) {
            assertEquals(x[i] * x[i] + x[i + 1] * x[i + 1], y[i] * y[i] + y[i + 1] * y[i + 1], 1e-12, "energy");
            assertEquals(direct[i], y[i], 1e-12, "Φ_0.1⁷ = Φ_0.7");
            assertEquals(direct[i + 1], y[i + 1], 1e-12);
        }
    }

    @Test void statesAreDrawnInsideTheDiskAndFillIt() {
        double[] x = OscillatorFlowMap.disk(new Rng(1), 4000, 1.5);
        int inner = 0;
        for (int i = 0; i < x.length; i += 2) {
            double r = Math.hypot(x[i], x[i + 1]);
            assertTrue(r <= 1.5);
            if (r <= 0.75) inner++;
        }
        // Uniform in area: a quarter of the points lie within half the radius.
        assertEquals(0.25, inner / 4000.0, 0.03);
    }

    @Test void relativeEnergyErrorOfATrajectory() {
        double[] traj = {1, 0, 0, 1.1, 0.9, 0};  // H: 0.5, 0.605, 0.405
        assertArrayEquals(new double[] {0.21, 0.19}, OscillatorFlowMap.relativeEnergyError(traj), 1e-12);
    }

    @Test void aShortRunLearnsMuchMoreThanTheIdentityMapAndReportsEveryMetric() throws Exception {
        var runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);
        var r = runner.run(new OscillatorFlowMap(), Scale.QUICK, 2,
                Map.of("hidden", "16", "trainPoints", "512", "testPoints", "256", "steps", "400", "batch", "32", "rollout", "100"),
                tmp.resolve("run"), false);
        assertEquals(List.of("test_rmse", "energy_drift", "max_energy_drift", "rollout_error", "verlet_max_energy_drift", "final_loss"),
                List.copyOf(r.metrics().keySet()));
        // Predicting "no motion" errs by |Φ(x) − x| = 2 sin(Δt/2)|x|, RMS over the disk 2 sin(0.05)·1.5/√2.
        double identityRmse = 2 * Math.sin(0.05) * 1.5 / Math.sqrt(2);
        assertTrue(r.metrics().get("test_rmse") < identityRmse / 5, r.metrics() + " vs identity " + identityRmse);
        // Störmer–Verlet conserves a modified energy within a factor 1 − Δt²/4 of H, so its relative error stays below Δt²/(4 − Δt²).
        assertTrue(r.metrics().get("verlet_max_energy_drift") <= 0.01 / (4 - 0.01), r.metrics().toString());
    }

    @Test void configRejectsNonsense() {
        var e = assertThrows(IllegalArgumentException.class, () -> new OscillatorFlowMap.Config(0, 8, 1, 10, 10, 1, 10, 4, 1e-3, 10));
        assertEquals("dt must be positive, got 0.0", e.getMessage());
    }
}
