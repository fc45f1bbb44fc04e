package org.odeon.tensor;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Seeded random numbers that give the same stream on every run and JVM: uniforms from the
 * JDK's L64X128MixRandom (an algorithm the JDK specifies exactly), normals by the Marsaglia
 * polar method written here so they do not depend on the JDK's {@code nextGaussian}.
 */
public final class Rng {
    private final RandomGenerator gen;
    private double spare;
    private boolean hasSpare;

    public Rng(long seed) { gen = RandomGeneratorFactory.of("L64X128MixRandom").create(seed); }

    /** An independent stream derived from this one (for a worker, a layer, a data loader). */
    public Rng fork() { return new Rng(gen.nextLong()); }

    public double uniform() { return gen.nextDouble(); }

    public double uniform(double lo, double hi) { return lo + (hi - lo) * gen.nextDouble(); }

    public int nextInt(int bound) { return gen.nextInt(bound); }

    public long nextLong() { return gen.nextLong(); }

    public double normal() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = 2 * gen.nextDouble() - 1;
            v = 2 * gen.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }

    public NDArray uniform(DType dtype, double lo, double hi, int... shape) {
        double[] d = new double[sized(shape)];
        for (int i = 0; i < d.length; i++) d[i] = uniform(lo, hi);
        return NDArray.of(dtype, shape, d);
    }

    public NDArray normal(DType dtype, double mean, double std, int... shape) {
        double[] d = new double[sized(shape)];
        for (int i = 0; i < d.length; i++) d[i] = mean + std * normal();
        return NDArray.of(dtype, shape, d);
    }

    /** The element count of {@code shape}, refused if its draws (as doubles) could not fit in the heap. */
    private static int sized(int[] shape) {
        int n = Shape.size(shape);
        MemoryBudget.requireArray(DType.F64, shape, n);
        return n;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = gen.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
