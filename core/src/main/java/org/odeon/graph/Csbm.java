package org.odeon.graph;

import org.odeon.tensor.CsrMatrix;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The contextual stochastic block model: {@code nodes} nodes in {@code classes} balanced classes;
 * each pair {@code i < j} is an edge with probability {@code pIn} if the classes agree and
 * {@code pOut} otherwise; node {@code i} of class {@code c} has features
 * {@code x_i = μ_c + ε_i}, {@code ε_i ~ N(0, I_F)}, with class means on orthonormal directions
 * scaled so that {@code ‖μ_c − μ_{c'}‖ = separation}. Structure and features each carry part of
 * the class signal, so both a feature attack and a structure attack can hurt.
 */
public record Csbm(int nodes, int classes, double pIn, double pOut, int featureDim, double separation) {
    public Csbm {
        if (nodes < 2 || classes < 2 || classes > nodes) throw new IllegalArgumentException("CSBM needs 2 ≤ classes ≤ nodes, got " + classes + " classes, " + nodes + " nodes");
        if (!(pIn >= 0 && pIn <= 1 && pOut >= 0 && pOut <= 1)) throw new IllegalArgumentException("CSBM edge probabilities must lie in [0, 1], got " + pIn + ", " + pOut);
        if (featureDim < classes) throw new IllegalArgumentException("CSBM needs featureDim ≥ classes for orthogonal means, got " + featureDim + " < " + classes);
        if (!(separation >= 0) || Double.isInfinite(separation)) throw new IllegalArgumentException("CSBM separation must be finite and ≥ 0, got " + separation);
        if ((long) nodes * nodes > 4_000_000_000L) throw new IllegalArgumentException("CSBM with " + nodes + " nodes is too large to sample pair by pair");
    }

    /** Expected intra- and inter-class degrees {@code dIn, dOut} turned into probabilities. */
    public static Csbm ofDegrees(int nodes, int classes, double dIn, double dOut, int featureDim, double separation) {
        double perClass = nodes / (double) classes;
        return new Csbm(nodes, classes, Math.min(1, dIn / (perClass - 1)), Math.min(1, dOut / (nodes - perClass)), featureDim, separation);
    }

    /** One draw of the model, reproducible from {@code seed}. */
    public Graph sample(long seed) {
        Rng rng = new Rng(seed);
        int[] perm = rng.permutation(nodes), labels = new int[nodes];
        for (int i = 0; i < nodes; i++) labels[perm[i]] = i % classes;
        // edges, pair by pair
        IntList r = new IntList(), c = new IntList();
        for (int i = 0; i < nodes; i++)
            for (int j = i + 1; j < nodes; j++)
                if (rng.uniform() < (labels[i] == labels[j] ? pIn : pOut)) { r.add(i); c.add(j); r.add(j); c.add(i); }
        double[] ones = new double[r.size];
        java.util.Arrays.fill(ones, 1);
        CsrMatrix a = CsrMatrix.fromCoordinates(nodes, nodes, r.toArray(), c.toArray(), ones);
        // class means: orthonormal directions (Gram–Schmidt on Gaussians) scaled by separation/√2
        double[][] mu = new double[classes][featureDim];
        for (int k = 0; k < classes; k++) {
            double[] v = mu[k];
            for (int f = 0; f < featureDim; f++) v[f] = rng.normal();
            for (int q = 0; q < k; q++) {
                double dot = 0;
                for (int f = 0; f < featureDim; f++) dot += v[f] * mu[q][f];
                for (int f = 0; f < featureDim; f++) v[f] -= dot * mu[q][f];
            }
            double norm = 0;
            for (double x : v) norm += x * x;
            norm = Math.sqrt(norm);
            for (int f = 0; f < featureDim; f++) v[f] /= norm;
        }
        double scale = separation / Math.sqrt(2);
        double[] x = new double[nodes * featureDim];
        for (int i = 0; i < nodes; i++)
            for (int f = 0; f < featureDim; f++) x[i * featureDim + f] = scale * mu[labels[i]][f] + rng.normal();
        return new Graph(a, NDArray.of(DType.F64, new int[] {nodes, featureDim}, x), labels, classes);
    }

    /** A growable int array (edge lists of unknown length). */
    private static final class IntList {
        int[] data = new int[1024];
        int size;

        void add(int v) {
            if (size == data.length) data = java.util.Arrays.copyOf(data, 2 * size);
            data[size++] = v;
        }

        int[] toArray() { return java.util.Arrays.copyOf(data, size); }
    }
}
