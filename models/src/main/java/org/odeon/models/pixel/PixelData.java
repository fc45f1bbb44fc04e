package org.odeon.models.pixel;

import java.util.function.Function;
import java.util.function.Supplier;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.pde.BilinearGalerkin;
import org.odeon.pde.PeriodicPde;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Sequences of frames {@code U_0, …, U_K} on an {@code n × n} periodic grid, {@code frames[s][k][i·n + j]},
 * one per initial condition: what the pixel networks learn from and are judged against.
 */
public record PixelData(int n, double[][][] frames) {

    public PixelData {
        if (frames.length == 0 || frames[0].length == 0) throw new IllegalArgumentException("pixel data needs at least one sequence of one frame");
        for (double[][] seq : frames) {
            if (seq.length != frames[0].length) throw new IllegalArgumentException("pixel data: sequences differ in length");
            for (double[] f : seq) {
                if (f.length != n * n) throw new IllegalArgumentException("pixel data: a frame has " + f.length + " values, an " + n + "×" + n + " grid " + n * n);
                for (double v : f) if (!Double.isFinite(v)) throw new IllegalArgumentException("pixel data: a frame holds a non-finite value");
            }
        }
    }

    /**
     * {@code count} sequences of {@code steps} steps of {@code dt} from initial fields drawn by
     * {@code initial}, each step made of {@code substeps} RK4 steps of {@code pde} (the reference).
     */
    public static PixelData generate(PeriodicPde pde, Supplier<double[]> initial, int count, int steps, double dt, int substeps) {
        ExplicitRungeKutta rk4 = ExplicitRungeKutta.rk4();
        return generate(pde.n(), initial, count, u0 -> pde.trajectory(u0, dt, steps, rk4, substeps));
    }

    /**
     * {@code count} sequences of {@code steps} Crank–Nicolson steps of {@code dt} of the Q1 finite-element
     * discretisation {@code fem}: the pixel paper's own data.
     */
    public static PixelData generate(BilinearGalerkin fem, Supplier<double[]> initial, int count, int steps, double dt) {
        return generate(fem.n(), initial, count, u0 -> fem.trajectory(u0, dt, steps));
    }

    /** {@code count} sequences {@code solve(u₀)} on an {@code n × n} grid from initial fields drawn by {@code initial}. */
    public static PixelData generate(int n, Supplier<double[]> initial, int count, Function<double[], double[][]> solve) {
        if (count < 1) throw new IllegalArgumentException("pixel data needs ≥ 1 sequence, got " + count);
        double[][][] f = new double[count][][];
        for (int s = 0; s < count; s++) f[s] = solve.apply(initial.get());
        return new PixelData(n, f);
    }

    public int count() { return frames.length; }

    /** Steps per sequence (frames − 1). */
    public int steps() { return frames[0].length - 1; }

    /** Frame {@code k} of every sequence, {@code [count, 1, n, n]}. */
    public NDArray frame(int k) {
        double[] out = new double[count() * n * n];
        for (int s = 0; s < count(); s++) System.arraycopy(frames[s][k], 0, out, s * n * n, n * n);
        return NDArray.of(DType.F64, new int[] {count(), 1, n, n}, out);
    }

    /**
     * Every window of {@code length + 1} consecutive frames: inputs {@code [W, 1, n, n]} (the
     * window's first frame) and targets {@code [W, length, n, n]} (the {@code length} after it).
     */
    public NDArray[] windows(int length) {
        if (length < 1 || length > steps()) throw new IllegalArgumentException("windows of " + length + " steps from sequences of " + steps());
        int per = steps() - length + 1, w = count() * per, m = n * n;
        double[] in = new double[w * m], out = new double[w * length * m];
        for (int s = 0, at = 0; s < count(); s++)
            for (int k = 0; k < per; k++, at++) {
                System.arraycopy(frames[s][k], 0, in, at * m, m);
                for (int t = 0; t < length; t++) System.arraycopy(frames[s][k + 1 + t], 0, out, (at * length + t) * m, m);
            }
        return new NDArray[] {NDArray.of(DType.F64, new int[] {w, 1, n, n}, in), NDArray.of(DType.F64, new int[] {w, length, n, n}, out)};
    }
}
