package org.odeon.autograd;

/** The op that produced a tensor: its inputs and how to pull a gradient back through it. */
record Node(Tensor[] inputs, Backward backward) {

    /**
     * Gradients for each input, written with differentiable ops; {@code need[i]} says whether
     * input i leads to anything being differentiated for, and the gradient may be null where not.
     * It must not keep {@code gradOut} or what it returns beyond the call: {@code backward()} recycles
     * the buffers of its gradients when the pass ends (see {@link org.odeon.tensor.Arena}).
     */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor out, Tensor gradOut, boolean[] need);
    }
}
