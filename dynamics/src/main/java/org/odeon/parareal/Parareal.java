package org.odeon.parareal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Parareal (Lions, Maday, Turinici 2001) on {@code N} coarse intervals {@code t_n = t0 + nΔT}:
 * <pre>  U_0^k = y0,   U_{n+1}^0 = G(U_n^0),
 *  U_{n+1}^{k+1} = F(U_n^k) + G(U_n^{k+1}) − G(U_n^k),</pre>
 * with a cheap coarse propagator G applied sequentially and the expensive fine propagator F applied
 * to all intervals of one iteration in parallel (by a {@link FineExecutor}). Iteration stops once
 * {@code max_n ‖U_n^{k+1} − U_n^k‖∞ ≤ tol}, or after {@code maxIterations} iterations.
 *
 * <p>Converged work is skipped: if the start values {@code U_0 … U_{m−1}} changed by at most tol in
 * the last iteration, they are final and iteration {@code k+1} fine-solves only intervals
 * {@code m … N−1}. Since {@code U_m^{k+1} = F(U_{m−1}^k)} exactly once {@code U_{m−1}} is frozen,
 * {@code m} grows by at least one per iteration: after {@code k} iterations the first {@code k}
 * start values equal the sequential fine solution. The correction is evaluated as
 * {@code F + (G_new − G_old)} and {@code G} is not re-evaluated on an unchanged start value, so that
 * this holds bit for bit.
 */
public final class Parareal {
    private final Propagator coarse;
    private final FineExecutor fine;
    private final int intervals;
    private final double tolerance;
    private final int maxIterations;

    /**
     * The outcome of one solve.
     *
     * @param iterates     {@code U^0 … U^K}, each {@code (N+1) × d} start values (row {@code N} is the
     *                     end state); rows are shared between iterates where unchanged, do not modify
     * @param changes      {@code max_n ‖U^k − U^{k−1}‖∞} for {@code k = 1 … K}
     * @param firstActive  the first interval fine-solved in iteration {@code k = 1 … K}
     * @param converged    whether the tolerance was met within the iteration budget
     * @param coarseNanos  time spent in G (all coarse solves, on the calling thread)
     * @param coarseSolves number of G evaluations
     * @param fineSolves   number of F evaluations
     */
    public record Result(List<double[][]> iterates, double[] changes, int[] firstActive, boolean converged,
                         long wallNanos, long coarseNanos, int coarseSolves, int fineSolves) {
        /** Number of Parareal iterations K (fine sweeps). */
        public int iterations() { return changes.length; }

        /** The last iterate. */
        public double[][] solution() { return iterates.getLast(); }
    }

    public Parareal(Propagator coarse, FineExecutor fine, int intervals, double tolerance, int maxIterations) {
        if (intervals < 1) throw new IllegalArgumentException("Parareal needs at least one interval, got " + intervals);
        if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be non-negative, got " + tolerance);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be positive, got " + maxIterations);
        this.coarse = coarse;
        this.fine = fine;
        this.intervals = intervals;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** Coarse-interval boundaries {@code t_n = t0 + n (t1 − t0) / N}, with {@code t_N = t1} exactly. */
    public static double[] grid(double t0, double t1, int intervals) {
        double[] t = new double[intervals + 1];
        for (int n = 0; n < intervals; n++) t[n] = t0 + n * (t1 - t0) / intervals;
        t[intervals] = t1;
        return t;
    }

    /** The sequential fine solution {@code u_{n+1} = F(u_n)} on the same grid, as reference. */
    public static double[][] sequential(Propagator fine, double t0, double[] y0, double t1, int intervals) {
        double[] t = grid(t0, t1, intervals);
        double[][] u = new double[intervals + 1][];
        u[0] = y0.clone();
        for (int n = 0; n < intervals; n++) {
            u[n + 1] = u[n].clone();
            fine.propagate(t[n], u[n + 1], t[n + 1]);
        }
        return u;
    }

