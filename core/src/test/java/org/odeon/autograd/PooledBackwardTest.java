package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * The backward pass of a pointwise (1×1) convolution and of a permutation draws its results from the pass's
 * arena, as the GEMM and element-wise outputs do: both write every element (β = 0; a bijective scatter), so a
 * recycled buffer needs no zeroing. Specified by the gradients being the same, pass after pass, while a warm
 * pass allocates a fraction of a cold one.
 */
class PooledBackwardTest {
    private final DType t = DType.F32;
    private final Rng rng = new Rng(5);
    private final Tensor w1 = Tensor.param(rng.normal(t, 0, 0.3, 24, 16, 1, 1)), b1 = Tensor.param(rng.normal(t, 0, 0.1, 24)),
            w2 = Tensor.param(rng.normal(t, 0, 0.3, 8, 24, 1, 1));
    private final List<Tensor> params = List.of(w1, b1, w2);
    private final Tensor x = Tensor.param(rng.normal(t, 0, 1, 6, 16, 32, 32));

    /** Two 1×1 convolutions around a permutation of the spatial axes; the input's gradient passes through both adjoints. */
    private Tensor loss() {
        Tensor h = Conv.conv2d(x, w1, b1, 1, 0, IndexMap.Pad.ZERO).tanh().permute(0, 1, 3, 2);
        return Conv.conv2d(h, w2, null, 1, 0, IndexMap.Pad.ZERO).square().mean();
    }

    /** The gradients of one pass; {@code bytes[pass]} gets what its backward allocated. */
    private List<double[]> gradients(long[] bytes, int pass) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        params.forEach(Tensor::zeroGrad);
        x.zeroGrad();
        Tensor loss = loss();
        long before = threads.getCurrentThreadAllocatedBytes();
        loss.backward();
        bytes[pass] = threads.getCurrentThreadAllocatedBytes() - before;
        return java.util.stream.Stream.concat(params.stream(), java.util.stream.Stream.of(x)).map(p -> p.grad().toArray()).toList();
    }

    @Test void recycledBuffersGiveTheSameGradientsAndAWarmPassAllocatesLittle() throws InterruptedException {
        long[] bytes = new long[5];
        @SuppressWarnings("unchecked") List<double[]>[] grads = new List[bytes.length];
        Thread fresh = new Thread(() -> {   // pools are per thread: this one starts empty
            for (int pass = 0; pass < bytes.length; pass++) grads[pass] = gradients(bytes, pass);
        });
        fresh.start();
        fresh.join();
        for (int pass = 1; pass < bytes.length; pass++)
            for (int i = 0; i < grads[0].size(); i++) assertArrayEquals(grads[0].get(i), grads[pass].get(i), 0.0, "pass " + pass + ", gradient " + i);
        // The pass's large arrays are three [6, 24, 32, 32] gradients (square, the second convolution's input side and
        // the permutation's adjoint, the tanh) and the input's [6, 16, 32, 32]: a warm pass takes them from the pool and
        // allocates little more than the input gradient's copy into x.grad.
        long copy = 4L * x.grad().size();
        assertTrue(bytes[4] < 2 * copy, "first pass " + bytes[0] + " bytes, fifth " + bytes[4] + " (the input gradient's copy " + copy + ")");
    }
}
