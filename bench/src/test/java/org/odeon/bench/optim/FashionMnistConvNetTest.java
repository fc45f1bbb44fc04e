package org.odeon.bench.optim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.odeon.data.FashionMnist;
import org.odeon.tensor.DType;

/** Integration check: one epoch of a small convnet on Fashion-MNIST (about a minute on 2 cores). */
@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class FashionMnistConvNetTest {
    @Test void oneEpochOfASmallConvnetReaches85PercentTestAccuracy() throws Exception {
        assertTrue(FashionMnist.isAvailable(FashionMnist.DEFAULT_DIR),
                "Fashion-MNIST not found in " + FashionMnist.DEFAULT_DIR + "; apt-get install dataset-fashion-mnist");
        FashionMnistConvNet.Result r = FashionMnistConvNet.train(FashionMnist.DEFAULT_DIR, 1, DType.F32, 1);
        assertTrue(r.testAccuracy() >= 0.85, "test accuracy " + r.testAccuracy());
        assertTrue(r.meanTrainLoss() < 0.6, "mean training loss " + r.meanTrainLoss());
    }
}
