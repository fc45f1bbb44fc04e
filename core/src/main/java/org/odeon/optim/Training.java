package org.odeon.optim;

import java.util.Arrays;
import java.util.function.Supplier;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.DataLoader;
import org.odeon.data.Dataset;
import org.odeon.nn.Losses;
import org.odeon.nn.Module;
import org.odeon.tensor.NDArray;

/**
 * A finished training loop, the loss of every step in order, and the pieces every loop is made of:
 * {@link #step} ({@code θ ← step(θ, ∇_θ L)}), {@link #epoch} (one pass of a loader) and {@link #accuracy}.
 *
 * <p>Gradient clipping and projection onto constraint sets belong to the optimizer
 * ({@link Optimizer#clipGradNorm}, {@link Optimizer#projecting}), so one {@code step} does, in order:
 * clear the gradients, evaluate the loss, back-propagate, clip, update, project.
 *
 * @param name   the loop's name (lower-case words joined by '-')
 * @param losses the loss of each step
 */
public record Training(String name, double[] losses) {

    public double finalLoss() { return losses[losses.length - 1]; }

    /**
     * The loss curve smoothed for a plot: consecutive windows of about 1% of the steps, each given by its
     * last step number and its mean loss (minibatch noise would hide the trend). Returns {@code {steps, means}}.
     */
    public double[][] smoothed() {
        int n = losses.length, w = Math.max(1, n / 100), m = (n + w - 1) / w;
        double[] x = new double[m], y = new double[m];
        for (int j = 0; j < m; j++) {
            int a = j * w, b = Math.min(n, a + w);
            x[j] = b;
            y[j] = Arrays.stream(losses, a, b).average().orElseThrow();
        }
        return new double[][] {x, y};
    }

    /**
     * One optimiser step on the loss {@code objective} evaluates (on the current parameters): clears the
     * gradients, back-propagates, then {@link Optimizer#step()} clips, updates and projects. Returns the loss.
     */
    public static double step(Optimizer optimizer, Supplier<Tensor> objective) {
        optimizer.zeroGrad();
        Tensor loss = objective.get();
        loss.backward();
        optimizer.step();
        return loss.item();
    }

    /** A loss of the model's output and the batch labels. */
    @FunctionalInterface
    public interface Objective {
        Tensor loss(Tensor output, NDArray labels);
    }

    /** One pass over epoch {@code e} of the loader in training mode; returns the mean batch loss. */
    public static double epoch(Module model, Optimizer opt, DataLoader loader, long e, Objective objective) {
        model.train(true);
        double sum = 0;
        int batches = 0;
        for (Batch b : loader.epoch(e)) {
            sum += step(opt, () -> objective.loss(model.forward(Tensor.constant(b.features())), b.labels()));
            batches++;
        }
        return sum / batches;
    }

    /**
     * The fraction of {@code data} whose largest output is at the label, evaluated in chunks of {@code chunk}
     * samples without recording a graph, in evaluation mode (a model in training mode is put back in it after).
     */
    public static double accuracy(Module model, Dataset data, int chunk) {
        boolean training = model.isTraining();
        if (training) model.eval();
        long hits = 0;
        try (var _ = GradMode.off()) {
            for (Batch b : data.chunks(chunk))
                hits += Losses.correct(model.forward(Tensor.constant(b.features())).value(), b.labels());
        } finally {
            if (training) model.train(true);
        }
        return hits / (double) data.size();
    }
}
