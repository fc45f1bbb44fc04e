package org.odeon.optim;

import java.util.Collection;
import org.odeon.nn.Parameter;
import org.odeon.tensor.NDArray;

/** Gradient clipping by global norm: {@code g ← g·min(1, c/‖g‖)}, {@code ‖g‖² = Σ_p ‖g_p‖²}. */
public final class GradClip {
    private GradClip() {}

    /** Rescales the gradients in place; returns the norm before clipping. */
    public static double clipGlobalNorm(Collection<Parameter> params, double c) {
        double sq = 0;
        for (Parameter p : params) {
            NDArray g = p.grad();
            if (g == null) continue;
            for (double v : g.data()) sq += v * v;
        }
        double norm = Math.sqrt(sq);
        if (norm > c)
            for (Parameter p : params) if (p.grad() != null) p.grad().scaleInPlace(c / norm);
        return norm;
    }
}
