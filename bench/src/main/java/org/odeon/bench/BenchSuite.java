package org.odeon.bench;

import java.util.Arrays;

/**
 * Times workloads: warm-up runs (JIT, caches), then the median of timed runs. Medians, not
 * means, because on a shared 2-core machine a few runs are always disturbed. Warm-up lasts a
 * number of runs and at least {@link #WARMUP_SECONDS}: the convnet's kernels take 10–15 runs
 * to reach their compiled speed, so a fixed 10 runs sometimes timed the tail of the warm-up.
 */
public final class BenchSuite {
    private BenchSuite() {}

    /** Median and spread of one workload, in seconds. */
    public record Timing(String name, String description, double median, double min, double max, int runs, double gemmFlops) {
        public double gflops() { return gemmFlops > 0 ? gemmFlops / median / 1e9 : 0; }
    }

    static final double WARMUP_SECONDS = 3;

    /**
     * Warm-up runs, warm-up seconds and timed runs of one workload. A step-sized workload (milliseconds) takes
     * {@link #step}'s 10 runs, 3 s and 20 timed runs; an epoch-sized one (seconds) fewer, so that a round stays
     * within minutes.
     */
    public record Protocol(int warmup, double warmupSeconds, int runs) {
        public static Protocol step(boolean quick) { return quick ? new Protocol(3, 0, 5) : new Protocol(10, WARMUP_SECONDS, 20); }
    }

    static Timing time(Workload w, Protocol p) { return time(w, p.warmup(), p.warmupSeconds(), p.runs()); }

    public static Timing time(Workload w, int warmup, int runs) { return time(w, warmup, 0, runs); }

    static Timing time(Workload w, int warmup, double warmupSeconds, int runs) {
        long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() < until; i++) w.run();
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            w.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        return new Timing(w.name(), w.description(), t[runs / 2], t[0], t[runs - 1], runs, w.gemmFlops());
    }
}
