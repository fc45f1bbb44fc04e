package org.odeon.optim;

import java.util.Map;
import org.odeon.nn.Parameter;

/**
 * Stochastic gradient descent with momentum μ, optional Nesterov look-ahead and L2 weight decay λ:
 * <pre>
 *   g ← g + λθ,   b ← μb + g,   θ ← θ − η·(g + μb)  (Nesterov)  or  θ ← θ − η·b
 * </pre>
 * with {@code b₀ = 0} (so {@code μ = 0} is plain SGD), as in PyTorch with no dampening.
 */
public final class Sgd extends Optimizer {
    private final double momentum, weightDecay;
    private final boolean nesterov;

    public Sgd(Map<String, Parameter> params, double lr, double momentum, boolean nesterov, double weightDecay) {
        super(params, lr, momentum != 0 ? new String[] {"momentum"} : new String[0]);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (nesterov && momentum == 0) throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
        if (weightDecay < 0) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    /** Plain SGD, {@code θ ← θ − ηg}. */
    public Sgd(Map<String, Parameter> params, double lr) { this(params, lr, 0, false, 0); }

    @Override protected void update(double[] theta, double[] grad, double[][] slots, double lr, long t) {
        double mu = momentum, wd = weightDecay;
        if (mu == 0) {
            for (int i = 0; i < theta.length; i++) theta[i] -= lr * (grad[i] + wd * theta[i]);
            return;
        }
        double[] b = slots[0];
        for (int i = 0; i < theta.length; i++) {
            double g = grad[i] + wd * theta[i];
            b[i] = mu * b[i] + g;
            theta[i] -= lr * (nesterov ? g + mu * b[i] : b[i]);
        }
    }
}
