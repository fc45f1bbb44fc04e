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
 * The master is assumed to have a processor of its own; a distributed executor's communication
 * enters as {@code taskOverhead} {@code o}, the time each fine task adds to its worker's busy time
 * (scheduling, shipping the state and the result), so that a fine solve occupies a worker for
 * {@code c_F + o}. The sequential reference costs {@code N c_F}.
 */
public record CostModel(double fineCost, double coarseCost, double taskOverhead) {

    public CostModel {
        if (!(fineCost > 0) || !(coarseCost >= 0) || !(taskOverhead >= 0) || Double.isInfinite(taskOverhead))
            throw new IllegalArgumentException("costs must be positive, got c_F = " + fineCost + ", c_G = " + coarseCost + ", overhead " + taskOverhead);
    }

    /** Free communication: fine solves on threads of one machine. */
    public CostModel(double fineCost, double coarseCost) { this(fineCost, coarseCost, 0); }

    /** The same costs with fine solves of cost {@code c_F}. */
    public CostModel withFineCost(double c) { return new CostModel(c, coarseCost, taskOverhead); }

    /**
     * The break-even fine cost: the smallest {@code c_F} at which Parareal with this schedule, {@code c_G} and
     * overhead is faster than the sequential solve ({@link #speedup} > 1); {@code +∞} when no fine cost is enough,
     * i.e. when the iterations re-solve so many intervals that even free coarse solves and communication
     * would not beat {@code N c_F}. The speed-up grows with {@code c_F} (the fixed costs weigh less), so bisection
     * on a logarithmic scale finds it to 0.1 %.
     */
    public double breakEvenFineCost(int intervals, int[] firstActive, int workers) {
        double hi = Math.max(fineCost, 1e-12);
        for (int i = 0; withFineCost(hi).speedup(intervals, firstActive, workers) <= 1; i++) {
            if (i == 200) return Double.POSITIVE_INFINITY;
            hi *= 2;
        }
        double lo = hi;
        while (lo > 1e-300 && withFineCost(lo).speedup(intervals, firstActive, workers) > 1) lo /= 2;
        while (hi / lo > 1.001) {
            double mid = Math.sqrt(lo * hi);
            if (withFineCost(mid).speedup(intervals, firstActive, workers) > 1) hi = mid; else lo = mid;
        }
        return hi;
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
                free[w] = start + fineCost + taskOverhead;
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
