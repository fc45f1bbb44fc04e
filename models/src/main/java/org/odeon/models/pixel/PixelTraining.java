package org.odeon.models.pixel;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.Dataset;
import org.odeon.nn.Losses;
import org.odeon.nn.Module;
import org.odeon.optim.Adam;
import org.odeon.optim.Lbfgs;
import org.odeon.optim.Optimizer;
import org.odeon.optim.Schedule;
import org.odeon.optim.Training;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Recurrent training of a one-step model on windows of frames, as in the pixel paper: the model
 * is unrolled {@code T} steps from a window's first frame (plus uniform noise of size ε on that
 * frame), the loss is {@code (1/T) Σ_t MSE(Φ^t(U_0 + η), U_t)}, and {@code T} follows a curriculum
 * (3 → 4 → 5) in equal stages of optimizer steps. Adam with a triangular cyclic learning rate in
 * every stage but the last, which anneals (cosine) from the low rate to {@code lrFinal}.
 *
 * <p>Two differences from the authors' loop. One Adam runs through all stages (they restart it per
 * stage), so that a run is one optimizer state that a checkpoint can hold. And the last stage
 * anneals: the authors' network carries the physical {@code Δt}, so its weights are of order
 * {@code α/h²} and Adam's steps of 10⁻³..10⁻² are relatively tiny; ours is trained with {@code Δt}
 * = one frame (weights of order one, reached sooner), where steps of that size leave the weights
 * jittering at 10⁻³ relative — an error floor that only a small final rate removes.
 *
 * <p>Optionally ({@code lbfgsSteps > 0}) {@link Lbfgs} follows the Adam curriculum on the longest unroll: the
 * networks have 50–270 parameters, few enough that a quasi-Newton method on one large fixed batch (no input
 * noise: its line search needs the same objective every evaluation) converges in far fewer steps than Adam.
 */
public final class PixelTraining {

    /**
     * @param curriculum    unrolled steps per stage, e.g. [3, 4, 5]
     * @param stepsPerStage optimizer steps in each stage
     * @param halfCycle     optimizer steps from the low to the high learning rate
     * @param noise         ε: the first frame gets {@code U(−ε, ε)} noise per pixel
     * @param lrFinal       the learning rate the last stage anneals to
     * @param lbfgsSteps    L-BFGS iterations after the Adam stages, on the longest unroll (0: none)
     * @param lbfgsBatch    windows in L-BFGS's fixed batch (spread evenly over all windows; all if there are fewer)
     */
    public record Config(List<Integer> curriculum, int stepsPerStage, int batchSize, double lrLow, double lrHigh, long halfCycle, double noise, double lrFinal,
                         int lbfgsSteps, int lbfgsBatch) {
        public Config {
            curriculum = List.copyOf(curriculum);
            if (curriculum.isEmpty() || curriculum.stream().anyMatch(t -> t < 1))
                throw new IllegalArgumentException("curriculum needs ≥ 1 stage of ≥ 1 unrolled step, got " + curriculum);
            if (stepsPerStage < 0 || batchSize < 1) throw new IllegalArgumentException("steps per stage must be ≥ 0 and batch size ≥ 1, got " + stepsPerStage + " and " + batchSize);
            if (!(lrLow > 0) || !(lrHigh >= lrLow) || halfCycle < 1)
                throw new IllegalArgumentException("cyclic learning rate needs 0 < low ≤ high and a half-cycle ≥ 1, got " + lrLow + ", " + lrHigh + ", " + halfCycle);
            if (!(noise >= 0) || !Double.isFinite(noise)) throw new IllegalArgumentException("input noise must be ≥ 0, got " + noise);
            if (!(lrFinal > 0) || !(lrFinal <= lrLow)) throw new IllegalArgumentException("final learning rate must be in (0, lrLow], got " + lrFinal);
            if (lbfgsSteps < 0 || lbfgsBatch < 1) throw new IllegalArgumentException("L-BFGS steps must be ≥ 0 and its batch ≥ 1, got " + lbfgsSteps + " and " + lbfgsBatch);
        }

        /** Adam only. */
        public Config(List<Integer> curriculum, int stepsPerStage, int batchSize, double lrLow, double lrHigh, long halfCycle, double noise, double lrFinal) {
            this(curriculum, stepsPerStage, batchSize, lrLow, lrHigh, halfCycle, noise, lrFinal, 0, 1);
        }

        /** The last stage anneals to the low rate. */
        public Config(List<Integer> curriculum, int stepsPerStage, int batchSize, double lrLow, double lrHigh, long halfCycle, double noise) {
            this(curriculum, stepsPerStage, batchSize, lrLow, lrHigh, halfCycle, noise, lrLow);
        }

        /**
         * Cycles between {@code lrLow} and {@code lrHigh} before the last stage, then a cosine from {@code lrLow}
         * to {@code lrFinal}: the longest unroll starts where the cycles left off (restarting it at the high
         * rate threw a 10⁻⁶ loss back to 10⁻² in a heat trial).
         */
        public Schedule schedule() {
            Schedule cyclic = Schedule.cyclic(lrLow, lrHigh, halfCycle);
            long last = (long) stepsPerStage * (curriculum.size() - 1);
            Schedule anneal = Schedule.cosine(lrLow, lrFinal, Math.max(1, stepsPerStage));
            return t -> t < last ? cyclic.at(t) : anneal.at(t - last);
        }

        public int longestUnroll() { return curriculum.stream().mapToInt(Integer::intValue).max().getAsInt(); }

        /** Adam's steps, then L-BFGS's. */
        public int adamSteps() { return stepsPerStage * curriculum.size(); }

        public int totalSteps() { return adamSteps() + lbfgsSteps; }
    }

