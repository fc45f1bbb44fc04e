package org.odeon.experiments.pixel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.experiments.TrainState;
import org.odeon.optim.Training;
import org.odeon.models.pixel.ExactScheme;
import org.odeon.models.pixel.FrameResNet;
import org.odeon.models.pixel.NextFrame;
import org.odeon.models.pixel.PixelData;
import org.odeon.models.pixel.PixelMetrics;
import org.odeon.models.pixel.PixelNet;
import org.odeon.models.pixel.PixelTraining;
import org.odeon.nn.Module;
import org.odeon.pde.BilinearGalerkin;
import org.odeon.pde.InitialData;
import org.odeon.pde.PeriodicPde;
import org.odeon.report.FieldImage;
import org.odeon.report.Plot;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Pixel networks learn one time step of linear advection, heat or Fisher–KPP from sequences of
 * frames (Celledoni, Jackaman, Murari, Owren, "Predictions based on pixel data"), beside an
 * unconstrained ResNet of similar size and the exact finite-difference scheme the network can
 * represent.
 *
 * <p>Data: {@code n × n} periodic grids on the unit square; initial fields
 * {@code sin(2πk(x − s_x))·cos(2πl(y − s_y))} (+1 for advection) with {@code k, l} in
 * {@code [5n/100, 8n/100]} (the paper's 5..8 at n = 100); advection with c = (1, 1) and Δt = 2h
 * (the paper's 0.02 at n = 100), heat and Fisher with α = 0.01, r = 1 and Δt = 0.24h²/α. The
 * frames are the paper's own kind by default ({@code reference=galerkin}: bilinear finite
 * elements with Crank–Nicolson, as the authors' Firedrake scripts make them), which no pixel
 * network reproduces exactly; {@code reference=rk4} instead solves finely the method-of-lines
 * field (centred advection, 5-point Laplacian) whose explicit scheme the exact construction is.
 * Learned models train by {@link PixelTraining} (unrolled 3 → 4 → 5 steps, cyclic learning rate,
 * a final anneal, input noise) and are tested on {@code testSequences} fresh fields: relative,
 * mean-square and largest errors after 5 steps and at the end of the {@code rollout}-step rollout
 * (or at its last finite step, {@code finite_steps}, if the model blows up), the growth of the
 * relative error between the two, the largest norm ratio ‖U_k‖/‖U_0‖, norm drift and new extrema.
 */
public final class PixelPde implements Experiment<PixelPde.Config> {

    public enum Equation { ADVECTION, HEAT, FISHER }

    /**
     * Where the frames come from: {@code galerkin}, the paper's own data (bilinear finite elements,
     * Crank–Nicolson: {@link BilinearGalerkin}), or {@code rk4}, a fine RK4 solve of the very
     * method-of-lines field whose explicit scheme the network can represent ({@link PeriodicPde}).
     */
    public enum Reference { GALERKIN, RK4 }

    /** How learned models train: Adam through the curriculum, or that followed by L-BFGS on one fixed batch. */
    public enum Optimizer { ADAM, LBFGS }

    /** Which models to fit: all of them, or one. */
    public enum Models { ALL, PIXEL, NORM, RESNET, EXACT }

    /**
     * @param equation          advection, heat or fisher
     * @param model             all | pixel | norm (norm-preserving, advection) | resnet (baseline) | exact (the scheme)
     * @param grid              n, points a side
     * @param trainSequences    training initial fields
     * @param testSequences     fresh test fields
     * @param frames            steps per training sequence (windows of 5 steps are cut from it)
     * @param reference         galerkin (the paper's data) | rk4 (the finite-difference field, solved finely)
     * @param referenceSubsteps RK4 steps per frame step of the rk4 reference
     * @param curriculum        unrolled steps per training stage (the paper's 3, 4, 5)
     * @param stepsPerStage     optimizer steps per curriculum stage
     * @param batch             windows per step
     * @param lrLow             cyclic learning rate, low
     * @param lrHigh            cyclic learning rate, high
     * @param lrFinal           the learning rate the last stage anneals to (cosine from lrLow)
     * @param noise             ε of the input noise U(−ε, ε)
     * @param rollout           steps of the long test rollout
     * @param baselineWidth     channels of the ResNet baseline
     * @param optimizer         adam | lbfgs (Adam's curriculum, then {@code lbfgsSteps} L-BFGS iterations on the longest unroll)
     * @param lbfgsSteps        L-BFGS iterations (with optimizer=lbfgs)
     * @param lbfgsBatch        windows in L-BFGS's fixed batch
     */
    public record Config(Equation equation, Models model, int grid, int trainSequences, int testSequences, int frames, Reference reference, int referenceSubsteps,
                         List<Integer> curriculum, int stepsPerStage, int batch, double lrLow, double lrHigh, double lrFinal, double noise, int rollout, int baselineWidth,
                         Optimizer optimizer, int lbfgsSteps, int lbfgsBatch) {
        public Config {
            Require.atLeast(8, "grid", grid);
            if (grid > 512) throw new IllegalArgumentException("grid must be at most 512, got " + grid);
            Require.atLeast(1, "trainSequences", trainSequences, "testSequences", testSequences, "referenceSubsteps", referenceSubsteps,
                    "stepsPerStage", stepsPerStage, "batch", batch, "baselineWidth", baselineWidth, "lbfgsSteps", lbfgsSteps, "lbfgsBatch", lbfgsBatch);
            Require.nonEmpty("curriculum", curriculum, 1);
            Require.atLeast(5, "rollout", rollout);
            int longest = curriculum.stream().mapToInt(Integer::intValue).max().getAsInt();
            if (frames < Math.max(5, longest)) throw new IllegalArgumentException("frames must be at least 5 and the longest unroll " + longest + ", got " + frames);
            Require.positive("lrLow", lrLow, "lrHigh", lrHigh, "lrFinal", lrFinal);
            Require.nonNegative("noise", noise);
            if (model == Models.NORM && equation != Equation.ADVECTION)
                throw new IllegalArgumentException("the norm-preserving network is for advection, whose flow keeps the norm; got equation=" + equation.name().toLowerCase());
        }
    }

    @Override public Info info() {
        return new Info("pixel-pde", "pixel networks (Euler sub-steps of a 2-layer convolution) learn advection, heat or Fisher–KPP steps from frames; errors after 5 and 100 steps, norm drift, new extrema, vs a ResNet and the exact scheme", "Celledoni, Jackaman, Murari, Owren, Predictions Based on Pixel Data: Insights from PDEs and Finite Differences", "pixel");
    }

    /**
     * Paper scale: the paper's 100×100 grid and data; the step count and batch are what a model fits in
     * about ten minutes of one shared core (the paper trains ≈ 9,400 batches of 32 a stage).
     */
    @Override public Config config(Scale scale) {
        return switch (scale) {
            case QUICK -> new Config(Equation.HEAT, Models.ALL, 32, 16, 30, 10, Reference.GALERKIN, 4, List.of(3, 4, 5), 60, 16, 1e-3, 1e-2, 1e-5, 0, 100, 4, Optimizer.ADAM, 20, 32);
            case PAPER -> new Config(Equation.HEAT, Models.ALL, 100, 64, 30, 10, Reference.GALERKIN, 4, List.of(3, 4, 5), 300, 16, 1e-3, 1e-2, 1e-5, 0, 100, 4, Optimizer.ADAM, 200, 64);
        };
    }

    @Override public String limits(Scale scale) {
        return switch (scale) {
            case QUICK -> "32×32 grids (wave numbers 2..3), 16 training sequences and 60 optimizer steps a curriculum stage, against the paper's "
                    + "100×100, 1,000 sequences and ≈ 9,400 batches a stage: the learned errors stay well above the paper's; the exact schemes "
                    + "and the kept norm are shown in full. Δt = 0.24h²/α is 10× the paper's step at 32×32, so Fisher's 100 steps reach t = 2.3, "
                    + "where the reference's mean turns negative and heads for blow-up, far outside the 10-step training frames.";
            case PAPER -> "The paper's 100×100 grid, wave numbers 5..8 and data (Q1 finite elements, Crank–Nicolson), 30 test fields and "
                    + "100-step rollouts; reduced: 64 training sequences (every 5-step window of 10 frames) against the paper's 1,000, and "
                    + "300 Adam steps of batch 16 a curriculum stage (900 in all) against the paper's ≈ 9,400 batches of 32 a stage, because "
                    + "on one core a step of batch 32 costs 0.45 s (heat and advection pixel nets, ResNet) to 1.5 s (Fisher's ten channels) "
                    + "and the machine is shared: the learned errors are those of short training, not the paper's. The README's table "
                    + "ran this scale except Fisher (stepsPerStage=200) and the heat pixel net (stepsPerStage=400 batch=32).";
        };
    }

    /** One fitted or constructed model and what it did. */
    private record Result(String name, Module module, NextFrame step, double seconds, Training fit) {}

    @Override public Outcome run(Config c, Run run) throws Exception {
        int n = c.grid();
        double h = 1.0 / n, alpha = 0.01;
        PeriodicPde pde = switch (c.equation()) {
            case ADVECTION -> PeriodicPde.advection(n, 1, 1, PeriodicPde.Advection.CENTRED);
            case HEAT -> PeriodicPde.heat(n, alpha, PeriodicPde.Laplacian.FIVE_POINT);
            case FISHER -> PeriodicPde.fisher(n, alpha, 1, PeriodicPde.Laplacian.FIVE_POINT);
        };
        double dt = c.equation() == Equation.ADVECTION ? 2 * h : 0.24 * h * h / alpha, offset = c.equation() == Equation.ADVECTION ? 1 : 0;
        int kMin = Math.max(1, Math.round(5 * n / 100f)), kMax = Math.max(kMin, Math.round(8 * n / 100f));
        Rng fields = run.random("data");
        Supplier<double[]> initial = () -> InitialData.randomSinCos(n, kMin, kMax, 1, offset, fields);
        boolean galerkin = c.reference() == Reference.GALERKIN;
        java.util.function.BiFunction<Integer, Integer, PixelData> sequences;   // (count, steps) → frames from the chosen reference
        if (galerkin) {
            BilinearGalerkin fem = switch (c.equation()) {
                case ADVECTION -> BilinearGalerkin.advection(n, 1, 1);
                case HEAT -> BilinearGalerkin.heat(n, alpha);
                case FISHER -> BilinearGalerkin.fisher(n, alpha, 1);
            };
            sequences = (count, steps) -> PixelData.generate(fem, initial, count, steps, dt);
        } else sequences = (count, steps) -> PixelData.generate(pde, initial, count, steps, dt, c.referenceSubsteps());
        PixelData train = sequences.apply(c.trainSequences(), c.frames()), test = sequences.apply(c.testSequences(), c.rollout());
        run.log("%s on %d×%d from %s, Δt = %.4g, wave numbers %d..%d: %d training sequences of %d steps, %d test sequences of %d steps",
                pde.name(), n, n, galerkin ? "Q1 finite elements with Crank–Nicolson (the paper's data)" : "RK4 on the finite-difference field",
                dt, kMin, kMax, c.trainSequences(), c.frames(), c.testSequences(), c.rollout());

        List<Result> results = new ArrayList<>();
        boolean all = c.model() == Models.ALL;
        PixelNet.Shape shape = c.equation() == Equation.FISHER ? PixelNet.Shape.fisher() : PixelNet.Shape.linear();
        if (all || c.model() == Models.PIXEL) results.add(fit("pixel", new PixelNet(shape, 1, 3, false, run.random("init-pixel")), train, c, run));
        if ((all && c.equation() == Equation.ADVECTION) || c.model() == Models.NORM)
            results.add(fit("pixel_norm", new PixelNet(shape, 1, 3, true, run.random("init-norm")), train, c, run));
        if (all || c.model() == Models.RESNET) results.add(fit("resnet", new FrameResNet(c.baselineWidth(), run.random("init-resnet")), train, c, run));
        if (all || c.model() == Models.EXACT) {
            PixelNet exact = ExactScheme.of(pde, dt, 3, 2);
            results.add(new Result("exact", exact, exact, 0, null));
        }

        Outcome.Builder out = Outcome.builder();
        Plot.Builder errors = Plot.of("error-over-time", "Relative error ‖U_k − U_k^ref‖/‖U_k^ref‖ on " + c.testSequences() + " test fields")
                .axes("step k", "relative error").logY();
        Map<String, NDArray[]> rollouts = new LinkedHashMap<>();
        double[] steps = new double[c.rollout()];
        for (int k = 0; k < steps.length; k++) steps[k] = k + 1;
        for (Result r : results) {
            NDArray[] roll = PixelMetrics.rollout(r.step(), test.frame(0), c.rollout());
            int finite = roll.length - 1;
            if (finite < c.rollout()) run.log("%s: the rollout left the finite numbers after step %d", r.name(), finite);
            rollouts.put(r.name(), roll);
            PixelMetrics.Errors e = PixelMetrics.errors(roll, test);
            // A model that blew up before step 5 gets the largest double as its 5-step figures (JSON has no ∞).
            // Nor an error that overflowed while the field itself was still finite (a rollout on its way out).
            double rel5 = finite >= 5 ? capped(e.relative()[4]) : Double.MAX_VALUE, relEnd = finite >= 1 ? capped(e.relative()[finite - 1]) : Double.MAX_VALUE;
            out.metric(r.name() + "_rel_error_5", rel5)
                    .metric(r.name() + "_mse_5", finite >= 5 ? capped(e.mse()[4]) : Double.MAX_VALUE)
                    .metric(r.name() + "_max_error_5", finite >= 5 ? capped(e.max()[4]) : Double.MAX_VALUE)
                    .metric(r.name() + "_finite_steps", finite)
                    .metric(r.name() + "_rel_error_end", relEnd)
                    .metric(r.name() + "_max_error_end", finite >= 1 ? capped(e.max()[finite - 1]) : Double.MAX_VALUE)
                    .metric(r.name() + "_growth_5_to_end", finite >= 5 ? capped(relEnd / rel5) : Double.MAX_VALUE)
                    .metric(r.name() + "_norm_drift", capped(PixelMetrics.normDrift(roll)))
                    .metric(r.name() + "_norm_growth", capped(PixelMetrics.normGrowth(roll)))
                    .metric(r.name() + "_extrema_drift", capped(PixelMetrics.extremaDrift(roll)))
                    .metric(r.name() + "_parameters", r.module().parameterCount())
                    .metric(r.name() + "_train_seconds", r.seconds());
            errors.line(r.name(), java.util.Arrays.copyOf(steps, finite), floor(e.relative()));
            out.structure(r.name(), r.module());
            if (r.fit() != null) {
                out.plot(Plot.loss(r.fit()));
                r.module().stateDict().forEach((k, v) -> out.model(Map.of(r.name() + "." + k, v)));
            }
            run.log("%s: relative error %.3g after 5 steps, %.3g after %d", r.name(), rel5, relEnd, finite);
        }
        frames(run, test, rollouts, 5);
        frames(run, test, rollouts, c.rollout());
        out.plot(errors.build());
        return out.build();
    }

    private static Result fit(String name, Module model, PixelData train, Config c, Run run) throws Exception {
        NextFrame step = (NextFrame) model;
        int stages = c.curriculum().size();
        int lbfgsSteps = c.optimizer() == Optimizer.LBFGS ? c.lbfgsSteps() : 0;
        PixelTraining session = new PixelTraining(model, step, train, new PixelTraining.Config(c.curriculum(), c.stepsPerStage(), c.batch(),
                c.lrLow(), c.lrHigh(), Math.max(1, c.stepsPerStage() / 4), c.noise(), c.lrFinal(), lbfgsSteps, c.lbfgsBatch()));
        TrainState state = TrainState.of(model, session.optimizer());
        if (session.lbfgs().isPresent()) state = state.and("lbfgs.", session.lbfgs().get()::state, session.lbfgs().get()::loadState);
        long t0 = System.nanoTime();
        Training fit = run.train("fit-" + name.replace('_', '-'), stages * c.stepsPerStage() + lbfgsSteps, state, session::step);
        model.eval();
        session.lbfgs().ifPresent(l -> run.log("%s: %d L-BFGS iterations took %d evaluations of the %d-window batch; loss %.4g", name, l.iterations(), l.evaluations(),
                Math.min(c.lbfgsBatch(), train.windows(c.curriculum().stream().mapToInt(Integer::intValue).max().getAsInt())[0].dim(0)), fit.finalLoss()));
        return new Result(name, model, step, (System.nanoTime() - t0) / 1e9, fit);
    }

    /** Truth, each model's prediction and error for the first test field at step {@code k}, as one image. */
    private static void frames(Run run, PixelData test, Map<String, NDArray[]> rollouts, int k) throws IOException {
        int n = test.n(), m = n * n;
        double[] truth = test.frames()[0][k];
        List<FieldImage.Panel> panels = new ArrayList<>();
        panels.add(new FieldImage.Panel("reference, step " + k, n, n, truth));
        rollouts.forEach((name, roll) -> {
            if (roll.length <= k) return;
            double[] p = java.util.Arrays.copyOf(roll[k].data(), m), err = new double[m];
            for (int i = 0; i < m; i++) err[i] = p[i] - truth[i];
            panels.add(new FieldImage.Panel(name, n, n, p));
            panels.add(new FieldImage.Panel(name + " error", n, n, err));
        });
        FieldImage.write(run.folder(), "frames-step-" + k, panels);
    }

    /** Zeros cannot sit on a log axis, nor infinities on any (an overflowed error is drawn at 1e300). */
    private static double[] floor(double[] a) { return java.util.Arrays.stream(a).map(v -> Double.isFinite(v) ? Math.min(Math.max(v, 1e-16), 1e300) : 1e300).toArray(); }

    /** An error that overflowed (∞ or NaN) as the largest double: JSON and plots hold no ∞. */
    private static double capped(double v) { return Double.isFinite(v) ? v : Double.MAX_VALUE; }
}
