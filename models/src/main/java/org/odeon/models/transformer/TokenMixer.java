package org.odeon.models.transformer;

import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/** A block acting on tokens {@code [B, T, D]} whose attention takes a mask (see {@link Masks}; null: no mask). */
public interface TokenMixer {
    Tensor forward(Tensor tokens, NDArray mask);
}
