package org.odeon.experiments;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StopSignalTest {
    @Test void aSimulatedCtrlCArrivesOnThePollAfterTheGivenNumberOfSteps() {
        var s = StopSignal.afterSteps(3);
        assertFalse(s.requested());
        assertFalse(s.requested());
        assertFalse(s.requested());
        assertTrue(s.requested());
        assertTrue(s.requested(), "stays requested");
    }

    @Test void theShutdownHookWaitsUntilTheRunHasStopped() throws Exception {
        var s = new StopSignal();
        assertFalse(s.awaitStopped(10, TimeUnit.MILLISECONDS), "nothing stopped yet");
        var run = new Thread(() -> {
            while (!s.requested()) Thread.onSpinWait();
            s.markStopped();
        });
        run.start();
        s.request();
        assertTrue(s.awaitStopped(10, TimeUnit.SECONDS));
        run.join();
    }
}
