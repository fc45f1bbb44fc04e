package org.odeon.models.constrained;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.StructureCheck;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A {@link ConstrainedHamiltonian} together with the integrator and step it is rolled out with: the
 * discrete flow {@code y_{k+1} = Ψ_h(y_k)} that training fits. The integrator and step are buffers, so
 * the saved model is the evaluated one. Its structural promise, measured by {@link #structureDefects}:
 * along rollouts the defects {@code max |‖q_i‖ − 1|} and {@code max |q_i·p_i|} stay at round-off for the
 * Lie-group integrators (the {@code SE(3)} action keeps both exactly) and grow for RK4/Euler.
 */
public final class ConstrainedFlow extends Module implements StructureCheck {
    /** Steps of the probe rollouts of {@link #structureDefects}. */
    public static final int PROBE_STEPS = 1000;

    private final ConstrainedHamiltonian hamiltonian;
    private final NDArray method, step;

    public ConstrainedFlow(ConstrainedHamiltonian hamiltonian, Integrator integrator, double h) {
        if (!(h > 0) || !Double.isFinite(h)) throw new IllegalArgumentException("step h must be positive and finite, got " + h);
        this.hamiltonian = child("H", hamiltonian);
        this.method = buffer("integrator", NDArray.scalar(integrator.ordinal())).value();
        this.step = buffer("h", NDArray.scalar(h)).value();
    }

    public ConstrainedHamiltonian hamiltonian() { return hamiltonian; }

    public Integrator integrator() { return Integrator.values()[(int) method.item()]; }

    public double h() { return step.item(); }

    /** One step {@code Ψ_h(y)}. */
    @Override public Tensor forward(Tensor y) { return integrator().step(hamiltonian, h(), y); }

    /** {@code steps} steps from the rows of {@code y0} without gradients: {@code [steps + 1][B][6n]}. */
    public double[][][] rollout(double[][] y0, int steps) {
        int b = y0.length, d = y0[0].length;
        double[][][] out = new double[steps + 1][][];
        out[0] = y0;
        try (var off = GradMode.off()) {
            Tensor y = Tensor.constant(NDArray.of(new int[] {b, d}, flatten(y0)));
            for (int k = 1; k <= steps; k++) {
                y = forward(y);
                out[k] = unflatten(y.value().data(), b, d);
            }
        }
        return out;
    }

    /** Largest {@code |‖q_i‖ − 1|} and {@code |q_i·p_i|} over all pendula of the state {@code y} (∞ for a non-finite state). */
    public static double[] constraintDefects(double[] y) {
        double norm = 0, tangency = 0;
        for (int o = 0; o + 6 <= y.length; o += 6) {
            double qq = y[o] * y[o] + y[o + 1] * y[o + 1] + y[o + 2] * y[o + 2];
            norm = Math.max(norm, Math.abs(Math.sqrt(qq) - 1));
            tangency = Math.max(tangency, Math.abs(y[o] * y[o + 3] + y[o + 1] * y[o + 4] + y[o + 2] * y[o + 5]));
        }
        // a state that blew up (NaN/∞) has left the manifold entirely
        return Double.isFinite(norm + tangency) ? new double[] {norm, tangency} : new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    }

    /**
     * Defects over {@link #PROBE_STEPS} steps from 8 seeded initial states on the manifold, up to the last
     * finite state ({@code probe_finite_steps} says how far that was; an explicit method may blow up).
     */
    @Override
    public Map<String, Double> structureDefects(long seed) {
        double[][][] path = rollout(ChainData.initialStates(new Rng(seed), hamiltonian.pendula(), 8), PROBE_STEPS);
        double norm = 0, tangency = 0;
        int finite = -1;
        outer:
        for (double[][] states : path) {
            for (double[] y : states) {
                double[] d = constraintDefects(y);
                if (Double.isInfinite(d[0])) break outer;
                norm = Math.max(norm, d[0]);
                tangency = Math.max(tangency, d[1]);
            }
            finite++;
        }
        var out = new LinkedHashMap<String, Double>();
        out.put("unit_norm_drift", norm);
        out.put("tangency_drift", tangency);
        out.put("probe_finite_steps", (double) finite);
        return out;
    }

    /** Rows of equal length laid end to end. */
    public static double[] flatten(double[][] rows) {
        int d = rows[0].length;
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * d, d);
        return flat;
    }

    static double[][] unflatten(double[] flat, int b, int d) {
        double[][] out = new double[b][d];
        for (int i = 0; i < b; i++) System.arraycopy(flat, i * d, out[i], 0, d);
        return out;
    }

    /** Rows of a list of {@code [B, 6n]} tensors, {@code [T][B][6n]}. */
    static double[][][] values(List<Tensor> states) {
        double[][][] out = new double[states.size()][][];
        for (int k = 0; k < out.length; k++) {
            int[] s = states.get(k).shape();
            out[k] = unflatten(states.get(k).value().data(), s[0], s[1]);
        }
        return out;
    }
}
