package org.odeon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.cli.Cli;
import org.odeon.cli.Main;
import org.odeon.cli.Catalog;

/** Each example's main runs as a user would run it, and what it computes is checked. */
class ExamplesTest {

    interface Body { void run() throws Exception; }

    /** What {@code body} prints on standard output. */
    static String printed(Body body) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try { body.run(); } finally { System.setOut(saved); }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The decimal numbers in {@code text}, in order. */
    static double[] numbers(String text) {
        return java.util.regex.Pattern.compile("-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?").matcher(text).results()
                .mapToDouble(m -> Double.parseDouble(m.group())).toArray();
    }

    @Test void certifiedClassifierLearnsAndItsCertificateIsNeverBeaten() throws Exception {
        String out = printed(() -> CertifiedClassifier.main(new String[0]));
        double[] n = numbers(out);   // accuracy, certificate, largest ratio found
        assertEquals(3, n.length, out);
        assertTrue(n[0] > 0.9, out);
        assertTrue(n[1] <= 1.001, "a 1-Lipschitz model's certificate (power iterations add their tolerance): " + out);
        assertTrue(n[2] <= n[1] && n[2] > 0.05, out);
    }

    @Test void sympFlowLearnsThePendulumAndKeepsItsEnergy() throws Exception {
        String out = printed(() -> SympFlowOnHamiltonian.main(new String[0]));
        double[] n = numbers(out);   // residual before, after; energy drift; final q, p
        assertEquals(5, n.length, out);
        assertTrue(n[1] < 0.2 * n[0], out);
        assertTrue(n[2] < 0.05, out);
        assertTrue(Math.hypot(n[3], n[4]) < 1, "the pendulum started at (0.5, 0) stays in its energy well: " + out);
    }

    @Test void lieGroupMethodStaysOnTheSphereWhereRk4DriftsOff() throws Exception {
        assertTrue(printed(() -> LieGroupIntegration.main(new String[0])).contains("RKMK4"));
        var r = LieGroupIntegration.run();
        assertTrue(r.lieDefect() < 1e-12, "RKMK4 defect " + r.lieDefect());
        assertTrue(r.rk4Defect() > 100 * r.lieDefect() && r.rk4Defect() > 1e-10, "RK4 defect " + r.rk4Defect());
    }

    @Test void pararealWithRpnnConvergesToTheFineSolution() throws Exception {
        assertTrue(printed(() -> PararealWithRpnn.main(new String[0])).startsWith("converged true"));
        var r = PararealWithRpnn.run();
        assertTrue(r.converged());
        assertTrue(r.iterations() < 20, "iterations " + r.iterations());
        assertTrue(r.error() < 1e-7, "error " + r.error());
    }

    @Test void hessianVectorProductMatchesTheHandWrittenHessian() throws Exception {
        assertTrue(printed(() -> HessianVectorProduct.main(new String[0])).contains("autograd H·v"));
        var r = HessianVectorProduct.run(new double[] {0.5, -0.3}, new double[] {1, 2});
        for (int i = 0; i < 2; i++) assertEquals(r.exact()[i], r.autograd()[i], 1e-10 * Math.abs(r.exact()[i]));
    }

    @Test void aModelSavedByOdeonRunLoadsAndReproducesTheRecordedRolloutError(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        var quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(Main.OK, Main.execute(new Cli(Catalog.standard(), tmp, quiet, quiet, false), "run", "oscillator-flowmap", "--out", dir.toString(),
                "--set", "steps=150", "trainPoints=256", "testPoints=64", "rollout=20"));
        String out = printed(() -> LoadSavedModel.main(new String[] {dir.toString()}));
        assertTrue(out.contains("rollout error of the loaded model"), out);
        var r = LoadSavedModel.run(dir);
        assertEquals(r.recorded(), r.rolloutError(), 1e-12 * r.recorded(), "the loaded model is not the evaluated one");
    }
}
