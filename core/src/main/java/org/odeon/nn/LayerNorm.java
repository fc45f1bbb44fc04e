package org.odeon.nn;

import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Layer normalisation over the last axis, {@code y = γ ⊙ (x − μ)/√(σ² + eps) + β}, with μ and σ²
 * the mean and population variance of each row (Ba et al. 2016). γ starts at 1 and β at 0.
 * Not Lipschitz-certified: its Lipschitz constant grows like {@code ‖γ‖_∞/√eps} near constant rows.
 */
public final class LayerNorm extends Module {
    private final int features;
    private final double eps;
    private final Parameter gain, shift;

    public LayerNorm(int features, double eps, boolean affine) {
        if (features <= 0) throw new IllegalArgumentException("LayerNorm needs a positive number of features, got " + features);
        if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
        this.features = features;
        this.eps = eps;
        gain = affine ? parameter("weight", NDArray.full(DType.F64, 1, features)) : null;
        shift = affine ? parameter("bias", NDArray.zeros(DType.F64, features)) : null;
    }

    /** Affine, {@code eps = 1e-5} (PyTorch's default). */
    public LayerNorm(int features) { this(features, 1e-5, true); }

    @Override public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.dim(-1) != features)
            throw new IllegalArgumentException("LayerNorm(" + features + "): last axis of input " + java.util.Arrays.toString(x.shape()) + " is not " + features);
        Tensor y = x.layerNorm(eps);
        return gain == null ? y : y.mul(gain.tensor()).add(shift.tensor());
    }

    @Override public String toString() { return "LayerNorm(" + features + ", eps=" + eps + (gain == null ? ", no affine" : "") + ")"; }
}