    /** Parareal from {@code (t0, y0)} to {@code t1}. */
    public Result solve(double t0, double[] y0, double t1) {
        long wallStart = System.nanoTime();
        int N = intervals;
        double[] t = grid(t0, t1, N);
        long[] coarseNanos = {0};
        int coarseSolves = 0, fineSolves = 0;

        double[][] u = new double[N + 1][];
        double[][] g = new double[N][];          // g[n] = G(u[n]) for the current iterate
        u[0] = y0.clone();
        // The coarse sweep hands start values to the fine executor in batches as they appear, so
        // that the first iteration's fine solves overlap the sweep; the first batch is interval 0
        // alone, which sets the workers going at once.
        List<CompletableFuture<double[]>> firstFine = new ArrayList<>(N);
        List<FineExecutor.Job> batch = new ArrayList<>();
        int batchSize = Math.max(1, N / (4 * fine.workers()));
        for (int n = 0; n < N; n++) {
            batch.add(new FineExecutor.Job(t[n], u[n], t[n + 1]));
            if (batch.size() == batchSize || n == 0) {
                firstFine.addAll(fine.propagate(batch));
                batch = new ArrayList<>();
            }
            g[n] = coarse(u[n], t[n], t[n + 1], coarseNanos);
            u[n + 1] = g[n];
        }
        if (!batch.isEmpty()) firstFine.addAll(fine.propagate(batch));
        coarseSolves += N;
        List<double[][]> iterates = new ArrayList<>();
        iterates.add(u);

        double[] changes = new double[maxIterations];
        int[] firstActive = new int[maxIterations];
        int first = 0, k = 0;
        boolean converged = false;
        while (k < maxIterations && !converged) {
            List<CompletableFuture<double[]>> fineEnds;
            if (k == 0) {
                fineEnds = firstFine;
            } else {
                List<FineExecutor.Job> jobs = new ArrayList<>(N - first);
                for (int n = first; n < N; n++) jobs.add(new FineExecutor.Job(t[n], u[n], t[n + 1]));
                fineEnds = fine.propagate(jobs);
            }
            fineSolves += N - first;

            double[][] next = u.clone();
            double[][] nextG = g.clone();
            double change = 0;
            int nextFirst = -1;
            for (int n = first; n < N; n++) {
                double[] f = fineEnds.get(n - first).join();
                double[] gNew = g[n];
                if (!Arrays.equals(next[n], u[n])) {
                    gNew = coarse(next[n], t[n], t[n + 1], coarseNanos);
                    coarseSolves++;
                }
                double[] gOld = g[n], end = new double[f.length];
                for (int i = 0; i < end.length; i++) end[i] = f[i] + (gNew[i] - gOld[i]);
                nextG[n] = gNew;
                next[n + 1] = end;
                double d = maxDistance(end, u[n + 1]);
                change = Math.max(change, d);
                if (d > tolerance && nextFirst < 0) nextFirst = n + 1;
            }
            changes[k] = change;
            firstActive[k] = first;
            k++;
            u = next;
            g = nextG;
            iterates.add(u);
            // Converged when nothing moved by more than tol, or when only the end state did: every
            // start value is then final and another iteration would have no interval to solve.
            converged = nextFirst < 0 || nextFirst == N;
            first = nextFirst;
        }
        return new Result(List.copyOf(iterates), Arrays.copyOf(changes, k), Arrays.copyOf(firstActive, k), converged,
                System.nanoTime() - wallStart, coarseNanos[0], coarseSolves, fineSolves);
    }

    private double[] coarse(double[] start, double ta, double tb, long[] nanos) {
        long s = System.nanoTime();
        double[] y = start.clone();
        coarse.propagate(ta, y, tb);
        nanos[0] += System.nanoTime() - s;
        return y;
    }

    /** {@code ‖a − b‖∞}. */
    public static double maxDistance(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }
}
