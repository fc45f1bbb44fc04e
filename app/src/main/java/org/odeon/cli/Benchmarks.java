package org.odeon.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * The workloads {@code odeon bench} knows: a few engine kernels defined here plus any found on the
 * class path, and the timing rule: after warm-up, each sample times enough back-to-back calls to last
 * at least {@value #MIN_SAMPLE_MS} ms, and the reported time per call is the median sample.
 */
final class Benchmarks {
    private Benchmarks() {}

    static final long MIN_SAMPLE_MS = 20;

    static List<Benchmark> available() {
        var all = new ArrayList<Benchmark>(List.of(
                kernel("matmul-f64", q -> square(DType.F64, q ? 128 : 512), a -> a.matmul(a)),
                kernel("matmul-f32", q -> square(DType.F32, q ? 128 : 512), a -> a.matmul(a)),
                kernel("tanh-f64", q -> square(DType.F64, q ? 256 : 1024), NDArray::tanh)));
        ServiceLoader.load(Benchmark.class).forEach(all::add);
        return all;
    }

    /** Median seconds per call of {@code op}, from {@code samples} samples after {@code warmup} calls. */
    static double medianSeconds(Runnable op, int warmup, int samples) {
        for (int i = 0; i < warmup; i++) op.run();
        long t0 = System.nanoTime();
        op.run();
        long one = Math.max(1, System.nanoTime() - t0);
        int reps = (int) Math.max(1, Math.min(1_000_000, MIN_SAMPLE_MS * 1_000_000 / one));
        double[] s = new double[samples];
        for (int k = 0; k < samples; k++) {
            long a = System.nanoTime();
            for (int r = 0; r < reps; r++) op.run();
            s[k] = (System.nanoTime() - a) / 1e9 / reps;
        }
        Arrays.sort(s);
        return samples % 2 == 1 ? s[samples / 2] : 0.5 * (s[samples / 2 - 1] + s[samples / 2]);
    }

    private interface Sized { NDArray make(boolean quick); }

    private static Benchmark kernel(String name, Sized input, java.util.function.UnaryOperator<NDArray> op) {
        return new Benchmark() {
            @Override public String name() { return name; }
            @Override public Runnable prepare(boolean quick) {
                NDArray a = input.make(quick);
                return () -> op.apply(a);
            }
        };
    }

    private static NDArray square(DType t, int n) {
        var rnd = new SplittableRandom(n);
        double[] d = new double[n * n];
        for (int i = 0; i < d.length; i++) d[i] = rnd.nextDouble(-1, 1);
        return NDArray.of(t, new int[] {n, n}, d);
    }
}
