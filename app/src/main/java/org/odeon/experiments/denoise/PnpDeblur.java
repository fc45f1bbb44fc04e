package org.odeon.experiments.denoise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
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
import org.odeon.nn.Activation;
import org.odeon.nn.Module;
import org.odeon.report.FieldImage;
import org.odeon.report.Plot;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Plug-and-Play deblurring (issue 20): a Gaussian or motion blur plus noise on {@code crops×crops}
 * grid crops of each held-out photograph, restored by Wiener, TV and PnP forward–backward with the
 * averaged denoiser, DnCNN and the Gaussian filter.
 *
 * <p>PnP-FBS {@code x ← D_θ(x − γAᵀ(Ax − y))} uses the relaxed denoiser {@code D_θ = (1 − θ)I + θD}
 * and step {@code γ = s/‖A‖²}. With {@code s < 2} and the averaged denoiser ({@code θα < 1}) it
 * provably converges. PnP-ADMM with the averaged denoiser keeps {@code θα ≤ ½}: {@code D_θ} is then
 * firmly non-expansive, ADMM is Douglas–Rachford splitting with a non-expansive reflected
 * denoiser, and its iterates converge (their residual need not be monotone). Every method's parameters — Wiener's ratio, TV's weight, each PnP's
 * {@code (θ, s)} — are chosen by mean PSNR on the validation photographs' crops, the same way for
 * all, and the test photographs are used once. The fixed-point residual curves on the first test
 * crop show each tuned PnP, and each network unrelaxed ({@code θ = 1}) at the averaged one's step:
 * there the certified denoiser converges and an unconstrained DnCNN need not.
 */
public final class PnpDeblur implements Experiment<PnpDeblur.Config> {
    public enum Kernel { GAUSSIAN, MOTION }

    /**
     * Tolerance of the norms' upper bounds in the certificate: on larger crops the top singular values
     * of a circular convolution cluster and the power iteration converges slowly; a looser tolerance
     * gives a larger, still valid, upper bound.
     */
    static final double CERTIFICATE_TOL = 1e-3;

    public record Config(String data, int patch, int patches, int steps, int batch, double lr, int width, int depth, double time, double alpha,
                         int maxSteps, int dncnnWidth, int dncnnDepth, double denoiserSigma, Kernel kernel, double blur, double noise,
                         List<Double> gammaScales, List<Double> relaxations, int iterations, double tol, List<Double> tvWeights,
                         List<Double> wienerRatios, List<Double> admmScales, int crop, int crops, int validationCrops, double initNorm) {
        public Config {
            Require.atLeast(8, "patch", patch, "crop", crop);
            Require.atLeast(1, "patches", patches, "steps", steps, "batch", batch, "width", width, "depth", depth, "maxSteps", maxSteps,
                    "dncnnWidth", dncnnWidth, "iterations", iterations, "crops", crops, "validationCrops", validationCrops);
            Require.atLeast(2, "dncnnDepth", dncnnDepth);
            Require.positive("initNorm", initNorm, "lr", lr, "time", time, "alpha", alpha, "denoiserSigma", denoiserSigma, "blur", blur, "noise", noise, "tol", tol);
            var grids = Map.of("gammaScales", gammaScales, "relaxations", relaxations, "tvWeights", tvWeights, "wienerRatios", wienerRatios, "admmScales", admmScales);
            for (var g : grids.entrySet())
                if (g.getValue().isEmpty() || !g.getValue().stream().allMatch(v -> v > 0 && Double.isFinite(v)))
                    throw new IllegalArgumentException(g.getKey() + ": need a non-empty list of positive values, got " + g.getValue());
            for (double s : gammaScales)
                if (!(s < 2)) throw new IllegalArgumentException("gammaScales: PnP-FBS converges for step scales in (0, 2), got " + s);
        }
    }

    @Override public Info info() {
        return new Info("pnp-deblur", "PnP forward–backward deblurring with the averaged denoiser vs DnCNN, Wiener and TV (all tuned on validation photographs); PSNR, "
                + "fixed-point residual curves and restored images", "Sherry et al., Designing Stable Neural Networks using Convex Analysis and ODEs (2023), deblurring",
                "denoise");
    }

