package org.odeon.bench.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odeon.autograd.Tensor;
import org.odeon.bench.TorchPeer;
import org.odeon.models.transformer.Patches;
import org.odeon.models.transformer.TokenNet;
import org.odeon.nn.Losses;
import org.odeon.nn.Sequential;
import org.odeon.optim.Adam;
import org.odeon.robust.Normalize;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Times one training epoch of robust-vit's standard transformer (float64) and the same epoch in
 * PyTorch ({@code bench/transformer/vit_epoch.py}, {@code /usr/bin/python3}, {@code OMP_NUM_THREADS=2}).
 *
 * <p>The model: 28×28 images normalised, cut into 16 patches of 7×7, a linear embedding to D with
 * learned positions, {@code depth} pre-norm blocks (LayerNorm, {@code heads}-head softmax attention,
 * LayerNorm, GELU MLP of width {@code hidden}), a final LayerNorm, the mean over tokens and a linear
 * head to 10 classes. An epoch: {@code images/batch} steps of the multi-class hinge loss (margin 0.5),
 * backward and Adam, on fixed random images (the time does not depend on pixel values).
 *
 * <p>Usage: {@code VitEpochBench [images=6000] [batch=64] [width=32] [depth=2] [heads=2] [hidden=64]
 * [runs=3] [peer=bench/transformer/vit_epoch.py]}; {@code peer=none} skips PyTorch.
 */
public final class VitEpochBench {
    private VitEpochBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("images", "6000", "batch", "64", "width", "32", "depth", "2", "heads", "2",
                "hidden", "64", "runs", "3", "peer", "bench/transformer/vit_epoch.py"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !opt.containsKey(a.substring(0, eq)))
                throw new IllegalArgumentException("unknown argument '" + a + "'; expected key=value with key in " + opt.keySet());
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int images = Integer.parseInt(opt.get("images")), batch = Integer.parseInt(opt.get("batch")), width = Integer.parseInt(opt.get("width"));
        int depth = Integer.parseInt(opt.get("depth")), heads = Integer.parseInt(opt.get("heads")), hidden = Integer.parseInt(opt.get("hidden"));
        int runs = Integer.parseInt(opt.get("runs"));
        System.out.printf("images=%d batch=%d width=%d depth=%d heads=%d hidden=%d, float64, BLAS %s%n", images, batch, width, depth, heads, hidden,
                org.odeon.tensor.Blas.backend());
        double[] t = timeOdeon(images, batch, width, depth, heads, hidden, runs);
        System.out.printf("odeon   epoch median %.3f s  min %.3f s%n", t[0], t[1]);
        if (opt.get("peer").equals("none")) return;
        var settings = new LinkedHashMap<>(opt);
        settings.remove("peer");
        JsonNode peer = TorchPeer.script(Path.of(opt.get("peer")), settings);
        System.out.println("pytorch " + peer);
        double median = peer.get("median_s").asDouble(), min = peer.get("min_s").asDouble();
        System.out.printf("ratio odeon/pytorch: median %.3f, min %.3f (target ≤ 1.0)%n", t[0] / median, t[1] / min);
    }

    /** Median and minimum wall seconds per epoch, after one warm-up epoch. */
    static double[] timeOdeon(int images, int batch, int width, int depth, int heads, int hidden, int runs) {
        Rng rng = new Rng(0);
        TokenNet net = new TokenNet(TokenNet.Kind.STANDARD, TokenNet.Readout.MEAN, true,
                new TokenNet.Config(49, width, depth, heads, width / heads, hidden, 10, 16, 1, 1, 1, 1), rng);
        Sequential model = new Sequential(new Normalize(new double[] {0.286}, new double[] {0.353}), new Patches(7), net);
        Adam adam = new Adam(model.namedParameters(), 1e-3);
        NDArray x = rng.uniform(DType.F64, 0, 1, images, 1, 28, 28);
        double[] labels = new double[images];
        for (int i = 0; i < images; i++) labels[i] = i % 10;
        NDArray y = NDArray.of(new int[] {images}, labels);
        int steps = images / batch;
        Runnable epoch = () -> {
            for (int s = 0; s < steps; s++) {
                Tensor xb = Tensor.constant(x).slice(0, s * batch, (s + 1) * batch);
                NDArray yb = Tensor.constant(y).slice(0, s * batch, (s + 1) * batch).value();
                adam.zeroGrad();
                Tensor loss = Losses.multiClassHinge(model.forward(xb.detach()), yb, 0.5);
                loss.backward();
                adam.step();
            }
        };
        epoch.run();
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            epoch.run();
            wall[i] = (System.nanoTime() - s) * 1e-9;
        }
        java.util.Arrays.sort(wall);
        return new double[] {wall[runs / 2], wall[0]};
    }
}
