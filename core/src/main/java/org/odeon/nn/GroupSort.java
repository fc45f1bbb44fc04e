package org.odeon.nn;

import org.odeon.autograd.Tensor;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Shape;

/**
 * GroupSort: splits the features (axis 1) into consecutive groups of {@code g} and sorts each
 * group in decreasing order. Its output is a permutation of its input, so it is 1-Lipschitz and
 * norm-preserving, with an orthogonal (permutation) Jacobian; {@code g = 2} is MaxMin,
 * {@code (a, b) ↦ (max(a, b), min(a, b))}. The permutation is read off the values, so the
 * gradient is routed through the same gather.
 */
public final class GroupSort extends Module implements Certified {
    private final int group;

    public GroupSort(int group) {
        if (group < 2) throw new IllegalArgumentException("GroupSort needs groups of at least 2, got " + group);
        this.group = group;
    }

    public static GroupSort maxMin() { return new GroupSort(2); }

    @Override public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length < 2 || s[1] % group != 0)
            throw new IllegalArgumentException("GroupSort(" + group + "): axis 1 of " + Shape.str(s) + " is not a multiple of the group size");
        int inner = Shape.size(s) / (s[0] * s[1]), blocks = s[0] * (s[1] / group);
        double[] v = x.value().data();
        int[] map = new int[v.length], idx = new int[group];
        for (int b = 0; b < blocks; b++)
            for (int in = 0; in < inner; in++) {
                int base = b * group * inner + in;
                for (int i = 0; i < group; i++) {  // insertion sort of the group's indices, largest first
                    int e = base + i * inner, j = i;
                    while (j > 0 && v[idx[j - 1]] < v[e]) { idx[j] = idx[j - 1]; j--; }
                    idx[j] = e;
                }
                for (int i = 0; i < group; i++) map[base + i * inner] = idx[i];
            }
        return x.linear(new IndexMap(s, s, map));
    }

    /** A permutation of its input: {@code Lip = 1}. */
    @Override public double lipschitzBound(double tol) { return 1; }

    @Override public String toString() { return group == 2 ? "MaxMin" : "GroupSort(" + group + ")"; }
}
