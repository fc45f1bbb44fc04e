package org.odeon.experiments.transformer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.experiments.lipschitz.LipschitzExperimentsTest;

class TransformerExperimentsTest {
    @TempDir Path tmp;

    final Runner runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);

    @Test void iclRegressionMeasuresSensitivitiesBelowTheCertificates() throws Exception {
        var r = runner.run(new IclRegression(), Scale.QUICK, 2, Map.of("dim", "3", "context", "5", "width", "8", "depth", "1", "headDim", "4",
                "hidden", "8", "steps", "20", "batch", "16", "evalPrompts", "32", "searchSteps", "5"), tmp.resolve("icl"), false);
        var m = r.metrics();
        assertTrue(m.get("least_squares_error_at_n") < 1e-20, "five noise-free examples determine a 3-d task: " + m);
        for (String what : new String[] {"random", "searched"}) {
            assertTrue(m.get("lipschitz_query_sensitivity_" + what) <= m.get("lipschitz_query_certificate") * (1 + 1e-9), m.toString());
            assertTrue(m.get("lipschitz_context_token_sensitivity_" + what) <= m.get("lipschitz_token_certificate") * (1 + 1e-9), m.toString());
        }
        assertTrue(Files.isRegularFile(r.folder().resolve("error-vs-context.png")));
    }

    static void gzip(Path dir, String name) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))) { out.write(Files.readAllBytes(dir.resolve(name))); }
    }

    @Test void robustVitCertifiesNoMoreThanPgdLeavesStanding() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("fashion"));
        LipschitzExperimentsTest.writeFashionLike(data, "train", 300, 1);
        LipschitzExperimentsTest.writeFashionLike(data, "t10k", 60, 2);
        for (String p : new String[] {"train", "t10k"}) { gzip(data, p + "-images-idx3-ubyte"); gzip(data, p + "-labels-idx1-ubyte"); }
        var r = runner.run(new RobustVit(), Scale.QUICK, 3, Map.of("data", data.toString(), "width", "8", "depth", "1", "headDim", "4", "hidden", "8",
                "steps", "120", "attackImages", "40", "pgdSteps", "3", "lowerBoundSteps", "3"), tmp.resolve("vit"), false);
        var m = r.metrics();
        assertTrue(m.get("standard_clean_accuracy") > 0.2, "the standard model does better than chance on the squares: " + m);
        assertTrue(m.get("lipschitz_lipschitz_lower_bound") <= m.get("lipschitz_lipschitz_bound"), "lower bound above the certificate: " + m);
        for (String eps : new String[] {"8_255", "16_255", "36_255", "0_3", "0_5", "0_6", "0_8", "1_0"})
            assertTrue(m.get("lipschitz_certified_accuracy_eps_" + eps) <= m.get("lipschitz_robust_accuracy_eps_" + eps), "ε " + eps + ": a certified point was broken by PGD");
        assertTrue(Files.isRegularFile(r.folder().resolve("robust-accuracy.png")));
    }

    @Test void badSettingsAreRefusedByName() {
        var e = assertThrows(RuntimeException.class, () -> runner.run(new RobustVit(), Scale.QUICK, 1, Map.of("models", "standard,vit"), tmp.resolve("bad"), false));
        assertTrue(e.getMessage().contains("vit") && e.getMessage().contains("lipschitz"), e.getMessage());
        var s = assertThrows(RuntimeException.class, () -> runner.run(new IclRegression(), Scale.QUICK, 1, Map.of("headRadius", "0"), tmp.resolve("bad2"), false));
        assertTrue(s.getMessage().contains("radii"), s.getMessage());
    }
}
