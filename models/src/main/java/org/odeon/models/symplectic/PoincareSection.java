package org.odeon.models.symplectic;

import java.util.ArrayList;
import java.util.List;
import org.odeon.ode.Stepper;
import org.odeon.ode.VectorField;

/**
 * The Poincaré section of a two-degree-of-freedom trajectory {@code (q₁, q₂, p₁, p₂)} on the plane
 * {@code q₁ = 0} crossed upwards with {@code p₁ > 0}, as points {@code (q₂, p₂)} linearly interpolated between
 * consecutive states. Only points inside {@code [−limit, limit]²} are kept, so a trajectory that escaped does not
 * set the axes (for Hénon–Heiles, {@code limit = 1} holds the bounded motion).
 */
public final class PoincareSection {
    private final double limit;

    public PoincareSection(double limit) {
        if (!(limit > 0)) throw new IllegalArgumentException("section window must be positive, got " + limit);
        this.limit = limit;
    }

    /** The crossings of {@code t} between consecutive states, in order. */
    public List<double[]> of(double[][] t) {
        List<double[]> pts = new ArrayList<>();
        for (int k = 1; k < t.length; k++) {
            if (t[k].length != 4) throw new IllegalArgumentException("a Poincaré section needs states (q₁, q₂, p₁, p₂), got length " + t[k].length);
            double a = t[k - 1][0], b = t[k][0];
            if (a < 0 && b >= 0 && t[k][2] > 0) {
                double s = -a / (b - a);
                double q2 = t[k - 1][1] + s * (t[k][1] - t[k - 1][1]), p2 = t[k - 1][3] + s * (t[k][3] - t[k - 1][3]);
                if (Math.abs(q2) <= limit && Math.abs(p2) <= limit) pts.add(new double[] {q2, p2});
            }
        }
        return pts;
    }

    /**
     * The section of the flow of {@code f} from {@code z0} over {@code steps} steps of {@code h} of a fine
     * {@code method}, without storing the trajectory: the reference a learned rollout's section is judged by.
     */
    public <F extends VectorField> List<double[]> ofFlow(Stepper<F> method, F f, double[] z0, double h, int steps) {
        double[] prev = z0.clone(), y = z0.clone();
        List<double[]> pts = new ArrayList<>();
        for (int k = 1; k <= steps; k++) {
            System.arraycopy(y, 0, prev, 0, y.length);
            method.step(f, (k - 1) * h, h, y);
            pts.addAll(of(new double[][] {prev, y}));
        }
        return pts;
    }
}
