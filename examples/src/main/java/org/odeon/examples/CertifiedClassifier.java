package org.odeon.examples;

import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.Dataset;
import org.odeon.models.lipschitz.Classifiers;
import org.odeon.models.lipschitz.Regime;
import org.odeon.nn.Certified;
import org.odeon.nn.Losses;
import org.odeon.nn.Sequential;
import org.odeon.optim.Adam;
import org.odeon.optim.Training;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Build and train a certified 1-Lipschitz classifier, then print its certificate next to the
 * largest Lipschitz ratio a gradient search can find (which can never exceed it).
 */
public final class CertifiedClassifier {
    /** What the run measured: test accuracy, the certified bound and the searched lower bound. */
    public record Result(double accuracy, double certificate, double searched) {}

    public static void main(String[] args) {
        Result r = run(300);
        System.out.printf("accuracy %.3f%ncertified Lipschitz bound %.6f%nlargest ratio found %.6f%n", r.accuracy(), r.certificate(), r.searched());
    }

    public static Result run(int steps) {
        Rng rng = new Rng(1);
        // Points of R^4, seen as 1x2x2 "images"; the class is the side of the plane x0 + x1 = 0.
        NDArray x = rng.normal(DType.F64, 0, 1, 512, 1, 2, 2);
        int[] labels = new int[512];
        for (int i = 0; i < labels.length; i++) labels[i] = x.data()[4 * i] + x.data()[4 * i + 1] > 0 ? 1 : 0;
        Dataset.Split data = Dataset.ofClasses(x, labels).split(0.25, 2);

        // Contractive residual steps between norm-1 lift and head: a certified 1-Lipschitz map.
        Sequential model = Classifiers.dense(Regime.CONTRACTIVE, new int[] {1, 2, 2}, new double[] {0}, new double[] {1}, 16, 3, 2, rng);
        // projecting: after each step the layers are put back on their constraint sets (step sizes, norms).
        var adam = new Adam(model.namedParameters(), 1e-2).projecting(model);
        for (int s = 0; s < steps; s++) {
            Batch b = data.train().sample(rng, 64);
            Training.step(adam, () -> Losses.crossEntropy(model.forward(Tensor.constant(b.features())), b.labels()));
        }
        double accuracy = Training.accuracy(model, data.test(), 128);
        double certificate = Certified.of(model, 1e-9);
        double searched = Lipschitz.lowerBound(model, data.test().features(), 0.5, 100, 0.2, 3).ratio();
        return new Result(accuracy, certificate, searched);
    }
}
