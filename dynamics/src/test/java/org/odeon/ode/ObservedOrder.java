package org.odeon.ode;

import java.util.function.DoubleFunction;

/**
 * Observed order of convergence without an exact solution: with {@code y(h)} the numerical
 * solution at a fixed time, {@code |y(h) − y(h/2)| ≈ C hᵖ}, so p is minus the least-squares slope
 * of {@code log₂|y(h/2ᵏ) − y(h/2ᵏ⁺¹)|} against k.
 */
public final class ObservedOrder {
    private ObservedOrder() {}

    public static double estimate(DoubleFunction<double[]> solveWithStep, double h0, int halvings) {
        double[] prev = solveWithStep.apply(h0);
        int m = halvings;
        double[] logDiff = new double[m];
        double h = h0;
        for (int k = 0; k < m; k++) {
            h /= 2;
            double[] next = solveWithStep.apply(h);
            double d = 0;
            for (int i = 0; i < next.length; i++) d = Math.max(d, Math.abs(next[i] - prev[i]));
            logDiff[k] = Math.log(d) / Math.log(2);
            prev = next;
        }
        double kMean = (m - 1) / 2.0, yMean = 0;
        for (double v : logDiff) yMean += v / m;
        double num = 0, den = 0;
        for (int k = 0; k < m; k++) {
            num += (k - kMean) * (logDiff[k] - yMean);
            den += (k - kMean) * (k - kMean);
        }
        return -num / den;
    }
}
