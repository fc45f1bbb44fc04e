package org.odeon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.io.Safetensors;
import org.odeon.models.lipschitz.Classifiers;
import org.odeon.models.lipschitz.Regime;
import org.odeon.models.symplectic.FlowLosses;
import org.odeon.models.symplectic.KnownHamiltonian;
import org.odeon.models.symplectic.SympFlow;
import org.odeon.nn.Losses;
import org.odeon.systems.HenonHeiles;
import org.odeon.nn.Mlp;
import org.odeon.nn.Sequential;
import org.odeon.optim.Adam;
import org.odeon.optim.Training;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The flow-map MLP, the dense and convolutional 1-Lipschitz classifiers and SympFlow cross to PyTorch and back
 * through model.safetensors ({@code interop/python/odeon_torch.py}, Debian's python3-torch): the same weights give the same outputs to round-off in float64, both ways.
 */
class PyTorchRoundTripTest {
    static final Path SCRIPT = Path.of("..", "interop", "python", "odeon_torch.py").toAbsolutePath().normalize();

    static void python(Path dir, String... args) throws Exception {
        String out = pythonOutput(dir, args);
        assertTrue(out.startsWith("0\n"), String.join(" ", args) + " failed (python3 with torch is needed):\n" + out);
    }

    /** The exit status of odeon_torch.py, a newline, and what it printed. */
    static String pythonOutput(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() + "\n" + out;
    }

    static double maxAbsDiff(NDArray a, NDArray b) {
        assertArrayEquals(a.shape(), b.shape());
        double[] x = a.toArray(), y = b.toArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    static String name() { return StackWalker.getInstance().walk(f -> f.skip(1).findFirst().get().getMethodName()); }

    static NDArray forward(Mlp net, NDArray x) {
        try (var off = GradMode.off()) { return net.apply(Tensor.constant(x)).value(); }
    }

    @Test void anOdeonMlpSavedAsSafetensorsGivesTheSameOutputsInPyTorch(@TempDir Path dir) throws Exception {
        Mlp net = Mlp.tanh(new Rng(11), Mlp.widths(2, 32, 2, 2));
        NDArray x = new Rng(12).normal(DType.F64, 0, 1, 16, 2);
        NDArray y = forward(net, x);
        Safetensors.write(dir.resolve("model.safetensors"), net.stateDict());
        Safetensors.write(dir.resolve("io.safetensors"), Map.of("x", x));
        python(dir, "mlp-forward", "model.safetensors", "io.safetensors", "out.safetensors");
        NDArray torchY = Safetensors.read(dir.resolve("out.safetensors")).get("y");
        double d = maxAbsDiff(y, torchY);
        System.out.println(name() + " max abs difference " + d);
        assertTrue(d <= 1e-12, "Odeon vs PyTorch: " + d);
        assertTrue(maxAbsDiff(y, NDArray.zeros(DType.F64, y.shape())) > 0.1, "a non-trivial output");
    }

    /**
     * Trains a 1-Lipschitz classifier a few steps on {@code x} (3 classes), evaluates it, and returns the largest
     * difference between its outputs and PyTorch's from the saved file; fails if the outputs are trivial.
     */
    static double trainedClassifierAgainstPyTorch(Path dir, Sequential model, NDArray x, int steps) throws Exception {
        int[] classes = new int[x.dim(0)];
        for (int i = 0; i < classes.length; i++) classes[i] = i % 3;
        NDArray labels = org.odeon.data.Dataset.ofClasses(x, classes).labels();
        var adam = new Adam(model.namedParameters(), 3e-2).projecting(model);
        for (int s = 0; s < steps; s++) Training.step(adam, () -> Losses.crossEntropy(model.forward(Tensor.constant(x)), labels));
        model.eval();
        NDArray y;
        try (var off = GradMode.off()) { y = model.forward(Tensor.constant(x)).value(); }
        Safetensors.write(dir.resolve("model.safetensors"), model.stateDict());
        Safetensors.write(dir.resolve("io.safetensors"), Map.of("x", x));
        python(dir, "lipschitz-forward", "model.safetensors", "io.safetensors", "out.safetensors");
        assertTrue(maxAbsDiff(y, NDArray.zeros(DType.F64, y.shape())) > 1e-3, "a non-trivial output");
        return maxAbsDiff(y, Safetensors.read(dir.resolve("out.safetensors")).get("y"));
    }

    @Test void aTrainedOneLipschitzClassifierGivesTheSameOutputsInPyTorch(@TempDir Path dir) throws Exception {
        Rng rng = new Rng(21);
        Sequential model = Classifiers.dense(Regime.CONTRACTIVE, new int[] {1, 2, 2}, new double[] {0.3}, new double[] {2}, 12, 2, 3, rng);
        double d = trainedClassifierAgainstPyTorch(dir, model, rng.normal(DType.F64, 0, 1, 32, 1, 2, 2), 20);
        System.out.println(name() + " max abs difference " + d);
        assertTrue(d <= 1e-12, "Odeon vs PyTorch: " + d);
    }

    /** The convolutional 1-Lipschitz classifier of {@code robust-cifar} ({@link Classifiers#conv}), tiny: 8×8 images, stages of 2 and 3 channels. */
    static Sequential tinyConv(long seed) {
        return Classifiers.conv(Regime.CONTRACTIVE, new int[] {1, 8, 8}, new double[] {0.3}, new double[] {2}, new int[] {2, 3}, 1, 3, new Rng(seed));
    }

    @Test void aTrainedConvolutionalOneLipschitzClassifierGivesTheSameOutputsInPyTorch(@TempDir Path dir) throws Exception {
        double d = trainedClassifierAgainstPyTorch(dir, tinyConv(51), new Rng(52).uniform(DType.F64, 0, 1, 24, 1, 8, 8), 8);
        System.out.println(name() + " max abs difference " + d);
        assertTrue(d <= 1e-12, "Odeon vs PyTorch: " + d);
    }

    @Test void aClassifierSavedInTrainingModeIsRefusedInOneLineForItHasNoEvaluationScale(@TempDir Path dir) throws Exception {
        Safetensors.write(dir.resolve("model.safetensors"), tinyConv(71).stateDict());
        Safetensors.write(dir.resolve("io.safetensors"), Map.of("x", NDArray.zeros(DType.F64, 1, 1, 8, 8)));
        String out = pythonOutput(dir, "lipschitz-forward", "model.safetensors", "io.safetensors", "out.safetensors");
        assertEquals("1\nodeon_torch.py: 1.eval_norm was not computed for 1.weight: save the Odeon model after model.eval()\n", out);
    }

    @Test void weightsTrainedInPyTorchLoadIntoOdeonsConvolutionalLipschitzClassifier(@TempDir Path dir) throws Exception {
        Sequential conv = tinyConv(61);
        conv.eval();                                   // settles each eval_norm, which PyTorch then keeps fixed
        NDArray x = new Rng(62).uniform(DType.F64, 0, 1, 16, 1, 8, 8);
        Safetensors.write(dir.resolve("conv.safetensors"), conv.stateDict());
        Safetensors.write(dir.resolve("conv-io.safetensors"), Map.of("x", x));
        python(dir, "train", "lipschitz", "conv.safetensors", "conv-io.safetensors", "conv-trained.safetensors", "conv-out.safetensors");
        Sequential loaded = tinyConv(97);
        loaded.loadStateDict(Safetensors.read(dir.resolve("conv-trained.safetensors")));
        loaded.eval();
        NDArray y;
        try (var off = GradMode.off()) { y = loaded.forward(Tensor.constant(x)).value(); }
        double d = maxAbsDiff(y, Safetensors.read(dir.resolve("conv-out.safetensors")).get("y"));
        System.out.println(name() + " max abs difference " + d);
        assertTrue(maxAbsDiff(conv.stateDict().get("1.weight"), loaded.stateDict().get("1.weight")) > 1e-4, "PyTorch's training moved the weights");
        assertArrayEquals(conv.stateDict().get("1.eval_norm").data(), loaded.stateDict().get("1.eval_norm").data(),
                "Odeon applies the scale PyTorch evaluated with, not a recomputed one");
        assertTrue(d <= 1e-12, "convolutional Lipschitz classifier, PyTorch vs Odeon: " + d);
    }

    @Test void aTrainedSympFlowGivesTheSameStatesAndHamiltonianInPyTorch(@TempDir Path dir) throws Exception {
        Rng rng = new Rng(31);
        SympFlow model = new SympFlow(2, 2, 8, 2, rng);
        KnownHamiltonian h = KnownHamiltonian.of(HenonHeiles.standard());
        Adam adam = new Adam(model.namedParameters(), 1e-2);
        for (int s = 0; s < 10; s++) Training.step(adam, () -> FlowLosses.matching(model, h, FlowLosses.Batch.uniform(32, 2, -0.5, 0.5, 1, rng), 1));
        NDArray z = rng.normal(DType.F64, 0, 0.5, 16, 4), t = rng.uniform(DType.F64, 0, 2, 16, 1);
        SympFlow.Evaluation e;
        try (var off = GradMode.off()) { e = model.evaluate(Tensor.constant(z), Tensor.constant(t)); }
        Safetensors.write(dir.resolve("model.safetensors"), model.stateDict());
        Safetensors.write(dir.resolve("io.safetensors"), Map.of("z", z, "t", t));
        python(dir, "sympflow-forward", "model.safetensors", "io.safetensors", "out.safetensors");
        Map<String, NDArray> torch = Safetensors.read(dir.resolve("out.safetensors"));
        double d = Math.max(maxAbsDiff(e.state().value(), torch.get("y")), maxAbsDiff(e.hamiltonian().value(), torch.get("h")));
        System.out.println(name() + " max abs difference " + d);
        assertTrue(d <= 1e-12, "Odeon vs PyTorch: " + d);
        assertTrue(maxAbsDiff(e.state().value(), z) > 1e-3, "the flow moves the states");
    }

    @Test void weightsTrainedInPyTorchLoadIntoOdeonsLipschitzClassifierAndSympFlow(@TempDir Path dir) throws Exception {
        // 1-Lipschitz classifier: trained a few steps in PyTorch, loaded into a differently seeded Odeon model.
        double[] mean = {0.1}, std = {1.5};
        Sequential lip = Classifiers.dense(Regime.CONTRACTIVE, new int[] {1, 2, 2}, mean, std, 12, 2, 3, new Rng(41));
        lip.eval();                                    // settles each eval_norm, which PyTorch then keeps fixed
        NDArray x = new Rng(42).normal(DType.F64, 0, 1, 16, 1, 2, 2);
        Safetensors.write(dir.resolve("lip.safetensors"), lip.stateDict());
        Safetensors.write(dir.resolve("lip-io.safetensors"), Map.of("x", x, "mean", NDArray.of(new int[] {1}, mean), "std", NDArray.of(new int[] {1}, std)));
        python(dir, "train", "lipschitz", "lip.safetensors", "lip-io.safetensors", "lip-trained.safetensors", "lip-out.safetensors");
        Sequential loaded = Classifiers.dense(Regime.CONTRACTIVE, new int[] {1, 2, 2}, mean, std, 12, 2, 3, new Rng(99));
        loaded.loadStateDict(Safetensors.read(dir.resolve("lip-trained.safetensors")));
        loaded.eval();
        NDArray y;
        try (var off = GradMode.off()) { y = loaded.forward(Tensor.constant(x)).value(); }
        double dl = maxAbsDiff(y, Safetensors.read(dir.resolve("lip-out.safetensors")).get("y"));
        assertTrue(maxAbsDiff(lip.stateDict().get("3.first.potential.weight"), loaded.stateDict().get("3.first.potential.weight")) > 1e-4,
                "PyTorch's training moved the weights");

        // SympFlow: the same, outputs (state, Hamiltonian) side by side.
        SympFlow flow = new SympFlow(2, 2, 8, 2, new Rng(43));
        NDArray z = new Rng(44).normal(DType.F64, 0, 0.5, 16, 4), t = new Rng(45).uniform(DType.F64, 0, 2, 16, 1);
        Safetensors.write(dir.resolve("flow.safetensors"), flow.stateDict());
        Safetensors.write(dir.resolve("flow-io.safetensors"), Map.of("z", z, "t", t));
        python(dir, "train", "sympflow", "flow.safetensors", "flow-io.safetensors", "flow-trained.safetensors", "flow-out.safetensors");
        SympFlow flowLoaded = new SympFlow(2, 2, 8, 2, new Rng(98));
        flowLoaded.loadStateDict(Safetensors.read(dir.resolve("flow-trained.safetensors")));
        SympFlow.Evaluation e;
        try (var off = GradMode.off()) { e = flowLoaded.evaluate(Tensor.constant(z), Tensor.constant(t)); }
        NDArray ours = Tensor.cat(List.of(e.state(), e.hamiltonian()), 1).value();
        double ds = maxAbsDiff(ours, Safetensors.read(dir.resolve("flow-out.safetensors")).get("y"));
        System.out.println(name() + " max abs difference lipschitz " + dl + ", sympflow " + ds);
        assertTrue(dl <= 1e-12, "Lipschitz classifier, PyTorch vs Odeon: " + dl);
        assertTrue(ds <= 1e-12, "SympFlow, PyTorch vs Odeon: " + ds);
    }

    @Test void weightsInitialisedInPyTorchLoadIntoAnOdeonMlpAndGiveTheSameOutputs(@TempDir Path dir) throws Exception {
        python(dir, "mlp-random", "model.safetensors", "io.safetensors", "5", "2", "24", "24", "2");
        Mlp net = Mlp.tanh(new Rng(0), Mlp.widths(2, 24, 2, 2));
        NDArray before = forward(net, NDArray.zeros(DType.F64, 1, 2));
        net.loadStateDict(Safetensors.read(dir.resolve("model.safetensors")));
        Map<String, NDArray> io = Safetensors.read(dir.resolve("io.safetensors"));
        double d = maxAbsDiff(forward(net, io.get("x")), io.get("y"));
        System.out.println(name() + " max abs difference " + d);
        assertTrue(d <= 1e-12, "PyTorch vs Odeon: " + d);
        assertTrue(maxAbsDiff(before, forward(net, NDArray.zeros(DType.F64, 1, 2))) > 0, "the loaded weights replaced Odeon's own");
    }
}
