package org.odeon.parareal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fine solves on a fixed pool of {@code P} threads. Each thread owns one copy of the fine
 * propagator (steppers hold scratch space). A batch is handed out by self-scheduling: each of the
 * {@code P} tasks takes the next unsolved interval in time order from a shared counter, so the
 * earliest intervals finish first (the correction sweep needs them first) and only {@code P}
 * tasks per batch cross the thread pool, whatever the number of intervals.
 */
public final class LocalExecutor implements FineExecutor {
    private final ExecutorService pool;
    private final ThreadLocal<Propagator> fine;
    private final int workers;

    public LocalExecutor(Propagator fine, int workers) {
        if (workers < 1) throw new IllegalArgumentException("need at least one worker, got " + workers);
        this.workers = workers;
        this.fine = ThreadLocal.withInitial(fine::copy);
        AtomicInteger id = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "parareal-fine-" + id.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    @Override public int workers() { return workers; }

    @Override
    public List<CompletableFuture<double[]>> propagate(List<Job> jobs) {
        List<CompletableFuture<double[]>> results = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) results.add(new CompletableFuture<>());
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            Propagator f = fine.get();
            for (int i; (i = next.getAndIncrement()) < jobs.size(); ) {
                Job job = jobs.get(i);
                try {
                    double[] y = job.start().clone();
                    f.propagate(y, job.t0(), job.t1());
                    results.get(i).complete(y);
                } catch (RuntimeException | Error e) {
                    results.get(i).completeExceptionally(e);
                }
            }
        };
        for (int w = 0; w < Math.min(workers, jobs.size()); w++) pool.execute(worker);
        return results;
    }

    @Override public void close() { pool.shutdownNow(); }
}
