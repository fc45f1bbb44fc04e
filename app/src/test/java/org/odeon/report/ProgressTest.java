package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ProgressTest {
    /** A clock that advances one second per reading. */
    private static final class Ticks { long t; long next() { return t += 1_000_000_000L; } }

    @Test void withoutATerminalPrintsOneLinePerTenthWithLossAndEta() {
        var buf = new ByteArrayOutputStream();
        var ticks = new Ticks();
        try (var p = new Progress("fit", 0, 100, new PrintStream(buf, true), false, null, ticks::next)) {
            for (int s = 1; s <= 100; s++) p.step(s, 2.0);
        }
        var lines = buf.toString().lines().toList();
        assertEquals(10, lines.size(), buf.toString());
        assertTrue(lines.getFirst().startsWith("fit: step 10/100 (10%)  loss 2.000  ETA "), lines.getFirst());
        assertTrue(lines.getLast().endsWith("ETA 0:00"), lines.getLast());
    }

    @Test void onATerminalRedrawsABarInPlaceAndEndsTheLineOnClose() {
        var buf = new ByteArrayOutputStream();
        var ticks = new Ticks();
        try (var p = new Progress("fit", 0, 4, new PrintStream(buf, true), true, null, ticks::next)) {
            for (int s = 1; s <= 4; s++) p.step(s, 1.0);
        }
        String out = buf.toString();
        assertTrue(out.startsWith("\rfit [#######.....................]  25%  1/4  loss 1.000  ETA "), out);
        assertTrue(out.contains("\rfit [############################] 100%  4/4"), out);
        assertTrue(out.endsWith(System.lineSeparator()));
    }

    @Test void runningLossIsADebiasedMovingAverage() {
        var p = new Progress("x", 0, 10, null, false, null, () -> 0L);
        p.step(1, 5.0);
        assertEquals(5.0, p.runningLoss(), 1e-12, "one step: the loss itself, not pulled towards zero");
        p.step(2, 1.0);
        assertEquals((0.9 * 0.1 * 5 + 0.1 * 1) / (1 - 0.81), p.runningLoss(), 1e-12);
    }

    @Test void etaExtrapolatesThePaceOfTheStepsRunInThisProcess() {
        long[] now = {0};
        var p = new Progress("x", 50, 100, null, false, null, () -> now[0]);
        now[0] = 10_000_000_000L;  // 10 s for 10 steps after resuming at step 50
        p.step(60, 1.0);
        assertEquals("0:40", p.eta());
        assertEquals("1:01:01", Progress.clock(3661));
    }
}
