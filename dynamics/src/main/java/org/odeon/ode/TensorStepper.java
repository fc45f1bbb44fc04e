package org.odeon.ode;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;

/**
 * Differentiable form of a one-step method: {@code y_{n+1} = Φ_h(t_n, y_n)} built from
 * {@link Tensor} ops on a batch of states, so gradients flow through any number of steps. It
 * reads the same coefficients as the matching fast {@link Stepper}.
 */
public interface TensorStepper<F extends TensorField> {

    String name();

    int order();

    Tensor step(F f, double t, double h, Tensor y);

    /** The state at {@code t1}, taking equal steps no longer than {@code h} (as {@link Stepper#integrate}). */
    default Tensor integrate(F f, double t0, Tensor y, double t1, double h) {
        List<Tensor> path = trajectory(f, t0, y, t1, h);
        return path.get(path.size() - 1);
    }

    /** All states {@code y_0, y_1, …, y_N} from {@code t0} to {@code t1} with equal steps no longer than {@code h}. */
    default List<Tensor> trajectory(F f, double t0, Tensor y, double t1, double h) {
        int n = Stepper.steps(t0, t1, h);
        double dt = (t1 - t0) / n;
        List<Tensor> path = new ArrayList<>(n + 1);
        path.add(y);
        for (int i = 0; i < n; i++) {
            y = step(f, t0 + i * dt, dt, y);
            path.add(y);
        }
        return path;
    }
}
