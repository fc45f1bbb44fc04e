package org.odeon.tensor;

/**
 * A linear map between arrays together with its adjoint: {@code ⟨apply(x), y⟩ = ⟨x, adjoint(y)⟩}.
 *
 * <p>Every structural op that merely moves, copies, sums or transforms values linearly (permute,
 * slice, pad, gather, pooling windows, FFT) is one of these. Autograd needs nothing else from it: the
 * gradient of {@code apply} is {@code adjoint}, whose gradient is {@code apply} again, so such ops
 * are differentiable to any order for free.
 */
public interface LinearMap {
    NDArray apply(NDArray x);

    NDArray adjoint(NDArray y);

    /** The adjoint as a map in its own right. */
    default LinearMap transpose() {
        LinearMap self = this;
        return new LinearMap() {
            @Override public NDArray apply(NDArray y) { return self.adjoint(y); }
            @Override public NDArray adjoint(NDArray x) { return self.apply(x); }
            @Override public LinearMap transpose() { return self; }
        };
    }
}
