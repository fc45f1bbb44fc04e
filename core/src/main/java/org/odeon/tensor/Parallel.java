package org.odeon.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits large element-wise loops over the cores. Small arrays run on the calling thread: below
 * {@link #GRAIN} elements the hand-off costs more than the loop.
 */
final class Parallel {
    private Parallel() {}

    static final int GRAIN = 1 << 15;
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    @FunctionalInterface
    interface Range {
        void run(int lo, int hi);
    }

    /** Runs {@code body} over [0, n) in contiguous chunks, in parallel when n is large. */
    static void range(int n, Range body) {
        if (n < 2 * GRAIN || THREADS == 1 || ForkJoinPool.getCommonPoolParallelism() < 1) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(THREADS, n / GRAIN);
        ForkJoinPool.commonPool().invoke(new Split(body, 0, n, chunks));
    }

    /** Like {@link #range} but over {@code rows} units of {@code width} elements each. */
    static void rows(int rows, int width, Range body) {
        if ((long) rows * width < 2L * GRAIN || rows < 2) {
            body.run(0, rows);
            return;
        }
        int chunks = Math.min(THREADS, rows);
        ForkJoinPool.commonPool().invoke(new Split(body, 0, rows, chunks));
    }

    @FunctionalInterface
    interface Unit {
        void run(int i);
    }

    /**
     * Runs {@code body(i)} for every {@code i} in [0, n), each a task of its own, so idle threads take
     * the units a busy one has not reached (coarse units such as a convolution's chunk of samples:
     * on a shared machine an even split waits for the slower half). In order on the calling thread
     * when there is one thread or one unit.
     */
    static void each(int n, Unit body) {
        if (n < 2 || THREADS == 1 || ForkJoinPool.getCommonPoolParallelism() < 1) {
            for (int i = 0; i < n; i++) body.run(i);
            return;
        }
        ForkJoinPool.commonPool().invoke(new Split((lo, hi) -> { for (int i = lo; i < hi; i++) body.run(i); }, 0, n, n));
    }

    private static final class Split extends RecursiveAction {
        private final Range body;
        private final int lo, hi, chunks;

        Split(Range body, int lo, int hi, int chunks) {
            this.body = body;
            this.lo = lo;
            this.hi = hi;
            this.chunks = chunks;
        }

        @Override protected void compute() {
            if (chunks <= 1) {
                body.run(lo, hi);
                return;
            }
            int half = chunks / 2, mid = lo + (int) ((long) (hi - lo) * half / chunks);
            invokeAll(new Split(body, lo, mid, half), new Split(body, mid, hi, chunks - half));
        }
    }
}
