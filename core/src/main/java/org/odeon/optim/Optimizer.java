package org.odeon.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Shape;

/**
 * A first-order method {@code θ_{t+1} = θ_t − η_t·d_t(g_1, …, g_t)} over a named set of parameters.
 *
 * <p>One {@link #step()}: take {@code η_t} from the schedule (if any), rescale the gradients to
 * a global norm of at most {@code c} (if clipping is set), update every parameter that has a
 * gradient in place, then run the post-step hooks — typically {@link Module#project()}, which
 * puts constrained layers back on their sets, so a constraint holds after every step. Method
 * state (momenta, moment estimates) is kept in float64 per parameter and is exposed by name as
 * {@code "<parameter>.<slot>"}, with the scalars {@code "step"} and {@code "lr"}, for checkpoints.
 */
public abstract class Optimizer {
    private final List<String> names;
    private final List<Parameter> params;
    private final String[] slotNames;
    private final double[][][] slots;  // [slot][parameter][element]
    private final double[][] paramSlots;  // one parameter's slots, reused by every step
    /** float32 parameters and gradients widened for the update, reused by every step: [0][i] parameter i's values, [1][i] its gradient. */
    private final double[][][] wide = new double[2][][];
    private final List<Runnable> hooks = new ArrayList<>();
    private double lr;
    private Schedule schedule;
    private double maxGradNorm = Double.POSITIVE_INFINITY;
    private long step;

    protected Optimizer(Map<String, Parameter> params, double lr, String... slotNames) {
        if (!(lr >= 0)) throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        this.names = List.copyOf(params.keySet());
        this.params = List.copyOf(params.values());
        this.lr = lr;
        this.slotNames = slotNames.clone();
        this.slots = new double[slotNames.length][this.params.size()][];
        this.paramSlots = new double[slotNames.length][];
        for (double[][] s : slots)
            for (int i = 0; i < s.length; i++) s[i] = new double[this.params.get(i).size()];
    }

    /**
     * Moves one parameter one step: updates {@code theta} in place from {@code grad} and the
     * parameter's state {@code slots[k]} (one array per slot name); {@code t} counts from 1.
     */
    protected abstract void update(double[] theta, double[] grad, double[][] slots, double lr, long t);

    // ------------------------------------------------------------------ stepping

    /** Updates every parameter that has a gradient, then runs the post-step hooks. */
    public final void step() {
        if (schedule != null) lr = schedule.at(step);
        if (maxGradNorm < Double.POSITIVE_INFINITY) GradClip.clipGlobalNorm(params, maxGradNorm);
        step++;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            NDArray g = p.grad();
            if (g == null) continue;
            for (int k = 0; k < slots.length; k++) paramSlots[k] = slots[k][i];
            float[] narrow = p.value().floats();
            // F64: the buffer itself; F32: widened into this parameter's scratch, updated in double, rounded back
            double[] theta = narrow == null ? p.value().data() : widen(narrow, wide, 0, i);
            update(theta, g.floats() == null ? g.data() : widen(g.floats(), wide, 1, i), paramSlots, lr, step);
            if (narrow != null) for (int j = 0; j < narrow.length; j++) narrow[j] = (float) theta[j];
        }
        for (Runnable h : hooks) h.run();
    }

    /** {@code f} widened into parameter {@code i}'s scratch array {@code wide[kind][i]}, made on first use. */
    private double[] widen(float[] f, double[][][] wide, int kind, int i) {
        if (wide[kind] == null) wide[kind] = new double[params.size()][];
        double[] d = wide[kind][i];
        if (d == null || d.length != f.length) d = wide[kind][i] = new double[f.length];
        for (int j = 0; j < f.length; j++) d[j] = f[j];
        return d;
    }

    public final void zeroGrad() { for (Parameter p : params) p.zeroGrad(); }

    // ------------------------------------------------------------------ configuration

    /** Takes the learning rate of step {@code t} (from 0) from {@code s}; returns this. */
    public final Optimizer schedule(Schedule s) {
        schedule = s;
        return this;
    }

    /** Clips gradients to global norm {@code c} before each step; returns this. */
    public final Optimizer clipGradNorm(double c) {
        if (!(c > 0)) throw new IllegalArgumentException("clipping norm must be > 0, got " + c);
        maxGradNorm = c;
        return this;
    }

    /** Runs {@code hook} after every step; returns this. */
    public final Optimizer afterStep(Runnable hook) {
        hooks.add(hook);
        return this;
    }

    /** Projects {@code model} back onto its constraint sets after every step; returns this. */
    public final Optimizer projecting(Module model) { return afterStep(model::project); }

    /** The learning rate of the last step (or the initial one). */
    public final double learningRate() { return lr; }

    public final void setLearningRate(double lr) { this.lr = lr; }

    /** Number of steps taken. */
    public final long stepCount() { return step; }

    // ------------------------------------------------------------------ state

    /** A copy of the method state by name: {@code "step"}, {@code "lr"}, {@code "<parameter>.<slot>"}. */
    public final Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("step", NDArray.scalar(step));
        out.put("lr", NDArray.scalar(lr));
        for (int i = 0; i < params.size(); i++)
            for (int k = 0; k < slotNames.length; k++)
                out.put(names.get(i) + "." + slotNames[k], NDArray.of(DType.F64, params.get(i).shape(), slots[k][i].clone()));
        return out;
    }

    /** Restores a state saved by {@link #state()} from an optimizer of the same kind on the same parameters. */
    public final void loadState(Map<String, NDArray> state) {
        Map<String, NDArray> own = state();
        for (String n : state.keySet())
            if (!own.containsKey(n)) throw new IllegalArgumentException("optimizer state has unknown entry '" + n + "'; expected " + own.keySet());
        for (Map.Entry<String, NDArray> e : own.entrySet()) {
            NDArray v = state.get(e.getKey());
            if (v == null) throw new IllegalArgumentException("optimizer state lacks '" + e.getKey() + "'");
            if (!Arrays.equals(v.shape(), e.getValue().shape()))
                throw new IllegalArgumentException("optimizer state '" + e.getKey() + "': expected shape " + Shape.str(e.getValue().shape()) + ", got " + Shape.str(v.shape()));
        }
        double s = state.get("step").item();
        if (s < 0 || s != Math.rint(s)) throw new IllegalArgumentException("optimizer state 'step' must be a non-negative integer, got " + s);
        step = (long) s;
        lr = state.get("lr").item();
        for (int i = 0; i < params.size(); i++)
            for (int k = 0; k < slotNames.length; k++)
                System.arraycopy(state.get(names.get(i) + "." + slotNames[k]).data(), 0, slots[k][i], 0, slots[k][i].length);
    }
}
