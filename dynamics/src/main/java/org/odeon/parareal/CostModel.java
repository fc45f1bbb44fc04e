package org.odeon.parareal;

/**
 * Projected Parareal run time from the cost {@code c_F} of one fine solve and {@code c_G} of one
 * coarse solve, by simulating the schedule that {@link Parareal} and {@link LocalExecutor} follow:
 * <ol>
 * <li>The master runs the coarse sweep; start value {@code U_n^0} is known at time {@code n c_G},
 *     and the fine solve of interval {@code n} may start from then on.</li>
 * <li>{@code P} workers take fine solves in interval order, each as soon as a worker is free and
 *     its start value is known, and take {@code c_F} each.</li>
 * <li>The master corrects interval by interval: {@code U_{n+1}} needs the fine result of interval
 *     {@code n} and one coarse solve ({@code c_G}; none on the first active interval, whose start
 *     value did not change).</li>
 * <li>Iteration {@code k} fine-solves intervals {@code firstActive[k] … N−1}, all released when the
 *     previous correction sweep ends.</li>
 * </ol>
 * The master is assumed to have a processor of its own, and communication to be free; the
 * sequential reference costs {@code N c_F}.
 */
public record CostModel(double fineCost, double coarseCost) {

    public CostModel {
        if (!(fineCost > 0) || !(coarseCost >= 0))
            throw new IllegalArgumentException("costs must be positive, got c_F = " + fineCost + ", c_G = " + coarseCost);
    }

    /** Simulated wall time of a run on {@code N} intervals whose iterations started at {@code firstActive}. */
    public double simulate(int intervals, int[] firstActive, int workers) {
        if (workers < 1) throw new IllegalArgumentException("need at least one worker, got " + workers);
        double[] free = new double[workers];
        double master = 0;
        double[] end = new double[intervals];
        for (int k = 0; k < firstActive.length; k++) {
            int first = firstActive[k];
            double release = master;
            for (int n = first; n < intervals; n++) {
                double available = k == 0 ? n * coarseCost : release;
                int w = earliest(free);
                double start = Math.max(free[w], available);
                free[w] = start + fineCost;
                end[n] = free[w];
            }
            if (k == 0) master = intervals * coarseCost;
            for (int n = first; n < intervals; n++) master = Math.max(master, end[n]) + (n > first ? coarseCost : 0);
        }
        return master;
    }

    /** {@code N c_F / simulate(...)}: the projected speed-up over the sequential fine solve. */
    public double speedup(int intervals, int[] firstActive, int workers) {
        return intervals * fineCost / simulate(intervals, firstActive, workers);
    }

    /**
     * The classical estimate {@code S = 1 / ((K + 1) c_G/c_F + K/P)} for {@code K} iterations on
     * {@code P = N} processors without pipelining: at most {@code P/K}, and at most
     * {@code c_F / ((K + 1) c_G)}.
     */
    public double bound(int iterations, int workers) {
        return 1 / ((iterations + 1) * coarseCost / fineCost + (double) iterations / workers);
    }

    private static int earliest(double[] free) {
        int best = 0;
        for (int i = 1; i < free.length; i++) if (free[i] < free[best]) best = i;
        return best;
    }
}
