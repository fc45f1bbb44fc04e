package org.odeon.experiments.isometric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.data.FashionMnist;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;

class DeepIsometricTest {
    @TempDir Path tmp;

    @Test void aShortRunKeepsTheReflectionBodyIsometricAndRecordsEverything() throws Exception {
        assumeTrue(FashionMnist.isAvailable(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
        var r = new Runner(new PrintStream(new ByteArrayOutputStream()), false).run(new DeepIsometric(), Scale.QUICK, 2,
                Map.of("depths", "6", "width", "16", "variants", "reflection,plain", "epochs", "1", "trainSize", "256", "testSize", "128",
                        "batch", "64", "spectrumInputs", "2", "float32", "false"), tmp.resolve("iso"), false);
        var m = r.metrics();
        assertEquals(1, m.get("singular_value_min_trained_reflection_d6"), 1e-12, "the trained reflection body is an isometry");
        assertEquals(1, m.get("singular_value_max_trained_reflection_d6"), 1e-12);
        assertTrue(m.get("certified_jacobian_defect_reflection_d6") < 1e-12, m.toString());
        assertTrue(m.get("singular_value_max_init_plain_d6") < 0.9, "a default-initialised ReLU body contracts: " + m);
        for (String plot : new String[] {"accuracy-depth-6.png", "gradient-norms-depth-6.png", "jacobian-singular-values-trained-depth-6.png"})
            assertTrue(Files.isRegularFile(r.folder().resolve(plot)), plot);
        assertTrue(Files.readString(r.folder().resolve("metrics.json")).contains("jacobian_defect_measured"));
        String table = Files.readString(r.folder().resolve("table.md"));
        assertTrue(table.contains("| reflection | 6 |") && table.contains("| plain | 6 |"), "one table row per body and depth: " + table);
        assertTrue(Files.readString(r.folder().resolve("report.md")).contains("## table"), "the report embeds the table");
    }

    @Test void aNonFiniteReflectionThresholdIsRefusedByName() {
        var e = assertThrows(RuntimeException.class, () -> Configs.override(new DeepIsometric().config(Scale.QUICK), Map.of("threshold", "NaN")));
        assertTrue(e.getMessage().contains("threshold"), e.getMessage());
    }

    @Test void unknownVariantsAreRefusedByName() {
        var e = assertThrows(RuntimeException.class, () -> Configs.override(new DeepIsometric().config(Scale.QUICK), Map.of("variants", "reflection,unitary")));
        assertTrue(e.getMessage().contains("unitary") && e.getMessage().contains("resnet"), e.getMessage());
    }
}
