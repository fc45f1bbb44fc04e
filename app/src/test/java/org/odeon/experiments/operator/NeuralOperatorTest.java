package org.odeon.experiments.operator;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;

class NeuralOperatorTest {
    @TempDir Path tmp;

    private static Map<String, String> kv(String... pairs) {
        var m = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }

    private Map<String, Double> run(Map<String, String> settings, String name) throws Exception {
        var runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);
        return runner.run(new NeuralOperator(), Scale.QUICK, 1, settings, tmp.resolve(name), false).metrics();
    }

    /** A smoke test of learning; u(·, 1) is close to the mean of u(·, 0) (mode 1 decays by e^{−4π²ν} ≈ 0.02), which the baseline metric shows. */
    @Test void aSmallBurgersFnoLearnsAndKeepsItsErrorAtTwiceTheResolution() throws Exception {
        var m = run(kv("train", "60", "test", "20", "fine", "256", "stored", "128", "resolution", "64", "width", "12", "modes", "8",
                "epochs", "40", "batch", "10", "data", tmp.resolve("data").toString()), "burgers");
        // predicting 0 errs by 1; the conserved mean of u(·, 0) by a few percent (beating it takes ~600 steps at width 32, see the README)
        assertTrue(m.get("rel_l2") < 0.2, m.toString());
        assertTrue(m.get("baseline_rel_l2") > 0.005 && m.get("baseline_rel_l2") < 0.1, m.toString());
        assertTrue(Math.abs(m.get("rel_l2_2x") - m.get("rel_l2")) < 0.2 * m.get("rel_l2"), "zero-shot at 128 points: " + m);
        assertTrue(Files.exists(tmp.resolve("data")), "data cached where --set data points");
        assertTrue(m.get("parameters") > 0 && m.get("train_seconds") > 0);
    }

    @Test void darcyUnetFnoRunsAtTwoResolutionsAndDrawsItsFields() throws Exception {
        var m = run(kv("problem", "darcy", "model", "unet-fno", "scheme", "2", "train", "8", "test", "4", "fine", "33", "resolution", "17",
                "width", "6", "modes", "4", "epochs", "2", "batch", "4"), "darcy");
        assertTrue(m.containsKey("rel_l2_at_17") && m.containsKey("rel_l2_at_33"), m.toString());
        assertTrue(Files.exists(tmp.resolve("darcy/sample-17.png")) && Files.exists(tmp.resolve("darcy/sample-33.png")));
        assertTrue(Files.readString(tmp.resolve("darcy/report.md")).contains("sample-33.png"));
        String table = Files.readString(tmp.resolve("darcy/table.md"));
        assertTrue(table.contains("| unet-fno (scheme 2) | darcy | 17×17 | ") && table.contains("| unet-fno (scheme 2) | darcy | 33×33 | "), table);
        assertTrue(Files.readString(tmp.resolve("darcy/report.md")).contains("| unet-fno (scheme 2) | darcy | 33×33 | "), "the report embeds the table");
    }

    @Test void nonsenseSettingsAreOneLineErrors() {
        var q = new NeuralOperator().config(Scale.QUICK);
        var e = assertThrows(IllegalArgumentException.class, () -> new NeuralOperator.Config("heat", q.model(), q.scheme(), q.data(), q.dataSeed(),
                q.train(), q.test(), q.fine(), q.stored(), q.resolution(), q.width(), q.modes(), q.layers(), q.features(), q.epochs(), q.batch(), q.lr(), q.float32(), q.normalize()));
        assertEquals("problem must be burgers or darcy, got 'heat'", e.getMessage());
        var d = assertThrows(IllegalArgumentException.class, () -> new NeuralOperator.Config("darcy", "fno", 1, "", 1, 1, 1, 65, 0, 30, 8, 4, 1, 1, 1, 1, 1e-3, true, false));
        assertEquals("darcy: resolution − 1 must be (fine − 1)/2^k, got fine=65 resolution=30", d.getMessage());
    }
}
