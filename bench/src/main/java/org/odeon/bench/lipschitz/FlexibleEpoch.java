package org.odeon.bench.lipschitz;

import java.nio.file.Path;
import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.DataLoader;
import org.odeon.data.Dataset;
import org.odeon.io.Idx;
import org.odeon.models.lipschitz.Classifiers;
import org.odeon.models.lipschitz.Regime;
import org.odeon.nn.Losses;
import org.odeon.nn.Module;
import org.odeon.optim.Adam;
import org.odeon.optim.Optimizer;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * One training epoch of the flexible 1-Lipschitz-regime network on Fashion-MNIST (the same network
 * as flexible_epoch.py): normalise → lift 784→w (spectral norm) → blocks flexible pairs on ℝ^w →
 * head w→10 (spectral norm); Adam 1e-3, batch 128, multi-class hinge loss (margin 0.5), projection
 * after every step. Prints one line: seconds for the epoch. Usage:
 * {@code java -cp CP FlexibleEpoch.java DATA_DIR [width blocks batches]}.
 */
public class FlexibleEpoch {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 256, blocks = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int limit = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        NDArray images = Idx.readImagesScaled(dir.resolve("train-images-idx3-ubyte.gz"));
        int n = images.dim(0);
        Dataset train = Dataset.ofClasses(images.reshape(n, 1, 28, 28), Idx.readLabels(dir.resolve("train-labels-idx1-ubyte.gz")));
        Module net = Classifiers.dense(Regime.FLEXIBLE, new int[] {1, 28, 28}, new double[] {0.2860}, new double[] {0.3530}, width, blocks, 10, new Rng(0));
        Optimizer adam = new Adam(net.namedParameters(), 1e-3).projecting(net);
        DataLoader loader = new DataLoader(train, 128, true, false, 1, null);
        net.train(true);
        long t0 = System.nanoTime();
        int b = 0;
        double last = 0;
        for (Batch batch : loader.epoch(0)) {
            if (b++ >= limit) break;
            Tensor loss = Losses.multiClassHinge(net.forward(Tensor.constant(batch.features())), batch.labels(), 0.5);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            last = loss.item();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("java flexible dense w=%d blocks=%d: %d batches in %.2f s (%.1f ms/batch), last loss %.4f%n", width, blocks, Math.min(b, loader.batchesPerEpoch()), s, 1000 * s / Math.min(b, loader.batchesPerEpoch()), last);
    }
}
