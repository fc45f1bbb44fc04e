package org.odeon.experiments.example;

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

/** The README's "Adding an experiment" example: the README shows exactly this source, and it runs. */
class DiscClassifierTest {
    static final String SOURCE = "app/src/test/java/org/odeon/experiments/example/DiscClassifier.java";

    /** The repository root: Surefire runs in the module folder. */
    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("README.md")) ? here : here.getParent();
    }

    @Test void theReadmeShowsThisExactSourceInUnderSixtyLines() throws Exception {
        String readme = Files.readString(root().resolve("README.md")), source = Files.readString(root().resolve(SOURCE));
        String marker = "<!-- example: " + SOURCE + " -->\n```java\n";
        int start = readme.indexOf(marker);
        assertTrue(start >= 0, "README.md has no example block for " + SOURCE);
        int from = start + marker.length(), to = readme.indexOf("```\n", from);
        assertEquals(source, readme.substring(from, to), "the README's example differs from " + SOURCE);
        assertTrue(source.lines().count() < 60, "the example has " + source.lines().count() + " lines");
    }

    @Test void itRunsAtTheQuickScaleAndLearnsTheDisc(@TempDir Path tmp) throws Exception {
        var runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);
        var result = runner.run(new DiscClassifier(), Scale.QUICK, 1, Map.of(), tmp.resolve("disc"), false);
        assertTrue(result.metrics().get("test_accuracy") > 0.9, result.metrics().toString());
        for (String f : new String[] {"metrics.json", "report.md", "loss-fit.png", "model.safetensors"})
            assertTrue(Files.isRegularFile(tmp.resolve("disc").resolve(f)), f);
        new DiscClassifier().config(Scale.PAPER);   // the paper scale is valid too
    }
}
