package org.odeon.models.transformer;

import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Attention masks: arrays broadcastable to the scores {@code [B, H, T, S]} (queries × keys),
 * nonzero where the query may attend to the key. Combine masks by multiplying them.
 */
public final class Masks {
    private Masks() {}

    /** {@code [T, T]}: query {@code i} sees keys {@code j ≤ i}. */
    public static NDArray causal(int tokens) {
        if (tokens <= 0) throw new IllegalArgumentException("causal mask needs a positive number of tokens, got " + tokens);
        double[] m = new double[tokens * tokens];
        for (int i = 0; i < tokens; i++) for (int j = 0; j <= i; j++) m[i * tokens + j] = 1;
        return NDArray.of(DType.F64, new int[] {tokens, tokens}, m);
    }

    /** {@code [B, 1, 1, S]}: in sample {@code b} only the first {@code valid[b]} keys are real, the rest padding. */
    public static NDArray padding(int[] valid, int tokens) {
        double[] m = new double[valid.length * tokens];
        for (int b = 0; b < valid.length; b++) {
            if (valid[b] < 0 || valid[b] > tokens)
                throw new IllegalArgumentException("padding mask: sample " + b + " has " + valid[b] + " valid tokens of " + tokens);
            for (int j = 0; j < valid[b]; j++) m[b * tokens + j] = 1;
        }
        return NDArray.of(DType.F64, new int[] {valid.length, 1, 1, tokens}, m);
    }

    /** {@code [1, 1, 1, S]}: every query sees exactly the keys with {@code keep[j]}. */
    public static NDArray keys(boolean[] keep) {
        double[] m = new double[keep.length];
        for (int j = 0; j < keep.length; j++) m[j] = keep[j] ? 1 : 0;
        return NDArray.of(DType.F64, new int[] {1, 1, 1, keep.length}, m);
    }

    /** The product of two masks (a key is visible when both allow it). */
    public static NDArray both(NDArray a, NDArray b) { return a == null ? b : b == null ? a : a.mul(b); }
}
