package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.Arena;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The ownership rule of the backward pass's arena: what a user can hold (outputs, losses, parameters,
 * their gradients, the gradients {@link Autograd#grad} returns) keeps its values across later steps,
 * while the pass's own gradients are recycled so that a step allocates little.
 */
class ArenaTest {
    private final Rng rng = new Rng(3);

    /** A tanh MLP 16 → 64 → 64 → 1 on a batch of 128 (large enough for its gradients to be pooled). */
    private final DType t = DType.F32;
    private final List<Tensor> params = List.of(
            Tensor.param(rng.normal(t, 0, 0.3, 64, 16)), Tensor.param(rng.normal(t, 0, 0.1, 64)),
            Tensor.param(rng.normal(t, 0, 0.2, 64, 64)), Tensor.param(rng.normal(t, 0, 0.1, 64)),
            Tensor.param(rng.normal(t, 0, 0.2, 1, 64)), Tensor.param(rng.normal(t, 0, 0.1, 1)));

    private Tensor forward(Tensor x) {
        Tensor h = Dense.affineTanh(x, params.get(0), params.get(1));
        h = Dense.affineTanh(h, params.get(2), params.get(3));
        return Dense.affine(h, params.get(4), params.get(5));
    }

    private Tensor batch(long seed) { return Tensor.constant(new Rng(seed).normal(t, 0, 1, 128, 16)); }

    @Test
    void whatAUserKeepsFromAStepIsUnchangedByLaterSteps() {
        Tensor x = batch(1);
        Tensor out = forward(x), loss = out.square().mean();
        loss.backward();
        List<NDArray> grads = new ArrayList<>();
        for (Tensor p : params) grads.add(p.grad());
        double[] outBefore = out.value().toArray(), lossBefore = loss.value().toArray();
        List<double[]> gradsBefore = grads.stream().map(NDArray::toArray).toList();
        for (int step = 0; step < 5; step++) {   // later steps on other data reuse the pass's buffers
            params.forEach(Tensor::zeroGrad);
            forward(batch(10 + step)).square().mean().backward();
        }
        assertTrue(Arena.pooledBytes() > 0, "the backward passes pooled their gradients");
        assertArrayEquals(outBefore, out.value().toArray(), "a forward output");
        assertArrayEquals(lossBefore, loss.value().toArray(), "the loss");
        for (int i = 0; i < grads.size(); i++) assertArrayEquals(gradsBefore.get(i), grads.get(i).toArray(), "gradient of parameter " + i);
    }

    @Test
    void gradientsThatAutogradGradReturnsAreTheUsersAndDoubleBackwardStaysExact() {
        Tensor z = Tensor.param(new Rng(4).normal(t, 0, 1, 128, 16));
        Tensor dh = Autograd.grad(forward(z).sum(), z, true);      // a Hamiltonian's vector field
        double[] kept = dh.value().toArray();
        dh.square().sum().backward();
        List<Tensor> shaping = params.subList(0, 5);   // the output bias does not change ∇ₓH
        List<double[]> first = shaping.stream().map(p -> p.grad().toArray()).toList();
        for (int step = 0; step < 3; step++) {
            params.forEach(Tensor::zeroGrad);
            Autograd.grad(forward(z).sum(), z, true).square().sum().backward();
            for (int i = 0; i < shaping.size(); i++)
                assertArrayEquals(first.get(i), shaping.get(i).grad().toArray(), "step " + step + ": same gradient from the same data, parameter " + i);
        }
        assertArrayEquals(kept, dh.value().toArray());
    }

    @Test
    void aWarmBackwardPassAllocatesLittle() throws InterruptedException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Tensor x = batch(2);
        long[] bytes = new long[6];
        Thread fresh = new Thread(() -> {   // pools are per thread: this one starts empty
            for (int step = 0; step < bytes.length; step++) {
                params.forEach(Tensor::zeroGrad);
                Tensor loss = forward(x).square().mean();
                long before = threads.getCurrentThreadAllocatedBytes();
                loss.backward();
                bytes[step] = threads.getCurrentThreadAllocatedBytes() - before;
            }
        });
        fresh.start();
        fresh.join();
        // The pass's large arrays are the [128, 64] gradients of the hidden layers (pre-activation and input
        // side): the first pass allocates them, a warm one takes them from the pool.
        assertTrue(bytes[5] < bytes[0] / 2, "first pass " + bytes[0] + " bytes, sixth " + bytes[5]);
    }

    @Test
    void buffersReturnOnlyWhenTheArenaClosesAndArenasCloseInnermostFirst() {
        NDArray a = NDArray.zeros(DType.F64, 100, 100);   // outside any arena: never pooled
        Arena outer = Arena.open(), inner = Arena.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
        assertEquals(0, a.norm());
        assertNotNull(a.data());
    }
}
