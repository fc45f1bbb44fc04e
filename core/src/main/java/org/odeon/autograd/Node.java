package org.odeon.autograd;

/** The op that produced a tensor: its inputs and how to pull a gradient back through it. */
record Node(Tensor[] inputs, Backward backward) {

    /** Gradients for each input (null where none), written with differentiable ops. */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor out, Tensor gradOut);
    }
}
