package org.odeon.bench.optim;

import java.io.IOException;
import java.nio.file.Path;
import org.odeon.data.DataLoader;
import org.odeon.data.Dataset;
import org.odeon.data.FashionMnist;
import org.odeon.nn.Activation;
import org.odeon.nn.Conv2d;
import org.odeon.nn.Flatten;
import org.odeon.nn.Linear;
import org.odeon.nn.Losses;
import org.odeon.nn.Module;
import org.odeon.nn.Pool2d;
import org.odeon.nn.Sequential;
import org.odeon.optim.Adam;
import org.odeon.optim.Optimizer;
import org.odeon.optim.Schedule;
import org.odeon.optim.Training;
import org.odeon.tensor.DType;
import org.odeon.tensor.Rng;

/**
 * A small convnet trained for one epoch on Fashion-MNIST, the end-to-end check of layers,
 * optimizer and loader: {@code conv3×3(1→c₁) → maxpool2 → ReLU → conv3×3(c₁→c₂) → maxpool2 →
 * ReLU → linear(7·7·c₂ → 10)}, Adam with a cosine-annealed rate, batch 64, cross-entropy.
 * ReLU is monotone, so pooling first gives the same map as the usual conv → ReLU → pool at a
 * quarter of the ReLU's cost.
 */
public final class FashionMnistConvNet {
    private FashionMnistConvNet() {}

    /** Outcome of one run. */
    public record Result(double testAccuracy, double meanTrainLoss, long parameters, double seconds) {}

    public static Sequential model(int c1, int c2, Rng rng) {
        return new Sequential(
                new Conv2d(1, c1, 3, 1, 1, rng), Pool2d.max(2, 2), Activation.relu(),
                new Conv2d(c1, c2, 3, 1, 1, rng), Pool2d.max(2, 2), Activation.relu(),
                new Flatten(), new Linear(7 * 7 * c2, 10, rng));
    }

    /** Trains {@link #model} for {@code epochs} epochs on the files in {@code dir}; returns test accuracy. */
    public static Result train(Path dir, int epochs, DType dtype, long seed) throws IOException {
        long t0 = System.nanoTime();
        Dataset.Split data = FashionMnist.load(dir);
        Rng rng = new Rng(seed);
        Module net = model(16, 32, rng).to(dtype);
        DataLoader loader = new DataLoader(data.train(), 64, seed);
        Optimizer opt = new Adam(net.namedParameters(), 3e-3).schedule(Schedule.cosine(3e-3, 0, (long) epochs * loader.batchesPerEpoch()));
        double loss = 0;
        for (int e = 0; e < epochs; e++) loss = Training.epoch(net, opt, loader, e, Losses::crossEntropy);
        double acc = Training.accuracy(net, data.test(), 500);
        return new Result(acc, loss, net.parameterCount(), (System.nanoTime() - t0) / 1e9);
    }

    /** {@code FashionMnistConvNet [dir] [epochs] [F32|F64] [seed]}. */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : FashionMnist.DEFAULT_DIR;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        DType dtype = args.length > 2 ? DType.valueOf(args[2]) : DType.F32;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        Result r = train(dir, epochs, dtype, seed);
        System.out.printf("test accuracy %.4f, mean train loss %.4f, %d parameters, %.1f s%n", r.testAccuracy(), r.meanTrainLoss(), r.parameters(), r.seconds());
    }
}
