package org.odeon.nn;

import org.odeon.autograd.Tensor;

/** {@code [N, d1, d2, ...] → [N, d1·d2·...]}. */
public final class Flatten extends Module {
    @Override public Tensor forward(Tensor x) { return x.flatten(1); }
}
