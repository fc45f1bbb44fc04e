package org.odeon.optim;

import java.util.Map;
import org.odeon.nn.Parameter;

/**
 * Adam (Kingma &amp; Ba) with bias-corrected moment estimates, at step {@code t = 1, 2, …}:
 * <pre>
 *   m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²,   θ ← θ − η·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 * </pre>
 * Weight decay λ enters as an L2 term {@code g ← g + λθ} (coupled; see {@link AdamW} for the
 * decoupled form).
 */
public class Adam extends Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final boolean decoupled;

    Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(params, lr, "exp_avg", "exp_avg_sq");
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1)
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(eps > 0)) throw new IllegalArgumentException("eps must be > 0, got " + eps);
        if (weightDecay < 0) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    public Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(params, lr, beta1, beta2, eps, weightDecay, false);
    }

    /** β = (0.9, 0.999), ε = 1e−8, no weight decay. */
    public Adam(Map<String, Parameter> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0, false); }

    @Override protected final void update(double[] theta, double[] grad, double[][] slots, double lr, long t) {
        double[] m = slots[0], v = slots[1];
        double b1 = beta1, b2 = beta2, e = eps;
        double c1 = 1 - Math.pow(b1, t), sqrtC2 = Math.sqrt(1 - Math.pow(b2, t));
        double l2 = decoupled ? 0 : weightDecay, shrink = decoupled ? 1 - lr * weightDecay : 1;
        for (int i = 0; i < theta.length; i++) {
            double g = grad[i] + l2 * theta[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            theta[i] = shrink * theta[i] - lr * (m[i] / c1) / (Math.sqrt(v[i]) / sqrtC2 + e);
        }
    }
}
