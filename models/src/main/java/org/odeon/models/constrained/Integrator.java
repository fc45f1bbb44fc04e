package org.odeon.models.constrained;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.odeon.autograd.Tensor;
import org.odeon.lie.TensorCommutatorFree;
import org.odeon.lie.TensorLieField;
import org.odeon.lie.TensorRungeKuttaMuntheKaas;
import org.odeon.ode.TensorRungeKutta;

/**
 * The integrators a constrained Hamiltonian is trained through: three Lie-group methods on
 * {@code (TS²)ⁿ} (Lie–Euler, RKMK4, commutator-free CF4: {@code y ← exp(Σ β F)·y}, which keep
 * {@code |q_i| = 1} and {@code q_i·p_i = 0} to round-off: the action adds its displacement to y once, so each
 * step rounds each coordinate once and the defects grow like √steps · ulp (a random walk of round-off);
 * see {@link org.odeon.lie.TangentSphere#expActDisplacement}) and two Runge–Kutta methods in the
 * embedding {@code ℝ^{6n}} (RK4, explicit Euler: {@code y ← y + h Σ b_i k_i}, which do not).
 */
public enum Integrator {
    LIE_EULER(true, 1), RKMK4(true, 4), CF4(true, 4), RK4(false, 4), EULER(false, 1);

    private final boolean lieGroup;
    private final int order;

    Integrator(boolean lieGroup, int order) {
        this.lieGroup = lieGroup;
        this.order = order;
    }

    public boolean lieGroup() { return lieGroup; }

    public int order() { return order; }

    /** The command-line name: {@code lie-euler}, {@code rkmk4}, {@code cf4}, {@code rk4}, {@code euler}. */
    public String key() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    public static Integrator of(String key) {
        for (Integrator i : values()) if (i.key().equals(key) || i.name().equalsIgnoreCase(key)) return i;
        throw new IllegalArgumentException("unknown integrator '" + key + "'; expected one of lie-euler, rkmk4, cf4, rk4, euler");
    }

    /** One step of size h from states {@code y: [B, 6n]}. */
    public Tensor step(TensorLieField f, double h, Tensor y) {
        return switch (this) {
            case LIE_EULER -> TensorRungeKuttaMuntheKaas.lieEuler().step(f, 0, h, y);
            case RKMK4 -> TensorRungeKuttaMuntheKaas.rkmk4().step(f, 0, h, y);
            case CF4 -> TensorCommutatorFree.cf4().step(f, 0, h, y);
            case RK4 -> TensorRungeKutta.rk4().step(f, 0, h, y);
            case EULER -> TensorRungeKutta.euler().step(f, 0, h, y);
        };
    }

    /**
     * The states after each of {@code samples} intervals of length {@code dt}, each taken in
     * {@code substeps} equal steps: {@code [y(dt), y(2dt), …]} (the start is not included).
     */
    public List<Tensor> rollout(TensorLieField f, Tensor y0, double dt, int samples, int substeps) {
        if (samples < 1 || substeps < 1) throw new IllegalArgumentException("rollout needs samples ≥ 1 and substeps ≥ 1, got " + samples + ", " + substeps);
        List<Tensor> out = new ArrayList<>(samples);
        Tensor y = y0;
        double h = dt / substeps;
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < substeps; k++) y = step(f, h, y);
            out.add(y);
        }
        return out;
    }

    /** Trajectory loss: mean over samples, time points and coordinates of {@code (ŷ − y)²}; {@code target[s]} is {@code [B, 6n]}. */
    public Tensor loss(TensorLieField f, Tensor y0, List<Tensor> target, double dt, int substeps) {
        List<Tensor> predicted = rollout(f, y0, dt, target.size(), substeps);
        Tensor sum = null;
        for (int s = 0; s < target.size(); s++) {
            Tensor e = predicted.get(s).sub(target.get(s)).square().mean();
            sum = sum == null ? e : sum.add(e);
        }
        return sum.div(target.size());
    }
}