    @Override public String limits(Scale scale) {
        return switch (scale) {
            case QUICK -> "A width-8 denoiser trained for 150 steps on 32×32 patches and evaluated on four 32×32 crops per test photograph (a larger crop "
                    + "recomputes the norms and the certificate for that size): PnP converges with the averaged denoiser but its PSNR is limited by the denoiser "
                    + "(on 2026-12-03, 3,000 steps on 3,000 patches at σ = 5/255, each ‖Aᵢ‖ started at 1, cosine rate: PnP-averaged 30.46 dB against TV's 31.86 "
                    + "and Wiener's 28.75; the relaxed, non-convergent DnCNN PnP reached 31.84).";
            case PAPER -> "40,000 training steps of the 64-channel, 10-block denoiser and a 20-layer DnCNN on 64×64 patches: hours on two cores.";
        };
    }

    @Override public Config config(Scale scale) {
        Config quick = new Config("", 32, 256, 150, 8, 2e-3, 8, 3, 1.0, 0.5, 4, 16, 5, 5, Kernel.GAUSSIAN, 1.6, 0.01,
                List.of(1.0, 1.9), List.of(0.1, 0.2, 0.35, 0.5, 0.7, 1.0), 200, 1e-9, List.of(1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 4e-3),
                List.of(1e-3, 3e-3, 1e-2, 3e-2, 0.1), List.of(1.0, 2.0, 4.0, 8.0), 32, 2, 2, 1.0);
        return scale == Scale.QUICK ? quick
                : Configs.with(quick, "patch", 64, "patches", 4000, "steps", 40_000, "batch", 5, "width", 64, "depth", 10, "maxSteps", 8,
                        "dncnnWidth", 64, "dncnnDepth", 20, "iterations", 1000, "crop", 64);
    }

    /** A clean crop and its blurred, noisy observation. */
    record Case(String image, NDArray clean, NDArray y) {}

    /** The PnP splitting. */
    enum Scheme { FBS, ADMM }

    /** PnP parameters: the splitting, relaxation θ and step scale s ({@code γ = s/‖A‖²}). */
    record Pnp(Scheme scheme, double theta, double scale) {}

