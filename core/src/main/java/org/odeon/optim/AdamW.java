package org.odeon.optim;

import java.util.Map;
import org.odeon.nn.Parameter;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter): {@code θ ← (1 − ηλ)θ}, then the
 * {@link Adam} step on the raw gradient, so the decay is not rescaled by the moment estimates.
 */
public final class AdamW extends Adam {
    public AdamW(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay, true);
    }

    /** β = (0.9, 0.999), ε = 1e−8, λ = 0.01 (the PyTorch defaults). */
    public AdamW(Map<String, Parameter> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0.01); }
}
