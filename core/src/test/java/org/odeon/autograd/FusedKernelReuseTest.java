package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * The fused Fourier-layer and convolution kernels draw their results from the backward pass's
 * arena; a second step, which gets the first step's dead buffers, must give the same gradients.
 */
class FusedKernelReuseTest {

    private static List<double[]> step(List<Tensor> params, Supplier<Tensor> loss) {
        params.forEach(Tensor::zeroGrad);
        loss.get().backward();
        return params.stream().map(p -> p.grad().toArray()).toList();
    }

    private static void sameGradientsTwice(List<Tensor> params, Supplier<Tensor> loss) {
        List<double[]> first = step(params, loss);
        for (int round = 0; round < 2; round++) {
            List<double[]> again = step(params, loss);
            for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), again.get(i), 0, "parameter " + i);
        }
    }

    @Test
    void fourierLayerGradientsRepeat() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.param(rng.normal(DType.F32, 0, 1, 3, 4, 16, 16)), w = Tensor.param(rng.normal(DType.F32, 0, 0.1, 4, 5, 6, 3, 2));
        sameGradientsTwice(List.of(x, w), () -> Spectral.spectralProduct2d(x, w).square().mean());
    }

    @Test
    void convolutionWithReluGradientsRepeat() {
        Rng rng = new Rng(2);
        Tensor x = Tensor.param(rng.normal(DType.F32, 0, 1, 4, 3, 10, 10)), w = Tensor.param(rng.normal(DType.F32, 0, 0.3, 6, 3, 3, 3));
        Tensor b = Tensor.param(rng.normal(DType.F32, 0, 0.1, 6));
        sameGradientsTwice(List.of(x, w, b), () -> Conv.maxPool2d(Conv.conv2dRelu(x, w, b, 1, 1, IndexMap.Pad.ZERO), 2, 2).square().sum());
    }
}
