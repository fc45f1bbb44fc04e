package org.odeon.report;

import java.util.List;

/** Plot pieces several experiments draw: envelopes of long error series, phase portraits, point sets. */
public final class Plots {
    private Plots() {}

    /**
     * The envelope of a long series: the maximum over consecutive windows of {@code k = max(10, N/1000)} values,
     * at each window's last (1-based) index, floored at 1e-16 for a log axis. Raw samples of an oscillating error
     * alias badly; the envelope shows whether it stays bounded or drifts. Returns {@code {x, y}}.
     */
    public static double[][] envelope(double[] y) {
        int k = Math.max(10, y.length / 1000), windows = (y.length + k - 1) / k;
        double[] ex = new double[windows], ey = new double[windows];
        for (int w = 0; w < windows; w++) {
            int end = Math.min(y.length, (w + 1) * k);
            double m = 0;
            for (int i = w * k; i < end; i++) m = Math.max(m, y[i]);
            ex[w] = end;
            ey[w] = Math.max(m, 1e-16);
        }
        return new double[][] {ex, ey};
    }

    /**
     * Coordinates {@code (a, b)} of the first {@code m + 1} states of a trajectory (rows), non-finite or far values
     * clipped to ±10 so a diverged state does not stretch the axes. Returns {@code {a values, b values}}.
     */
    public static double[][] portrait(double[][] traj, int a, int b, int m) {
        int n = Math.min(m, traj.length - 1) + 1;
        double[] x = new double[n], y = new double[n];
        for (int k = 0; k < n; k++) { x[k] = clip(traj[k][a]); y[k] = clip(traj[k][b]); }
        return new double[][] {x, y};
    }

    private static double clip(double v) { return Double.isFinite(v) ? Math.max(-10, Math.min(10, v)) : 10; }

    /** A scatter of 2-D points, left out when there are none (an empty series cannot be drawn). */
    public static Plot.Builder points(Plot.Builder p, String name, List<double[]> pts) {
        if (!pts.isEmpty()) p.scatter(name, pts.stream().mapToDouble(v -> v[0]).toArray(), pts.stream().mapToDouble(v -> v[1]).toArray());
        return p;
    }
}
