package org.odeon.experiments.denoise;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.data.NaturalImages;
import org.odeon.experiments.Runner;
import org.odeon.experiments.Scale;
import org.odeon.io.Images;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

public class DenoiseExperimentsTest {
    @TempDir Path tmp;
    final Runner runner = new Runner(new PrintStream(new ByteArrayOutputStream()), false);

    Path folder() throws Exception { return photographs(tmp.resolve("photos")); }

    /** Synthetic 40×40 "photographs" (smooth shapes) under the train, test and validation names, in {@code dir}. */
    public static Path photographs(Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        int i = 0;
        for (String f : Stream.of(NaturalImages.TRAIN, NaturalImages.TEST, NaturalImages.VALIDATION).flatMap(List::stream).toList()) {
            double[] d = new double[40 * 40];
            for (int y = 0; y < 40; y++)
                for (int x = 0; x < 40; x++) d[y * 40 + x] = 0.5 + 0.3 * Math.sin(0.2 * (i + 1) * x) * Math.cos(0.15 * y) + (x + y > 40 + i ? 0.15 : -0.15);
            Images.writePng(NDArray.of(DType.F64, new int[] {1, 40, 40}, d), dir.resolve(f));
            i++;
        }
        return dir;
    }

    @Test void denoiseReportsEveryMethodAndNoiseLevelWithACertifiedAveragedNetwork() throws Exception {
        var r = runner.run(new Denoise(), Scale.QUICK, 1, Map.of("data", folder().toString(), "patch", "16", "patches", "20", "steps", "4",
                "width", "4", "depth", "2", "dncnnWidth", "4", "dncnnDepth", "3"), tmp.resolve("run"), false);
        var m = r.metrics();
        for (String method : new String[] {"averaged", "dncnn", "sn_dncnn", "gaussian", "tv", "noisy"})
            for (int s : new int[] {15, 25, 50}) {
                assertTrue(Double.isFinite(m.get("psnr_" + method + "_s" + s)), method + s);
                assertTrue(m.get("ssim_" + method + "_s" + s) <= 1, method + s);
            }
        assertEquals(1.0, m.get("averaged_certified"));
        assertTrue(m.get("averaged_alpha") < 1);
        assertTrue(m.get("psnr_tv_s25") > m.get("psnr_noisy_s25"));
    }

    @Test void pnpDeblurWithTheAveragedDenoiserConvergesMonotonicallyWithParametersChosenOnValidation() throws Exception {
        Path run = tmp.resolve("run");
        // trained on 16×16 patches, evaluated on 24×24 crops: the networks are resized and re-certified
        var settings = new java.util.HashMap<>(Map.of("data", folder().toString(), "patch", "16", "patches", "20", "steps", "4",
                "width", "4", "depth", "2", "dncnnWidth", "4", "dncnnDepth", "3", "iterations", "300", "relaxations", "0.5,1.0,100.0"));
        settings.put("crop", "24");
        settings.put("validationCrops", "1");
        var r = runner.run(new PnpDeblur(), Scale.QUICK, 1, settings, run, false);
        var m = r.metrics();
        assertEquals(1.0, m.get("averaged_certified"));
        assertEquals(1.0, m.get("monotone_averaged"));
        assertEquals(1.0, m.get("monotone_averaged_unrelaxed"));
        assertTrue(m.get("last_residual_averaged") <= 1e-6, m.toString());
        assertTrue(m.get("averaged_alpha_relaxed") < 1, "θ = 100 breaks the certificate and must not be chosen: " + m);
        assertEquals(m.get("theta_averaged") * m.get("averaged_alpha"), m.get("averaged_alpha_relaxed"), 1e-12);
        assertTrue(m.get("admm_averaged_alpha_relaxed") <= 0.5, "PnP-ADMM needs a firmly non-expansive denoiser: " + m);
        assertTrue(Double.isFinite(m.get("psnr_pnp_admm_averaged")) && m.get("last_residual_admm_averaged") < 1e-3, m.toString());
        assertTrue(m.get("psnr_wiener") > m.get("psnr_blurred") - 1, m.toString());
        // the chosen parameters are grid values; every test image has its own column; the first crops are pictured
        assertTrue(List.of(1e-3, 3e-3, 1e-2, 3e-2, 0.1).contains(m.get("wiener_ratio")));
        for (String img : new String[] {"camera", "moon", "coins"}) {
            assertTrue(Double.isFinite(m.get("psnr_tv_" + img)), img);
            assertTrue(java.nio.file.Files.size(run.resolve("restored-" + img + ".png")) > 0, img);
        }
        double mean = (m.get("psnr_tv_camera") + m.get("psnr_tv_moon") + m.get("psnr_tv_coins")) / 3;
        assertEquals(mean, m.get("psnr_tv"), 1e-9);
    }

    @Test void aStepScaleOutsideTheConvergentRangeIsRefused() {
        var e = assertThrows(org.odeon.experiments.ExperimentException.class, () -> runner.run(new PnpDeblur(), Scale.QUICK, 1, Map.of("gammaScales", "1.0,2.5"),
                tmp.resolve("bad"), false));
        assertTrue(e.getMessage().contains("gammaScales") && e.getMessage().lines().count() == 1, e.getMessage());
    }

    @Test void aMissingPhotographIsAOneLineError() {
        var e = assertThrows(IllegalArgumentException.class, () -> runner.run(new Denoise(), Scale.QUICK, 1, Map.of("data", tmp.resolve("none").toString()),
                tmp.resolve("bad"), false));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().lines().count() == 1, e.getMessage());
    }
}
