package org.odeon.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.models.lipschitz.OrthogonalLinear;
import org.odeon.models.symplectic.SympFlow;
import org.odeon.nn.LayerNorm;
import org.odeon.report.Json;
import org.odeon.report.RunFiles;
import org.odeon.tensor.Rng;

/** Every trained model an experiment hands back lands in metrics.json with its certificate and structure defects, under one key. */
class StructureRecordTest {
    @TempDir Path tmp;

    /** Builds (does not train) an orthogonal map, a symplectic flow and a layer norm, which promises nothing. */
    static final class Models implements Experiment<Models.Config> {
        record Config(int width) {}

        @Override public Info info() { return new Info("structure-fixture", "models that report their structure (test fixture)", "none (test)", "test"); }

        @Override public Config config(Scale scale) { return new Config(4); }

        @Override public Outcome run(Config c, Run run) {
            Rng rng = new Rng(run.seed());
            return Outcome.builder().metric("width", c.width())
                    .structure("orthogonal", new OrthogonalLinear(c.width(), c.width(), OrthogonalLinear.Map.CAYLEY, true, rng))
                    .structure("flow", new SympFlow(1, 2, c.width(), 1, rng))
                    .structure("norm", new LayerNorm(4))
                    .build();
        }
    }

    @Test void theRunnerWritesEachModelsCertificateAndDefectsUnderStructure() throws Exception {
        Path dir = tmp.resolve("run");
        var r = new Runner(new PrintStream(new ByteArrayOutputStream(), true), false).run(new Models(), Scale.QUICK, 3, Map.of(), dir, false);
        assertEquals(Map.of("width", 4.0), r.metrics(), "the structure reports are not metrics");

        var file = Json.readObject(dir.resolve(RunFiles.METRICS));
        assertEquals(List.of("width", Outcome.STRUCTURE), List.copyOf(file.keySet()));
        var structure = (Map<?, ?>) file.get(Outcome.STRUCTURE);
        assertEquals(List.of("orthogonal", "flow"), List.copyOf(structure.keySet()), "a model that promises nothing is left out");

        var flat = Json.readNumbers(dir.resolve(RunFiles.METRICS));
        assertEquals(1, flat.get("structure.orthogonal.lipschitz_bound"), 1e-3);
        assertTrue(flat.get("structure.orthogonal.orthogonality_defect") < 1e-12, flat.toString());
        assertTrue(flat.get("structure.flow.symplecticity_defect") < 1e-12, flat.toString());
        assertTrue(Files.readString(dir.resolve(RunFiles.REPORT)).contains("| structure.flow.symplecticity_defect |"));
    }

    @Test void structureIsAReservedMetricName() {
        assertThrows(IllegalArgumentException.class, () -> Outcome.builder().metric(Outcome.STRUCTURE, 1).build());
    }
}
