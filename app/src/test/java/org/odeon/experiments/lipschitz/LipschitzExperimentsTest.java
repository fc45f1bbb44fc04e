package org.odeon.experiments.lipschitz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.data.Dataset;
import org.odeon.experiments.Configs;
import org.odeon.experiments.ExperimentException;
import org.odeon.models.lipschitz.Regime;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.tensor.Rng;

@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
public class LipschitzExperimentsTest {
    @TempDir Path tmp;

    final Runner runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);

    @Test void noiselessMoonsLieOnTheirTwoHalfCircles() {
        Dataset d = LipschitzMoons.moons(400, 0, new Rng(1));
        assertEquals(400, d.size());
        for (int i = 0; i < 400; i++) {
            double x = d.features().data()[2 * i], y = d.features().data()[2 * i + 1];
            boolean upper = d.labels().data()[i] == 0;
            double r = upper ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
            assertEquals(1, r, 1e-12, "point " + i);
            assertTrue(upper ? y >= -1e-12 : y <= 0.5 + 1e-12, "point " + i + " on the wrong half");
        }
        assertEquals(200, (int) d.labels().sum().item());
    }

    @Test void aShortMoonsRunSeparatesTheMoonsWithCertifiedOneLipschitzNetworks() throws Exception {
        var r = runner.run(new LipschitzMoons(), Scale.QUICK, 3, Map.of("points", "600", "depths", "2,4", "widths", "8", "widthDepth", "3", "steps", "120", "grid", "10"),
                tmp.resolve("moons"), false);
        var m = r.metrics();
        assertTrue(m.get("best_test_accuracy") > 0.85, m.toString());
        assertTrue(m.get("max_certified_lipschitz_bound") <= 1 + 1e-9, m.toString());
        assertTrue(Files.isRegularFile(r.folder().resolve("boundary-deepest.png")));
        assertTrue(Files.isRegularFile(r.folder().resolve("accuracy-vs-depth.png")));
    }

    @Test void badListsAreRefusedByNameWithTheChoices() {
        var fashion = new RobustFashion().config(Scale.QUICK);
        var e = assertThrows(ExperimentException.class, () -> Configs.override(fashion, Map.of("regimes", "contractive,robust")));
        assertEquals("config key 'regimes' expects comma-separated list of baseline|naive|contractive|flexible|prescribed|adaptive, got 'contractive,robust'", e.getMessage());
        assertEquals(java.util.List.of(Regime.CONTRACTIVE, Regime.ADAPTIVE), Configs.override(fashion, Map.of("regimes", "contractive, ADAPTIVE")).regimes());
        var moons = new LipschitzMoons().config(Scale.QUICK);
        var d = assertThrows(ExperimentException.class, () -> Configs.override(moons, Map.of("depths", "2,x")));
        assertEquals("config key 'depths' expects comma-separated list of integers, got '2,x'", d.getMessage());
        d = assertThrows(ExperimentException.class, () -> Configs.override(moons, Map.of("widths", "10,0")));
        assertTrue(d.getMessage().startsWith("widths entries must be at least 1"), d.getMessage());
        assertEquals(java.util.List.of(3, 5), Configs.override(moons, Map.of("depths", "3,5")).depths());
    }

    @Test void epsilonNamesAreReadable() {
        assertEquals("8_255", RobustPipeline.epsName(8 / 255.0));
        assertEquals("36_255", RobustPipeline.epsName(36 / 255.0));
        assertEquals("0_5", RobustPipeline.epsName(0.5));
        assertEquals("1_0", RobustPipeline.epsName(1.0));
    }

    /** Ten classes of 28×28 images: class k is a bright 6×6 square at position k, on faint noise. */
    /** A CIFAR-10 binary folder of {@code n} random records (labels cycling 0..9) in one training and the test batch. */
    public static Path writeCifarLike(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        Rng rng = new Rng(5);
        for (String f : new String[] {"data_batch_1.bin", "test_batch.bin"}) {
            byte[] b = new byte[n * 3073];
            for (int i = 0; i < n; i++) {
                b[i * 3073] = (byte) (i % 10);
                for (int p = 1; p < 3073; p++) b[i * 3073 + p] = (byte) rng.nextInt(256);
            }
            Files.write(dir.resolve(f), b);
        }
        return dir;
    }

    public static void writeFashionLike(Path dir, String prefix, int n, long seed) throws IOException {
        Rng rng = new Rng(seed);
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784), lab = ByteBuffer.allocate(8 + n);
        img.putInt(0x00000803).putInt(n).putInt(28).putInt(28);
        lab.putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) {
            int k = i % 10, r0 = 2 + 8 * (k / 4), c0 = 2 + 7 * (k % 4);
            for (int p = 0; p < 784; p++) {
                int row = p / 28, col = p % 28;
                boolean on = row >= r0 && row < r0 + 6 && col >= c0 && col < c0 + 6;
                img.put((byte) (on ? 220 : rng.nextInt(30)));
            }
            lab.put((byte) k);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), img.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
    }

    @Test void robustFashionCertifiesNoMoreThanPgdLeavesStanding() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("fashion"));
        writeFashionLike(data, "train", 300, 1);
        writeFashionLike(data, "t10k", 60, 2);
        var r = runner.run(new RobustFashion(), Scale.QUICK, 4, Map.of("data", data.toString(), "regimes", "baseline,prescribed", "width", "16", "blocks", "1",
                "steps", "60", "attackImages", "40", "pgdSteps", "3", "lowerBoundStarts", "4", "lowerBoundSteps", "3"), tmp.resolve("fashion-run"), false);
        var m = r.metrics();
        for (String regime : new String[] {"baseline", "prescribed"}) {
            assertTrue(m.get(regime + "_clean_accuracy") > 0.9, regime + " should learn the squares: " + m);
            assertTrue(m.get(regime + "_lipschitz_lower_bound") <= m.get(regime + "_lipschitz_bound"), regime + ": lower bound above the certificate");
            for (String eps : new String[] {"8_255", "16_255", "36_255", "0_3", "0_5", "0_6", "0_8", "1_0"})
                assertTrue(m.get(regime + "_certified_accuracy_eps_" + eps) <= m.get(regime + "_robust_accuracy_eps_" + eps),
                        regime + " at ε " + eps + ": a certified point was broken by PGD");
        }
        assertTrue(Files.isRegularFile(r.folder().resolve("robust-accuracy.png")));
    }

    @Test void robustCifarReadsBinaryBatchesAndRunsTheConvolutionalNetwork() throws Exception {
        Path data = writeCifarLike(tmp.resolve("cifar"), 24);
        Dataset[] sets = RobustCifar.load(data, 20, 10);
        assertEquals(20, sets[0].size());
        assertEquals(10, sets[1].size());
        assertEquals(java.util.List.of(10, 3, 32, 32), java.util.Arrays.stream(sets[1].features().shape()).boxed().toList());
        var r = runner.run(new RobustCifar(), Scale.QUICK, 6, Map.of("data", data.toString(), "regimes", "contractive", "channels", "2", "trainSize", "16",
                "testSize", "8", "batch", "8", "attackImages", "4", "pgdSteps", "1", "lowerBoundStarts", "2", "lowerBoundSteps", "1"), tmp.resolve("cifar-run"), false);
        assertTrue(r.metrics().get("contractive_lipschitz_bound") <= 1.05 / 0.2435, "1-Lipschitz network behind the normalisation: " + r.metrics());
        var missing = assertThrows(ExperimentException.class, () -> RobustCifar.load(tmp.resolve("nowhere"), 1, 1));
        assertTrue(missing.getMessage().contains("--set data=DIR"), missing.getMessage());
    }
}
