package org.odeon.optim;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.DataLoader;
import org.odeon.data.Dataset;
import org.odeon.nn.Losses;
import org.odeon.nn.Module;
import org.odeon.tensor.NDArray;

/** The supervised loop: for each batch, {@code θ ← step(θ, ∇_θ L(f_θ(x), y))}. */
public final class Training {
    private Training() {}

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
            opt.zeroGrad();
            Tensor loss = objective.loss(model.forward(Tensor.constant(b.features())), b.labels());
            loss.backward();
            opt.step();
            sum += loss.item();
            batches++;
        }
        return sum / batches;
    }

    /** Classification accuracy on {@code data} in evaluation mode, without recording a graph. */
    public static double accuracy(Module model, Dataset data, int batchSize) {
        model.eval();
        double hits = 0;
        try (var _ = GradMode.off()) {
            for (Batch b : new DataLoader(data, batchSize, false, false, 0, null).epoch(0))
                hits += Losses.accuracy(model.forward(Tensor.constant(b.features())).value(), b.labels()) * b.size();
        } finally {
            model.train(true);
        }
        return hits / data.size();
    }
}
