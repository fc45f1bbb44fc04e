package org.odeon.models.graph;

import java.util.LinkedHashMap;
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
        Session session = new Session(model, g, split, s);
        for (int e = 0; e < s.epochs(); e++) session.epoch();
        return session.finish();
    }

    /**
     * A training in progress, one epoch at a time, for a loop that checkpoints: {@link #epoch} takes one Adam
     * step and remembers the weights of the best validation accuracy so far; {@link #best()} and
     * {@link #restoreBest} carry that memory through a checkpoint; {@link #finish} loads the best weights.
     */
    public static final class Session {
        private static final String ACCURACY = "accuracy";
        private final GraphModule model;
        private final Graph g;
        private final Split split;
        private final Adam opt;
        private final Tensor x;
        private final NDArray yTrain;
        private double best = -1;
        private Map<String, NDArray> bestState;

        public Session(GraphModule model, Graph g, Split split, Settings s) {
            this.model = model;
            this.g = g;
            this.split = split;
            this.opt = new Adam(model.namedParameters(), s.learningRate(), 0.9, 0.999, 1e-8, s.weightDecay());
            this.x = Tensor.constant(g.features64());
            this.yTrain = labels(g.labelArray(), split.train());
            this.bestState = model.stateDict();
        }

        public Adam optimizer() { return opt; }

        /** One full-batch step on the training nodes, then the validation check; returns the training loss. */
        public double epoch() {
            model.train(true);
            opt.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(g, x).select(0, split.train()), yTrain);
            loss.backward();
            opt.step();
            double val = accuracy(model, g, split.validation().length > 0 ? split.validation() : split.train());
            if (val > best) { best = val; bestState = model.stateDict(); }
            return loss.item();
        }

        /** The best weights so far by parameter name, and their validation accuracy under {@value #ACCURACY}. */
        public Map<String, NDArray> best() {
            var out = new LinkedHashMap<>(bestState);
            out.put(ACCURACY, NDArray.scalar(best));
            return out;
        }

        /** Restores what {@link #best()} returned. */
        public void restoreBest(Map<String, NDArray> saved) {
            var state = new LinkedHashMap<>(saved);
            NDArray accuracy = state.remove(ACCURACY);
            if (accuracy == null || accuracy.size() != 1) throw new IllegalArgumentException("saved best weights lack their scalar '" + ACCURACY + "'");
            var probe = model.stateDict();
            model.loadStateDict(state);    // checks names and shapes
            bestState = model.stateDict();
            model.loadStateDict(probe);
            best = accuracy.item();
        }

        /** Leaves the model holding the best weights; returns their validation accuracy. */
        public double finish() {
            model.loadStateDict(bestState);
            return best;
        }
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
