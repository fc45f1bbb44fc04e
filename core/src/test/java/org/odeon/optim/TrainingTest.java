package org.odeon.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.io.Checkpoint;
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

    /** A small MLP with AdamW, a one-cycle schedule and clipping: all the state a resume must carry. */
    private static Object[] setup(long seed) {
        Rng rng = new Rng(seed);
        Sequential mlp = new Sequential(new Linear(2, 8, rng), Activation.softplus(), new Linear(8, 2, rng));
        AdamW opt = new AdamW(mlp.namedParameters(), 0.05);
        opt.schedule(Schedule.oneCycle(0.05, 60)).clipGradNorm(1);
        return new Object[] {mlp, opt};
    }

    @Test void resumingFromACheckpointContinuesExactlyAsTheUninterruptedRun(@TempDir Path dir) throws Exception {
        Dataset data = disc(200, new Rng(8));
        DataLoader loader = new DataLoader(data, 10, 4);
        Object[] straight = setup(1);
        Sequential a = (Sequential) straight[0];
        AdamW optA = (AdamW) straight[1];
        Training.epoch(a, optA, loader, 0, Losses::crossEntropy);

        Map<String, NDArray> arrays = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> arrays.put("model." + k, v));
        optA.state().forEach((k, v) -> arrays.put("optim." + k, v));
        Path file = dir.resolve("ckpt.safetensors");
        new Checkpoint(arrays, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("epoch", 1)).save(file);
        Training.epoch(a, optA, loader, 1, Losses::crossEntropy);

        Checkpoint c = Checkpoint.load(file);
        Object[] resumed = setup(99);  // different initial weights, all overwritten by the checkpoint
        Sequential b = (Sequential) resumed[0];
        AdamW optB = (AdamW) resumed[1];
        Map<String, NDArray> model = new LinkedHashMap<>(), optim = new LinkedHashMap<>();
        c.arrays().forEach((k, v) -> (k.startsWith("model.") ? model : optim).put(k.substring(6), v));
        b.loadStateDict(model);
        optB.loadState(optim);
        Training.epoch(b, optB, loader, c.metadata().get("epoch").asInt(), Losses::crossEntropy);

        Map<String, NDArray> pa = a.stateDict(), pb = b.stateDict();
        for (String k : pa.keySet()) assertArrayEquals(pa.get(k).data(), pb.get(k).data(), 0, k);
        assertEquals(optA.stepCount(), optB.stepCount());
    }

    @Test void aStepClearsOldGradientsClipsThenUpdatesThenProjects() {
        var w = new org.odeon.nn.Parameter(NDArray.of(new int[] {2}, 1, 1));
        var opt = new Sgd(Map.of("w", w), 1.0).clipGradNorm(1);
        double[] seenByHook = new double[2];
        opt.afterStep(() -> System.arraycopy(w.value().data(), 0, seenByHook, 0, 2));
        opt.afterStep(() -> w.value().assign(w.value().clamp(0.3, 10)));   // a projection onto w ≥ 0.3
        // L = 10·Σw: gradient (10, 10) clipped to norm 1, so w = 1 − 1/√2 ≈ 0.293 before the projection, 0.3 after
        assertEquals(20, Training.step(opt, () -> w.tensor().mul(10.0).sum()), 1e-12, "the loss before the step");
        assertEquals(1 - Math.sqrt(0.5), seenByHook[0], 1e-12);
        assertArrayEquals(new double[] {0.3, 0.3}, w.value().data(), 1e-12);
        // L = 0.1·Σw: a fresh gradient (0.1, 0.1) is below the clip, w = 0.2 before the projection; a stale one
        // (10.1, 10.1) would have been clipped to a step of 1/√2
        assertEquals(0.06, Training.step(opt, () -> w.tensor().mul(0.1).sum()), 1e-12);
        assertEquals(0.2, seenByHook[0], 1e-12);
        assertArrayEquals(new double[] {0.3, 0.3}, w.value().data(), 1e-12);
    }

    @Test void accuracyIsTheSameInAnyChunkingAndKeepsTheModelsMode() {
        Rng rng = new Rng(9);
        Dataset data = disc(103, rng);
        Sequential mlp = new Sequential(new Linear(2, 8, rng), Activation.tanh(), new Linear(8, 2, rng));
        double whole;
        try (var _ = org.odeon.autograd.GradMode.off()) {
            whole = Losses.accuracy(mlp.forward(org.odeon.autograd.Tensor.constant(data.features())).value(), data.labels());
        }
        for (int chunk : new int[] {1, 10, 103, 500}) assertEquals(whole, Training.accuracy(mlp, data, chunk), 0, "chunk " + chunk);
        assertTrue(mlp.isTraining());
        mlp.eval();
        Training.accuracy(mlp, data, 10);
        assertFalse(mlp.isTraining(), "a model in evaluation mode stays there");
    }

    @Test void theSmoothedLossCurveAveragesWindowsOfAboutOnePercent() {
        double[] losses = new double[250];
        for (int i = 0; i < losses.length; i++) losses[i] = i;
        double[][] xy = new Training("fit", losses).smoothed();
        assertEquals(125, xy[0].length);               // windows of 2 steps
        assertEquals(2, xy[0][0]);
        assertEquals(0.5, xy[1][0]);
        assertEquals(250, xy[0][124]);
        assertEquals(248.5, xy[1][124]);
        assertEquals(249, new Training("fit", losses).finalLoss());
    }
}
