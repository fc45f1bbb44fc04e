package org.odeon.optim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.data.DataLoader;
import org.odeon.data.Dataset;
import org.odeon.nn.Activation;
import org.odeon.nn.Linear;
import org.odeon.nn.Losses;
import org.odeon.nn.Sequential;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class TrainingTest {
    /** Points of the square [−1.5, 1.5]², labelled 1 inside the unit circle: not linearly separable. */
    private static Dataset disc(int n, Rng rng) {
        NDArray x = rng.uniform(DType.F64, -1.5, 1.5, n, 2);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = x.get(i, 0) * x.get(i, 0) + x.get(i, 1) * x.get(i, 1) < 1 ? 1 : 0;
        return Dataset.ofClasses(x, y);
    }

    @Test void trainingATinyMlpReducesTheLossAndSeparatesTheDisc() {
        Rng rng = new Rng(11);
        Dataset.Split data = disc(600, rng).split(0.25, 1);
        Sequential mlp = new Sequential(new Linear(2, 16, rng), Activation.tanh(), new Linear(16, 16, rng), Activation.tanh(), new Linear(16, 2, rng));
        Adam opt = new Adam(mlp.namedParameters(), 0.02);
        DataLoader loader = new DataLoader(data.train(), 32, 3);
        double first = Training.epoch(mlp, opt, loader, 0, Losses::crossEntropy), last = first;
        for (int e = 1; e < 30; e++) last = Training.epoch(mlp, opt, loader, e, Losses::crossEntropy);
        assertTrue(last < first / 4, "loss went from " + first + " to " + last);
        double acc = Training.accuracy(mlp, data.test(), 64);
        assertTrue(acc > 0.9, "held-out accuracy " + acc);
        assertTrue(mlp.isTraining(), "accuracy() restores training mode");
    }

    @Test void trainingIsReproducibleUnderASeed() {
        double[] finals = new double[2];
        for (int run = 0; run < 2; run++) {
            Rng rng = new Rng(5);
            Dataset data = disc(100, rng);
            Sequential mlp = new Sequential(new Linear(2, 8, rng), Activation.relu(), new Linear(8, 2, rng));
            Sgd opt = new Sgd(mlp.namedParameters(), 0.1, 0.9, true, 1e-4);
            opt.schedule(Schedule.cosine(0.1, 0, 20));
            DataLoader loader = new DataLoader(data, 10, 7);
            for (int e = 0; e < 2; e++) finals[run] = Training.epoch(mlp, opt, loader, e, (z, y) -> Losses.multiClassHinge(z, y, 1));
        }
        assertEquals(finals[0], finals[1], 0);
    }
}
