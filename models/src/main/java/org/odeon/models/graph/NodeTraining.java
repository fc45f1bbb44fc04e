package org.odeon.models.graph;

import java.util.Map;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.graph.Split;
import org.odeon.nn.Losses;
import org.odeon.optim.Adam;
import org.odeon.tensor.NDArray;

/**
 * Full-batch semi-supervised training of a node classifier: Adam on the cross-entropy of the
 * training nodes, for a fixed number of epochs, keeping the weights of the epoch with the best
 * validation accuracy (the model ends holding them).
 */
public final class NodeTraining {
    private NodeTraining() {}

    /** Optimiser settings. */
    public record Settings(int epochs, double learningRate, double weightDecay) {
        public Settings {
            if (epochs < 1 || !(learningRate > 0) || !(weightDecay >= 0))
                throw new IllegalArgumentException("training needs epochs ≥ 1, lr > 0, weight decay ≥ 0, got " + epochs + ", " + learningRate + ", " + weightDecay);
        }

        /** Kipf and Welling's: 200 epochs, lr 0.01, weight decay 5e-4. */
        public static Settings standard() { return new Settings(200, 0.01, 5e-4); }
    }

    /** Trains on {@code g}'s training nodes; returns the best validation accuracy. */
    public static double fit(GraphModule model, Graph g, Split split, Settings s) {
        Adam opt = new Adam(model.namedParameters(), s.learningRate(), 0.9, 0.999, 1e-8, s.weightDecay());
        Tensor x = Tensor.constant(g.features64());
        NDArray y = g.labelArray(), yTrain = labels(y, split.train());
        double best = -1;
        Map<String, NDArray> bestState = model.stateDict();
        for (int e = 0; e < s.epochs(); e++) {
            model.train(true);
            opt.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(g, x).select(0, split.train()), yTrain);
            loss.backward();
            opt.step();
            double val = accuracy(model, g, split.validation().length > 0 ? split.validation() : split.train());
            if (val > best) { best = val; bestState = model.stateDict(); }
        }
        model.loadStateDict(bestState);
        return best;
    }

    /** Accuracy on {@code nodes}, in evaluation mode and without recording a graph. */
    public static double accuracy(GraphModule model, Graph g, int[] nodes) {
        model.eval();
        try (var _ = GradMode.off()) {
            NDArray logits = model.forward(g, Tensor.constant(g.features64())).value();
            return Losses.accuracy(Tensor.constant(logits).select(0, nodes).value(), labels(g.labelArray(), nodes));
        } finally {
            model.train(true);
        }
    }

    static NDArray labels(NDArray y, int[] nodes) { return Tensor.constant(y).select(0, nodes).value(); }
}