    @Override public Outcome run(Config c, Run run) throws Exception {
        var dir = NaturalImages.folder(c.data());
        int p = c.patch();
        NDArray patches = NaturalImages.patches(NaturalImages.load(dir, NaturalImages.TRAIN), c.patches(), p, run.random("patches"));
        Map<String, Module> nets = new LinkedHashMap<>();
        var averaged = new AveragedDenoiser(1, c.width(), c.depth(), c.time(), c.alpha(), c.maxSteps(), p, p, false, Activation.relu(), c.initNorm(),
                run.random("init-averaged"));
        nets.put("averaged", averaged);
        nets.put("dncnn", DnCNN.plain(1, c.dncnnWidth(), c.dncnnDepth(), p, p, run.random("init-dncnn")));
        Plot.Builder training = Plot.of("training", "denoiser training loss at σ = " + c.denoiserSigma() + "/255").axes("step", "loss").logY();
        for (var e : nets.entrySet()) Denoise.train(run, e.getKey(), e.getValue(), patches, c.steps(), c.batch(), c.lr(), c.denoiserSigma() / 255, training);
        // the networks on crop×crop images: the same weights, norms and certificate recomputed for that size
        int n = c.crop();
        Map<String, Module> evaluated = new LinkedHashMap<>();
        var averagedAt = n == p ? averaged : averaged.resized(n, n, 200);
        evaluated.put("averaged", averagedAt);
        evaluated.put("dncnn", n == p ? nets.get("dncnn") : ((DnCNN) nets.get("dncnn")).resized(n, n));
        Map<String, UnaryOperator<NDArray>> denoisers = new LinkedHashMap<>();
        for (var e : evaluated.entrySet()) denoisers.put(e.getKey(), Denoisers.of(e.getValue(), 1));
        denoisers.put("gaussian", Denoisers.gaussian(0.5));
        double alpha = averagedAt.averagedness(CERTIFICATE_TOL);

        Blur a = c.kernel() == Kernel.GAUSSIAN ? Blur.gaussian(c.blur(), n, n) : Blur.motion((int) Math.round(c.blur()), 30, n, n);
        double lip = a.norm() * a.norm();
        List<Case> validation = cases(NaturalImages.load(dir, NaturalImages.VALIDATION), c.validationCrops(), n, a, c.noise(), run.random("validation-noise"));
        List<Case> test = cases(NaturalImages.load(dir, NaturalImages.TEST), c.crops(), n, a, c.noise(), run.random("noise"));

        // every method's parameters by mean validation PSNR
        double ratio = best(c.wienerRatios(), r -> meanPsnr(validation, cs -> Classical.wiener(a, cs.y(), r)));
        double weight = best(c.tvWeights(), l -> meanPsnr(validation, cs -> tv(a, cs.y(), l)));
        run.log("validation: Wiener ratio %.3g, TV weight %.3g", ratio, weight);
        // PnP-FBS with each denoiser (the averaged one kept certified: θα < 1), and PnP-ADMM with the averaged
        // one kept firmly non-expansive (θα ≤ ½), which makes ADMM a Douglas–Rachford iteration and so convergent
        Map<String, List<Pnp>> grids = new LinkedHashMap<>();
        for (String d : denoisers.keySet()) grids.put(d, grid(Scheme.FBS, c.relaxations(), c.gammaScales(), d.equals("averaged") ? 1 / alpha : Double.POSITIVE_INFINITY));
        grids.put("admm_averaged", grid(Scheme.ADMM, c.relaxations(), c.admmScales(), 0.5 / alpha));
        Map<String, UnaryOperator<NDArray>> used = new LinkedHashMap<>(denoisers);
        used.put("admm_averaged", denoisers.get("averaged"));
        Map<String, Pnp> chosen = new LinkedHashMap<>();
        for (var g : grids.entrySet()) {
            if (g.getValue().isEmpty()) throw new IllegalArgumentException("relaxations: no θ keeps PnP-" + g.getKey() + " certified (α = " + alpha + ")");
            Pnp best = best(g.getValue(), q -> meanPsnr(validation, cs -> pnp(a, cs.y(), used.get(g.getKey()), q, lip, c).estimate()));
            chosen.put(g.getKey(), best);
            run.log("validation: PnP-%s θ = %.3g, γ = %.3g/‖A‖²", g.getKey(), best.theta(), best.scale());
        }

        Map<String, Function<Case, NDArray>> methods = new LinkedHashMap<>();
        methods.put("blurred", Case::y);
        methods.put("wiener", cs -> Classical.wiener(a, cs.y(), ratio));
        methods.put("tv", cs -> tv(a, cs.y(), weight));
        Map<String, Double> converged = new LinkedHashMap<>();
        for (var d : used.entrySet())
            methods.put("pnp_" + d.getKey(), cs -> {
                Restoration r = pnp(a, cs.y(), d.getValue(), chosen.get(d.getKey()), lip, c);
                converged.merge(d.getKey(), r.converged() ? 1.0 / test.size() : 0, Double::sum);
                return r.estimate();
            });
        Map<String, Double> psnr = new LinkedHashMap<>();
        Map<String, List<FieldImage.Panel>> pictures = new LinkedHashMap<>();
        for (var m : methods.entrySet())
            for (Case cs : test) {
                NDArray est = m.getValue().apply(cs);
                double v = Noise.psnr(est, cs.clean());
                psnr.merge(m.getKey(), v / test.size(), Double::sum);
                psnr.merge(m.getKey() + "_" + cs.image(), v / (c.crops() * c.crops()), Double::sum);
                if (firstCrop(test, cs)) pictures.computeIfAbsent(cs.image(), k -> new ArrayList<>(List.of(panel("clean", cs.clean(), Double.NaN))))
                        .add(panel(m.getKey(), est, v));
            }

        var out = Outcome.builder().metric("psnr_pnp_averaged", psnr.get("pnp_averaged"));
        psnr.forEach((k, v) -> { if (!k.equals("pnp_averaged")) out.metric("psnr_" + k, v); });
        out.metric("wiener_ratio", ratio).metric("tv_weight", weight);
        Denoise.certificate(out, averagedAt, CERTIFICATE_TOL); // of the network as evaluated, at crop×crop
        if (alpha < 1) out.metric("averaged_alpha_relaxed", chosen.get("averaged").theta() * alpha)
                .metric("admm_averaged_alpha_relaxed", chosen.get("admm_averaged").theta() * alpha);
        for (var e : chosen.entrySet())
            out.metric("theta_" + e.getKey(), e.getValue().theta()).metric("gamma_" + e.getKey(), e.getValue().scale() / lip)
                    .metric("converged_" + e.getKey(), converged.get(e.getKey()));

        // convergence: the tuned PnPs, and each network unrelaxed at the averaged one's step, on the first test crop
        Case first = test.get(0);
        Plot.Builder curves = Plot.of("convergence", "PnP fixed-point residual ‖x_{k+1} − x_k‖ (FBS; admm_averaged: ADMM; " + first.image() + ", first crop)")
                .axes("iteration", "residual").logY();
        Map<String, Restoration> runs = new LinkedHashMap<>();
        for (var d : used.entrySet()) runs.put(d.getKey(), pnp(a, first.y(), d.getValue(), chosen.get(d.getKey()), lip, c));
        Pnp unrelaxed = new Pnp(Scheme.FBS, 1, chosen.get("averaged").scale());
        for (String k : evaluated.keySet()) runs.put(k + "_unrelaxed", pnp(a, first.y(), denoisers.get(k), unrelaxed, lip, c));
        for (var e : runs.entrySet()) {
            Restoration r = e.getValue();
            curves.line(e.getKey(), Denoise.index(r.iterations()), r.residuals());
            out.metric("last_residual_" + e.getKey(), r.lastResidual()).metric("monotone_" + e.getKey(), r.monotone(1e-9) ? 1 : 0);
        }
        pictures.get(first.image()).add(panel("pnp_dncnn θ=1", runs.get("dncnn_unrelaxed").estimate(), Noise.psnr(runs.get("dncnn_unrelaxed").estimate(), first.clean())));
        for (var e : pictures.entrySet()) FieldImage.writeGray(run.folder(), "restored-" + e.getKey(), e.getValue(), 0, 1);

        psnr.forEach((k, v) -> run.log("PSNR %-24s %.2f dB", k, v));
        for (var e : nets.entrySet()) {
            Map<String, NDArray> weights = new LinkedHashMap<>();
            e.getValue().stateDict().forEach((k, v) -> weights.put(e.getKey() + "." + k, v));
            if (n != p) evaluated.get(e.getKey()).stateDict().forEach((k, v) -> weights.put("eval_" + e.getKey() + "." + k, v)); // with its own norm buffers
            out.model(weights).structure(e.getKey(), e.getValue());
        }
        return out.plot(training.build()).plot(curves.build()).build();
    }

