package org.odeon.experiments;

import java.util.Arrays;
import org.odeon.report.Plot;

/** The record of a finished training loop: the loss of every step, in order. */
public record Training(String name, double[] losses) {

    public double finalLoss() { return losses[losses.length - 1]; }

    /**
     * Loss against step, both axes logarithmic (early progress and the slow tail both stay visible), each
     * point the mean over a window of ~1% of the steps to tame minibatch noise.
     */
    public Plot lossPlot() {
        int n = losses.length, w = Math.max(1, n / 100), m = (n + w - 1) / w;
        double[] x = new double[m], y = new double[m];
        for (int j = 0; j < m; j++) {
            int a = j * w, b = Math.min(n, a + w);
            x[j] = b;
            y[j] = Arrays.stream(losses, a, b).average().orElseThrow();
        }
        return Plot.of("loss-" + name, "Training loss (" + name + ")").axes("step", "loss").logX().logY().line(name + " loss", x, y).build();
    }
}
