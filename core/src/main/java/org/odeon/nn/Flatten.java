package org.odeon.nn;

import org.odeon.autograd.Tensor;

/** {@code [N, d1, d2, ...] → [N, d1·d2·...]}; a reshape, so {@code Lip = 1}. */
public final class Flatten extends Module implements Certified {
    /** The reshape; it has no parameters. */
    public Flatten() {}

    @Override public Tensor forward(Tensor x) { return x.flatten(1); }

    @Override public double lipschitzBound(double tol) { return 1; }
}
