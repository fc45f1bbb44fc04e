package org.odeon.graph;

import java.util.Arrays;
import org.odeon.tensor.Rng;

/** A partition of the nodes into labelled (train), validation and test nodes. */
public record Split(int[] train, int[] validation, int[] test) {

    /**
     * A seeded random split with fractions {@code trainFraction} and {@code validationFraction}
     * of the nodes; the rest is test (10/10/80 is the graph-robustness literature's usual one).
     */
    public static Split random(int nodes, double trainFraction, double validationFraction, long seed) {
        if (!(trainFraction > 0 && validationFraction >= 0 && trainFraction + validationFraction < 1))
            throw new IllegalArgumentException("split fractions " + trainFraction + "/" + validationFraction + " must be positive and sum below 1");
        int[] p = new Rng(seed).permutation(nodes);
        int nt = (int) Math.round(trainFraction * nodes), nv = (int) Math.round(validationFraction * nodes);
        if (nt < 1 || nodes - nt - nv < 1) throw new IllegalArgumentException("a graph of " + nodes + " nodes is too small for this split");
        return new Split(sorted(p, 0, nt), sorted(p, nt, nt + nv), sorted(p, nt + nv, nodes));
    }

    /** Train and validation together (the nodes whose labels an attacker or a model may see). */
    public int[] labelled() {
        int[] l = Arrays.copyOf(train, train.length + validation.length);
        System.arraycopy(validation, 0, l, train.length, validation.length);
        Arrays.sort(l);
        return l;
    }

    private static int[] sorted(int[] p, int from, int to) {
        int[] s = Arrays.copyOfRange(p, from, to);
        Arrays.sort(s);
        return s;
    }
}
