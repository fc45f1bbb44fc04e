package org.odeon.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.function.LongSupplier;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.odeon.autograd.Tensor;
import org.odeon.io.Checkpoint;
import org.odeon.nn.Module;
import org.odeon.optim.Optimizer;
import org.odeon.optim.Training;
import org.odeon.report.Progress;
import org.odeon.report.RunFiles;
import org.odeon.report.RunLog;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * What an experiment sees of the run it is part of: the seed and deterministic random streams, the log,
 * and {@link #train}, the loop that shows progress, stops cleanly on request and resumes from a checkpoint.
 */
public final class Run {
    /** A periodic checkpoint bounds what a crash (not a Ctrl-C, which always saves) can lose. */
    private static final long CHECKPOINT_EVERY_NANOS = 60_000_000_000L;

    private final Path folder;
    private final long seed;
    private final Scale scale;
    private final RunLog log;
    private final PrintStream console;
    private final boolean terminal;
    private final StopSignal stop;
    private final LongSupplier clock;
    /** Loop names used so far: a second loop of the same name would resume from the first one's checkpoint. */
    private final java.util.Set<String> loops = new java.util.HashSet<>();

    Run(Path folder, long seed, Scale scale, RunLog log, PrintStream console, boolean terminal, StopSignal stop, LongSupplier clock) {
        this.folder = folder;
        this.seed = seed;
        this.scale = scale;
        this.log = log;
        this.console = console;
        this.terminal = terminal;
        this.stop = stop;
        this.clock = clock;
    }

    public long seed() { return seed; }
    public Scale scale() { return scale; }
    public Path folder() { return folder; }

    public void log(String format, Object... args) { log.info(String.format(Locale.ROOT, format, args)); }

    /** A generator for one purpose ("init", "data", ...), a function of the seed and the purpose only. */
    public Rng random(String purpose) { return new Rng(mix(seed, purpose.hashCode())); }

    /** One training step: its index and a generator private to it; returns the step's loss. */
    @FunctionalInterface
    public interface Step {
        double run(int step, Rng random) throws Exception;
    }

    /** The loss of one step (typically of a minibatch drawn from the step's private generator). */
    @FunctionalInterface
    public interface Objective {
        Tensor loss(Rng random);
    }

    /**
     * {@link #train} with the usual step, {@link Training#step}: clear the gradients, evaluate {@code objective},
     * back-propagate, and let {@code optimizer} clip, update and project. The checkpoint holds the model and the
     * optimizer state.
     */
    public Training fit(String name, int steps, Module model, Optimizer optimizer, Objective objective) throws Exception {
        return train(name, steps, TrainState.of(model, optimizer), (t, rnd) -> Training.step(optimizer, () -> objective.loss(rnd)));
    }

    /** Thrown out of {@link #train} after a requested stop, once the checkpoint is on disk. */
    public static final class Stopped extends RuntimeException {
        Stopped(String loop, int step, int total) {
            super("stopped " + loop + " at step " + step + "/" + total + " with a checkpoint");
        }
    }

    /**
     * Runs {@code steps} steps of a loop named {@code name} over {@code state}. If the run folder holds a
     * checkpoint of this loop, the state and loss history are restored and the loop goes on from there.
     * Step {@code t} draws from a generator seeded by (seed, name, t) alone, so the sequence of steps does
     * not depend on where the loop was interrupted.
     *
     * @throws Stopped after a {@link StopSignal} request, with the checkpoint written
     */
    public Training train(String name, int steps, TrainState state, Step step) throws Exception {
        if (!name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("loop name '" + name + "' should be lower-case letters, digits, '-'");
        if (!loops.add(name)) throw new IllegalStateException("two training loops of this run are named '" + name + "'; each needs its own checkpoint");
        double[] losses = new double[steps];
        int start = 0;
        Path file = RunFiles.checkpoint(folder, name);
        if (Files.exists(file)) {
            Checkpoint cp = Checkpoint.load(file);
            var arrays = new LinkedHashMap<>(cp.arrays());
            NDArray history = arrays.remove(LOSSES);
            int done = cp.metadata().path(STEP).asInt(-1);
            if (history == null || done < 0 || done > steps || history.size() != done)
                throw new ExperimentException(file + " does not match this loop (" + steps + " steps); start the run again without --resume");
            try {
                state.restore(arrays);
            } catch (IllegalArgumentException e) {
                throw new ExperimentException(file + " does not fit this model: " + e.getMessage());
            }
            System.arraycopy(history.data(), 0, losses, 0, done);
            start = done;
            log("%s: resuming at step %d/%d from %s", name, start, steps, file.getFileName());
        }
        double firstLoss = start > 0 ? losses[0] : Double.NaN;
        long lastSave = clock.getAsLong();
        try (var progress = new Progress(name, start, steps, console, terminal, log, clock)) {
            for (int t = start; t < steps; t++) {
                if (stop.requested()) {
                    save(file, t, state.save(), losses);
                    throw new Stopped(name, t, steps);
                }
                double loss = step.run(t, new Rng(mix(mix(seed, name.hashCode()), t)));
                if (t == 0) firstLoss = loss;
                if (diverged(loss, firstLoss))
                    throw new ExperimentException(name + " diverged at step " + t + " (loss " + loss + "); try a smaller learning rate with --set");
                losses[t] = loss;
                progress.step(t + 1, loss);
                if (clock.getAsLong() - lastSave > CHECKPOINT_EVERY_NANOS) {
                    save(file, t + 1, state.save(), losses);
                    lastSave = clock.getAsLong();
                }
            }
        }
        var last = state.save();
        requireFinite(name, steps, last);
        // A finished loop keeps its checkpoint until the whole run is done, so a resumed run skips it.
        save(file, steps, last, losses);
        if (steps > 0) log("%s: %d steps, final loss %.4g", name, steps, losses[steps - 1]);
        return new Training(name, losses);
    }

    private static final String LOSSES = "__losses", STEP = "step";

    /** A training loss that grew by this factor over its first value (or past it, if that was below 1) has blown up. */
    static final double DIVERGENCE_FACTOR = 1e6;

    /**
     * Non-finite, or a million times above where it started: no loop that is learning gets there, while
     * a step size far too large can keep the loss finite (a constrained network, a clipped gradient) and
     * would otherwise end in metrics of 1e14 or a plot with nothing in it.
     */
    static boolean diverged(double loss, double first) {
        return !Double.isFinite(loss) || loss > DIVERGENCE_FACTOR * Math.max(1, Math.abs(first));
    }

    /** A finite last loss can hide weights that overflowed in the last updates; those would only fail later, obscurely. */
    private static void requireFinite(String name, int steps, java.util.Map<String, NDArray> state) {
        state.forEach((k, v) -> {
            for (double x : v.data())
                if (!Double.isFinite(x))
                    throw new ExperimentException(name + " diverged: '" + k + "' holds " + x + " after " + steps + " steps; try a smaller learning rate with --set");
        });
    }

    /** The state after {@code step} steps, with the loss history so far and the step count in the metadata. */
    private static void save(Path file, int step, java.util.Map<String, NDArray> state, double[] losses) throws IOException {
        var arrays = new LinkedHashMap<>(state);
        arrays.put(LOSSES, NDArray.of(new int[] {step}, java.util.Arrays.copyOf(losses, step)));
        new Checkpoint(arrays, JsonNodeFactory.instance.objectNode().put(STEP, step)).save(file);
    }

    /** SplitMix64 finaliser of {@code a + golden·(b+1)}: well-spread, independent-looking seeds from pairs. */
    static long mix(long a, long b) {
        long z = a + 0x9E3779B97F4A7C15L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