    /** The {@code g×g} grid crops of each photograph, blurred by {@code a} with Gaussian noise of {@code noise}. */
    static List<Case> cases(List<NaturalImages.Named> photos, int g, int p, Blur a, double noise, Rng rnd) {
        List<Case> out = new ArrayList<>();
        for (var ph : photos)
            for (NDArray crop : NaturalImages.gridCrops(ph.image(), g, p)) {
                NDArray clean = crop.reshape(p, p);
                out.add(new Case(ph.name(), clean, Noise.gaussian(a.apply(clean), noise, rnd)));
            }
        return out;
    }

    static Restoration pnp(Blur a, NDArray y, UnaryOperator<NDArray> d, Pnp q, double lip, Config c) {
        var dt = Denoisers.relaxed(d, q.theta());
        return q.scheme() == Scheme.FBS ? PlugAndPlay.forwardBackward(a, y, dt, q.scale() / lip, c.iterations(), c.tol())
                : PlugAndPlay.admm(a, y, dt, q.scale() / lip, c.iterations(), c.tol());
    }

    /** Every {@code (θ, s)} with {@code θ < thetaCap} (a strict cap; {@code θ = thetaCap} itself is kept only for ADMM's ½). */
    static List<Pnp> grid(Scheme scheme, List<Double> thetas, List<Double> scales, double thetaCap) {
        List<Pnp> out = new ArrayList<>();
        for (double th : thetas)
            for (double sc : scales)
                if (scheme == Scheme.ADMM ? th <= thetaCap : th < thetaCap) out.add(new Pnp(scheme, th, sc));
        return out;
    }

    static NDArray tv(Blur a, NDArray y, double weight) { return Classical.tv(a, y, weight, 500, 1e-7).estimate(); }

    /** Mean PSNR of {@code method} over the cases; NaN if any estimate is not finite. */
    static double meanPsnr(List<Case> cases, Function<Case, NDArray> method) {
        double s = 0;
        for (Case cs : cases) s += Noise.psnr(method.apply(cs), cs.clean());
        return s / cases.size();
    }

    /** The grid value of highest score (NaN scores lose; the first value if all are NaN). */
    static <T> T best(List<T> grid, ToDoubleFunction<T> score) {
        T arg = grid.get(0);
        double top = Double.NEGATIVE_INFINITY;
        for (T t : grid) {
            double v = score.applyAsDouble(t);
            if (v > top) { top = v; arg = t; }
        }
        return arg;
    }

    private static boolean firstCrop(List<Case> cases, Case cs) {
        for (Case o : cases) if (o.image().equals(cs.image())) return o == cs;
        return false;
    }

    private static FieldImage.Panel panel(String title, NDArray img, double psnr) {
        int[] s = img.shape();
        return new FieldImage.Panel(Double.isNaN(psnr) ? title : String.format(java.util.Locale.ROOT, "%s %.2f dB", title, psnr), s[0], s[1], img.data());
    }
}
