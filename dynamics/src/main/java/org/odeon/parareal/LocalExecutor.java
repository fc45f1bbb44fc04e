package org.odeon.parareal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fine solves on {@code P} local workers: {@code P − 1} pool threads plus the calling thread,
 * which runs fine solves itself whenever it waits for a result (so a batch finishes even if the
 * pool threads are slow to be scheduled on a busy machine). Each thread owns one copy of the fine
 * propagator, since steppers hold scratch space.
 *
 * <p>A batch is handed out by self-scheduling: every worker takes the next unsolved interval in
 * time order from a shared counter, so the earliest intervals finish first (the correction sweep
 * needs them first) and at most {@code P − 1} tasks per batch cross to the pool threads. A pool
 * thread that runs out of work spins for {@link #SPIN_NANOS} before it blocks, and so does a
 * caller waiting for a result that another worker is computing: waking a blocked thread costs
 * tens of microseconds on a busy machine, as much as a whole fine solve of a small ODE, and
 * Parareal hands out batches and collects results in quick succession.
 */
public final class LocalExecutor implements FineExecutor {
    /** How long an idle pool thread polls for work before it blocks. */
    static final long SPIN_NANOS = 200_000;

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ThreadLocal<Propagator> fine;
    private final int workers;
    private volatile boolean closed;

    /** Refuses worker counts below one or above {@link #MAX_WORKERS_PER_CORE} per available core. */
    public static void checkWorkers(int workers) {
        int cores = Runtime.getRuntime().availableProcessors(), max = MAX_WORKERS_PER_CORE * cores;
        if (workers < 1 || workers > max)
            throw new IllegalArgumentException("workers must be between 1 and " + max + " (" + MAX_WORKERS_PER_CORE + " per core on "
                    + cores + " cores), got " + workers);
    }

    /** More threads than this many per core only queue for the cores (and thousands take minutes to start). */
    public static final int MAX_WORKERS_PER_CORE = 8;

    public LocalExecutor(Propagator fine, int workers) {
        checkWorkers(workers);
        this.workers = workers;
        this.fine = ThreadLocal.withInitial(fine::copy);
        for (int i = 0; i < workers - 1; i++) {
            Thread t = new Thread(this::serve, "parareal-fine-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void serve() {
        try {
            while (!closed) {
                Runnable task = tasks.poll();
                for (long until = System.nanoTime() + SPIN_NANOS; task == null && System.nanoTime() < until; task = tasks.poll())
                    Thread.onSpinWait();
                if (task == null) task = tasks.take();
                task.run();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override public int workers() { return workers; }

    @Override
    public List<CompletableFuture<double[]>> propagate(List<Job> jobs) {
        Batch batch = new Batch(jobs);
        for (int w = 0; w < Math.min(workers - 1, jobs.size()); w++) tasks.add(() -> { while (batch.runNext()) { } });
        return batch.results;
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) t.interrupt();
    }

    /** The jobs of one call, their results, and the counter of the next unclaimed job. */
    private final class Batch {
        final List<Job> jobs;
        final List<CompletableFuture<double[]>> results;
        final AtomicInteger next = new AtomicInteger();

        Batch(List<Job> jobs) {
            this.jobs = jobs;
            this.results = new ArrayList<>(jobs.size());
            for (int i = 0; i < jobs.size(); i++) results.add(new Result(this));
        }

        /** Claims and runs the next job; false once all are claimed. */
        boolean runNext() {
            int i = next.getAndIncrement();
            if (i >= jobs.size()) return false;
            Job job = jobs.get(i);
            try {
                double[] y = job.start().clone();
                fine.get().propagate(job.t0(), y, job.t1());
                results.get(i).complete(y);
            } catch (RuntimeException | Error e) {
                results.get(i).completeExceptionally(e);
            }
            return true;
        }
    }

    /**
     * A result whose {@code join} lets the waiting thread work on the batch instead of blocking;
     * once every job of the batch is taken, it spins for {@link #SPIN_NANOS} on the one still
     * running before it blocks, since being woken up again costs more than a short fine solve.
     */
    private static final class Result extends CompletableFuture<double[]> {
        private final Batch batch;

        Result(Batch batch) { this.batch = batch; }

        @Override
        public double[] join() {
            while (!isDone() && batch.runNext()) { }
            for (long until = System.nanoTime() + SPIN_NANOS; !isDone() && System.nanoTime() < until; ) Thread.onSpinWait();
            return super.join();
        }
    }
}
