package org.odeon.bench.transformer;

import org.odeon.autograd.Tensor;
import org.odeon.bench.BenchSuite;
import org.odeon.bench.Workload;
import org.odeon.data.DataLoader;
import org.odeon.data.Dataset;
import org.odeon.models.transformer.Patches;
import org.odeon.models.transformer.TokenNet;
import org.odeon.nn.Losses;
import org.odeon.nn.Sequential;
import org.odeon.optim.Adam;
import org.odeon.optim.Optimizer;
import org.odeon.optim.Schedule;
import org.odeon.optim.Training;
import org.odeon.robust.Normalize;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * One training epoch of robust-vit's standard transformer as {@code robust-vit --scale paper} builds and trains it
 * (issue 16): images {@code [N, 1, 28, 28]} normalised ({@code (x − 0.286)/0.353}), cut into 16 tokens of 7×7
 * patches, a linear embedding to width {@value #WIDTH} plus learned positions, {@value #DEPTH} pre-norm
 * {@link org.odeon.models.transformer.TransformerBlock}s ({@value #HEADS}-head softmax attention with bias-free
 * q/k/v, exact-GELU MLP of width {@value #HIDDEN}), a final LayerNorm, all 16 tokens concatenated
 * ({@link TokenNet.Readout#FLATTEN}) into a linear head to 10 classes; cross-entropy of the logits times the
 * temperature {@value #TEMPERATURE}; Adam with the one-cycle schedule of the experiment's {@value #SCHEDULE_STEPS}
 * steps (peak {@value #LR}), float64. The epoch: {@value #IMAGES} images (Fashion-MNIST's training-set size;
 * uniform random pixels and cyclic labels, since values do not change the work) in shuffled batches of
 * {@value #BATCH}, {@link Training#epoch} — 469 steps, the last of 96. The PyTorch twin ({@code vit-epoch} in
 * {@code peer_torch.py}) builds the same model from {@code nn.Linear}, {@code nn.LayerNorm} and
 * {@code nn.MultiheadAttention}, with a {@code DataLoader}, Adam and {@code OneCycleLR}.
 */
public final class VitEpoch {
    private VitEpoch() {}

    /** robust-vit's paper-scale standard model and training settings ({@code RobustVit.config(PAPER)}). */
    public static final int PATCH = 7, TOKENS = 16, WIDTH = 32, DEPTH = 2, HEADS = 2, HIDDEN = 64, CLASSES = 10, BATCH = 128, SCHEDULE_STEPS = 1500;
    public static final double LR = 3e-3, TEMPERATURE = 2, MEAN = 0.286, STD = 0.353;
    public static final int IMAGES = 60_000;

    /** The standard transformer exactly as robust-vit composes it. */
    public static Sequential model(Rng rng) {
        TokenNet net = new TokenNet(TokenNet.Kind.STANDARD, TokenNet.Readout.FLATTEN, true,
                new TokenNet.Config(PATCH * PATCH, WIDTH, DEPTH, HEADS, WIDTH / HEADS, HIDDEN, CLASSES, TOKENS, 1, 1, 1, 1), rng);
        return new Sequential(new Normalize(new double[] {MEAN}, new double[] {STD}), new Patches(PATCH), net);
    }

    public static Workload workload() { return workload(IMAGES); }

    static Workload workload(int images) {
        Rng rng = new Rng(16);
        Sequential model = model(rng);
        Optimizer adam = new Adam(model.namedParameters(), LR).schedule(Schedule.oneCycle(LR, SCHEDULE_STEPS)).projecting(model);
        NDArray x = rng.uniform(DType.F64, 0, 1, images, 1, 28, 28);
        double[] labels = new double[images];
        for (int i = 0; i < images; i++) labels[i] = i % CLASSES;
        DataLoader loader = new DataLoader(new Dataset(x, NDArray.of(new int[] {images}, labels)), BATCH, 17);
        Tensor temperature = Tensor.scalar(TEMPERATURE);
        long[] epoch = {0};
        String description = String.format("robust-vit standard transformer training epoch: %d images 28x28 as 16 7x7 patches, width %d, %d blocks, "
                + "%d heads, MLP %d, flatten readout, cross-entropy, batch %d, Adam one-cycle, f64", images, WIDTH, DEPTH, HEADS, HIDDEN, BATCH);
        return new Workload() {
            @Override public String name() { return "vit-epoch"; }
            @Override public String description() { return description; }
            @Override public void run() {
                Training.epoch(model, adam, loader, epoch[0]++, (logits, y) -> Losses.crossEntropy(logits.mul(temperature), y));
            }
            // one warm-up epoch (JIT), one timed; the rounds give the best of three
            @Override public BenchSuite.Protocol protocol(boolean quick) { return new BenchSuite.Protocol(1, 0, 1); }
        };
    }
}
