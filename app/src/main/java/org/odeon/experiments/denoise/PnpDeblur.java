package org.odeon.experiments.denoise;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.odeon.data.NaturalImages;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.inverse.Blur;
import org.odeon.inverse.Classical;
import org.odeon.inverse.Noise;
import org.odeon.inverse.PlugAndPlay;
import org.odeon.inverse.Restoration;
import org.odeon.models.denoise.AveragedDenoiser;
import org.odeon.models.denoise.DnCNN;
import org.odeon.models.denoise.Denoisers;
import org.odeon.nn.Module;
import org.odeon.report.Plot;
import org.odeon.tensor.NDArray;

/**
 * Plug-and-Play deblurring (issue 20): a Gaussian or motion blur plus noise on the centre crops of
 * the test photographs, restored by Wiener, TV and PnP forward–backward with the averaged denoiser,
 * DnCNN and the Gaussian filter (all trained/used at the same small noise level). PnP-FBS uses step
 * {@code γ = gammaScale/‖A‖²}; with {@code gammaScale < 2} and an averaged denoiser it provably
 * converges, and the fixed-point residual curves show whether the others do.
 */
public final class PnpDeblur implements Experiment<PnpDeblur.Config> {
    public enum Kernel { GAUSSIAN, MOTION }

    public record Config(String data, int patch, int patches, int steps, int batch, double lr, int width, int depth, double time, double alpha,
                         int maxSteps, int dncnnWidth, int dncnnDepth, double denoiserSigma, Kernel kernel, double blur, double noise,
                         double gammaScale, int iterations, double tvWeight, double wienerRatio) {
        public Config {
            Require.atLeast(8, "patch", patch);
            Require.atLeast(1, "patches", patches, "steps", steps, "batch", batch, "width", width, "depth", depth, "maxSteps", maxSteps,
                    "dncnnWidth", dncnnWidth, "iterations", iterations);
            Require.atLeast(2, "dncnnDepth", dncnnDepth);
            Require.positive("lr", lr, "time", time, "alpha", alpha, "denoiserSigma", denoiserSigma, "blur", blur, "noise", noise,
                    "gammaScale", gammaScale, "tvWeight", tvWeight, "wienerRatio", wienerRatio);
        }
    }

    @Override public Info info() {
        return new Info("pnp-deblur", "PnP forward–backward deblurring with the averaged denoiser vs DnCNN, Wiener and TV; PSNR and fixed-point residual curves",
                "Sherry et al., Designing Stable Neural Networks using Convex Analysis and ODEs (2023), deblurring", "denoise");
    }

    @Override public String limits(Scale scale) {
        return switch (scale) {
            case QUICK -> "A width-8 denoiser trained for 150 steps: PnP converges with the averaged denoiser but its PSNR is limited by "
                    + "the denoiser (on 2026-12-03, 1,000 steps gave PnP 29.79 dB against TV's 31.67).";
            case PAPER -> "40,000 training steps of the 64-channel denoisers: hours on two cores.";
        };
    }

    @Override public Config config(Scale scale) {
        Config quick = new Config("", 32, 256, 150, 8, 2e-3, 8, 3, 1.0, 0.5, 4, 16, 5, 5, Kernel.GAUSSIAN, 1.6, 0.01, 1.0, 200, 0.002, 0.01);
        return scale == Scale.QUICK ? quick
                : Configs.with(quick, "patch", 64, "patches", 4000, "steps", 40_000, "batch", 5, "width", 64, "depth", 10, "maxSteps", 8,
                        "dncnnWidth", 64, "dncnnDepth", 20, "iterations", 1000);
    }