    private final NextFrame model;
    private final Config config;
    private final Dataset windows;
    private final Optimizer optimizer;
    private final Lbfgs lbfgs;  // null without an L-BFGS phase
    private final Batch fixed;  // L-BFGS's batch

    /** A session over every window of {@code data} for {@code model} (a {@link Module} whose step is {@code step}). */
    public PixelTraining(Module model, NextFrame step, PixelData data, Config config) {
        this.model = step;
        this.config = config;
        NDArray[] w = data.windows(config.longestUnroll());
        windows = new Dataset(w[0], w[1]);
        optimizer = new Adam(model.namedParameters(), config.lrLow()).schedule(config.schedule());
        lbfgs = config.lbfgsSteps() > 0 ? new Lbfgs(model.namedParameters()) : null;
        int m = Math.min(config.lbfgsBatch(), windows.size());
        int[] rows = new int[m];
        for (int i = 0; i < m; i++) rows[i] = (int) ((long) i * windows.size() / m);
        fixed = windows.batch(rows);
    }

    public Optimizer optimizer() { return optimizer; }

    /** The L-BFGS of the final phase, or empty without one. */
    public java.util.Optional<Lbfgs> lbfgs() { return java.util.Optional.ofNullable(lbfgs); }

    /** Unrolled steps at optimizer step {@code t} (the L-BFGS phase keeps the last stage's). */
    public int unrollAt(long t) {
        int stage = (int) Math.min(config.curriculum().size() - 1, t / Math.max(1, config.stepsPerStage()));
        return config.curriculum().get(stage);
    }

    /**
     * Optimizer step {@code t}: an Adam step on a minibatch of distinct windows drawn from {@code rnd}, or past the
     * Adam stages an L-BFGS iteration on the fixed batch; returns the loss (L-BFGS's: at its new point).
     */
    public double step(long t, Rng rnd) {
        if (t < config.adamSteps()) return Training.step(optimizer, () -> loss(t, rnd));
        if (lbfgs == null) throw new IllegalArgumentException("step " + t + " is past the " + config.adamSteps() + " Adam steps and there is no L-BFGS phase");
        return lbfgs.step(() -> loss(fixed, config.longestUnroll(), null));
    }

    /** The loss of step {@code t}: {@code (1/T) Σ_t MSE(Φ^t(U_0 + η), U_t)} on a minibatch drawn from {@code rnd}. */
    public Tensor loss(long t, Rng rnd) {
        return loss(windows.sample(rnd, Math.min(config.batchSize(), windows.size())), unrollAt(t), rnd);
    }

    /** {@code (1/T) Σ_t MSE(Φ^t(U_0 + η), U_t)} on batch {@code b}, with noise η drawn from {@code rnd} (none if null). */
    private Tensor loss(Batch b, int unroll, Rng rnd) {
        Tensor u0 = Tensor.constant(b.features());
        Tensor start = u0.norm(false, 1, 2, 3), u = u0;
        if (config.noise() > 0 && rnd != null) u = u.add(Tensor.constant(rnd.uniform(DType.F64, -config.noise(), config.noise(), u0.shape())));
        List<Tensor> out = new ArrayList<>(unroll);
        for (int k = 0; k < unroll; k++) out.add(u = model.next(u, start));
        return Losses.mse(Tensor.cat(out, 1), Tensor.constant(b.labels()).slice(1, 0, unroll));
    }

    /** Runs all {@link Config#totalSteps()} steps, step {@code t} drawing from {@code Rng(seed + t)}; returns the losses. */
    public double[] run(long seed) {
        double[] losses = new double[config.totalSteps()];
        for (int t = 0; t < losses.length; t++) {
            losses[t] = step(t, new Rng(seed + t));
            if (!Double.isFinite(losses[t])) throw new IllegalStateException("training diverged (loss " + losses[t] + ") at step " + t);
        }
        return losses;
    }
}
