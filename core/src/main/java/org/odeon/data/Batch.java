package org.odeon.data;

import org.odeon.tensor.NDArray;

/** A mini-batch: features {@code [B, ...]} and the matching labels {@code [B, ...]}. */
public record Batch(NDArray features, NDArray labels) {
    public int size() { return features.dim(0); }
}
