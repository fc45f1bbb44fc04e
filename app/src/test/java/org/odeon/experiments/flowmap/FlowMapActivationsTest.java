package org.odeon.experiments.flowmap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;

class FlowMapActivationsTest {
    @TempDir Path tmp;

    @Test void aShortRunFitsTheTargetsAndNoSearchedPairBeatsACertificate() throws Exception {
        var r = new Runner(new PrintStream(new ByteArrayOutputStream()), false).run(new FlowMapActivations(), Scale.QUICK, 2,
                Map.of("dims", "2", "budgets", "40", "points", "200", "steps", "150"), tmp.resolve("fm"), false);
        var m = r.metrics();
        assertTrue(m.get("certified_minus_searched_lipschitz_min") >= 0, m.toString());
        assertTrue(m.get("error_moons_flowmap_p40") < 0.3, "the flow-map network separates the moons: " + m);
        assertTrue(m.get("parameters_moons_shallow_mlp_p40") >= 40 && m.get("parameters_moons_shallow_mlp_p40") < 48, m.toString());
        String table = java.nio.file.Files.readString(r.folder().resolve("table.md"));
        for (String model : new String[] {"flowmap", "flowmap-lipschitz", "flowmap-unit-norm", "flowmap-both", "shallow-mlp", "deep-mlp"})
            assertTrue(table.contains("| moons | " + model + " |") && table.contains("| leaky-d2 | " + model + " |"), model + " missing from\n" + table);
        assertTrue(!table.contains("**no**"), "every certified bound holds against its searched pairs:\n" + table);
    }
}
