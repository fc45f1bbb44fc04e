package org.odeon.experiments;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A polite request to stop training, e.g. from Ctrl-C. The training loop polls {@link #requested()} between
 * steps, saves a checkpoint and unwinds; whoever asked may wait for that with {@link #awaitStopped}.
 * Ctrl-C runs the JVM's shutdown hooks and halts when they return, so the hook must wait here or the
 * checkpoint would be cut off.
 */
public final class StopSignal {
    private volatile boolean requested;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong pollsLeft;

    public StopSignal() { this(Long.MAX_VALUE); }

    private StopSignal(long polls) { pollsLeft = new AtomicLong(polls); }

    /** A signal that requests itself when polled for the {@code steps+1}-th time: Ctrl-C after exactly {@code steps} training steps. */
    static StopSignal afterSteps(long steps) { return new StopSignal(steps + 1); }

    public void request() { requested = true; }

    /** Polled by the training loop once before each step. */
    public boolean requested() {
        if (!requested && pollsLeft.decrementAndGet() <= 0) requested = true;
        return requested;
    }

    /** Called once by the run when it has finished, interrupted or failed: nothing more will be written. */
    void markStopped() { stopped.countDown(); }

    /** Waits for the run to finish writing; false if it did not within the timeout. */
    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }
}