    @Override public Outcome run(Config c, Run run) throws Exception {
        var dir = NaturalImages.folder(c.data());
        var train = NaturalImages.load(dir, NaturalImages.TRAIN);
        var test = NaturalImages.load(dir, NaturalImages.TEST);
        int p = c.patch();
        NDArray patches = NaturalImages.patches(train, c.patches(), p, run.random("patches"));
        Map<String, Module> nets = new LinkedHashMap<>();
        nets.put("averaged", new AveragedDenoiser(1, c.width(), c.depth(), c.time(), c.alpha(), c.maxSteps(), p, p, false, run.random("init-averaged")));
        nets.put("dncnn", DnCNN.plain(1, c.dncnnWidth(), c.dncnnDepth(), p, p, run.random("init-dncnn")));
        Plot.Builder training = Plot.of("training", "denoiser training loss at σ = " + c.denoiserSigma() + "/255").axes("step", "loss").logY();
        for (var e : nets.entrySet()) Denoise.train(run, e.getKey(), e.getValue(), patches, c.steps(), c.batch(), c.lr(), c.denoiserSigma() / 255, training);
        Map<String, UnaryOperator<NDArray>> denoisers = new LinkedHashMap<>();
        for (var e : nets.entrySet()) denoisers.put(e.getKey(), Denoisers.of(e.getValue(), 1));
        denoisers.put("gaussian", Denoisers.gaussian(0.5));

        Blur a = c.kernel() == Kernel.GAUSSIAN ? Blur.gaussian(c.blur(), p, p) : Blur.motion((int) Math.round(c.blur()), 30, p, p);
        double gamma = c.gammaScale() / (a.norm() * a.norm());
        Map<String, Double> psnr = new LinkedHashMap<>();
        Plot.Builder curves = Plot.of("convergence", "PnP-FBS fixed-point residual ‖x_{k+1} − x_k‖ (" + test.get(0).name() + ")").axes("iteration", "residual").logY();
        var noise = run.random("noise");
        for (var t : test) {
            NDArray clean = NaturalImages.centreCrop(t.image(), p).reshape(p, p);
            NDArray y = Noise.gaussian(a.apply(clean), c.noise(), noise);
            add(psnr, "blurred", Noise.psnr(y, clean));
            add(psnr, "wiener", Noise.psnr(Classical.wiener(a, y, c.wienerRatio()), clean));
            add(psnr, "tv", Noise.psnr(Classical.tv(a, y, c.tvWeight(), 500, 1e-7).estimate(), clean));
            for (var d : denoisers.entrySet()) {
                Restoration r = PlugAndPlay.forwardBackward(a, y, d.getValue(), gamma, c.iterations(), 1e-9);
                add(psnr, "pnp_" + d.getKey(), Noise.psnr(r.estimate(), clean));
                if (t == test.get(0)) {
                    curves.line(d.getKey(), Denoise.index(r.iterations()), r.residuals());
                    psnr.put("last_residual_" + d.getKey(), r.lastResidual());
                    psnr.put("monotone_" + d.getKey(), r.monotone(1e-9) ? 1.0 : 0.0);
                }
            }
        }
        var out = Outcome.builder().metric("psnr_pnp_averaged", psnr.get("pnp_averaged") / test.size());
        for (var e : psnr.entrySet()) {
            boolean perImage = !e.getKey().startsWith("last_") && !e.getKey().startsWith("monotone_");
            String key = perImage ? "psnr_" + e.getKey() : e.getKey();
            double v = perImage ? e.getValue() / test.size() : e.getValue();
            if (!key.equals("psnr_pnp_averaged")) out.metric(key, v);
            run.log("%-28s %.4g", key, v);
        }
        Denoise.certificate(out, (AveragedDenoiser) nets.get("averaged"));
        out.metric("gamma", gamma);
        for (var e : nets.entrySet()) {
            Map<String, NDArray> weights = new LinkedHashMap<>();
            e.getValue().stateDict().forEach((k, v) -> weights.put(e.getKey() + "." + k, v));
            out.model(weights).structure(e.getKey(), e.getValue());
        }
        return out.plot(training.build()).plot(curves.build()).build();
    }

    private static void add(Map<String, Double> m, String k, double v) { m.merge(k, v, Double::sum); }
}
