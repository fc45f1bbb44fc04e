package org.odeon.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a loop of {@code total} steps with its running loss and an ETA. On a terminal it is a bar
 * redrawn in place (at most ten times a second); otherwise (CI, a file) it is a plain line every tenth of
 * the work. Every tenth also goes to the run log either way.
 *
 * <p>The running loss is an exponential moving average {@code ℓ̄ ← β ℓ̄ + (1-β) ℓ} with {@code β = 0.9},
 * debiased by {@code 1 - β^n} so the first steps are not pulled towards zero.
 */
public final class Progress implements AutoCloseable {
    private static final double BETA = 0.9;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 28;

    private final String label;
    private final long total, first;
    private final PrintStream console;
    private final boolean terminal;
    private final RunLog log;
    private final LongSupplier clock;
    private final long startNanos;
    private double ema;
    private long seen, done, lastDraw;
    private int lastTenth;
    private boolean drawn;

    /**
     * @param first    steps already done before this loop started (non-zero when resuming)
     * @param terminal draw a bar in place; otherwise print plain lines
     * @param log      also receives a line every tenth; may be {@code null}
     * @param clock    nanosecond clock, {@code System::nanoTime} outside tests
     */
    public Progress(String label, long first, long total, PrintStream console, boolean terminal, RunLog log, LongSupplier clock) {
        this.label = label;
        this.first = first;
        this.total = total;
        this.done = first;
        this.console = console;
        this.terminal = terminal;
        this.log = log;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastDraw = startNanos - REDRAW_NANOS;
        this.lastTenth = (int) (10 * first / Math.max(1, total));
    }

    /** True when standard output is an interactive terminal (not a pipe, a file or CI). */
    public static boolean onTerminal() {
        var c = System.console();
        return c != null && c.isTerminal();
    }

    /** Step {@code step} (1-based count of steps done) finished with loss {@code loss}. */
    public void step(long step, double loss) {
        done = step;
        seen++;
        ema = BETA * ema + (1 - BETA) * loss;
        int tenth = (int) (10 * done / Math.max(1, total));
        if (tenth > lastTenth) {
            lastTenth = tenth;
            String line = line();
            if (log != null) log.fileOnly(line);
            if (!terminal && console != null) console.println(line);
        }
        long now = clock.getAsLong();
        if (terminal && console != null && (now - lastDraw >= REDRAW_NANOS || done == total)) {
            lastDraw = now;
            drawBar();
        }
    }

    public double runningLoss() { return seen == 0 ? Double.NaN : ema / (1 - Math.pow(BETA, seen)); }

    private String line() {
        return String.format(Locale.ROOT, "%s: step %d/%d (%d%%)  loss %.4g  ETA %s",
                label, done, total, 100 * done / Math.max(1, total), runningLoss(), eta());
    }

    private void drawBar() {
        int filled = (int) (BAR * done / Math.max(1, total));
        String bar = "#".repeat(filled) + ".".repeat(BAR - filled);
        console.print(String.format(Locale.ROOT, "\r%s [%s] %3d%%  %d/%d  loss %.4g  ETA %s \u001b[K",
                label, bar, 100 * done / Math.max(1, total), done, total, runningLoss(), eta()));
        console.flush();
        drawn = true;
    }

    /** Remaining time at the average pace of the steps run so far in this process. */
    String eta() {
        long ran = done - first;
        if (ran <= 0) return "--:--";
        double perStep = (clock.getAsLong() - startNanos) / 1e9 / ran;
        return clock(perStep * (total - done));
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Ends the bar's line so later output starts on a fresh one. */
    @Override public void close() {
        if (drawn) console.println();
        drawn = false;
    }
}
