package org.odeon.models.isometric;

import org.odeon.autograd.Dense;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Certified;
import org.odeon.nn.StructureCheck;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The residual orthogonal-Jacobian layer {@code x ↦ x − 2Wᵀ H(Wx + b)} on {@code ℝⁿ}, with
 * {@code W ∈ ℝ^{m×n}}, {@code m ≤ n}, orthonormal rows ({@code WWᵀ = I}) and {@code H(z) = D(z)·z},
 * {@code D(z) = diag(zᵢ > 0)} the 0/1 selection of the active coordinates (that is, {@code H = ReLU}).
 *
 * <p>Why the Jacobian is orthogonal: wherever it exists, {@code J = I − 2WᵀDW}. With
 * {@code WWᵀ = I} and {@code D² = D}, {@code JᵀJ = I − 4WᵀDW + 4WᵀD(WWᵀ)DW = I}: {@code J} is the
 * reflection through the orthogonal complement of the selected rows of {@code W}, a data-dependent
 * Householder-like reflection. For the computed {@code W}, {@code JᵀJ − I = 4WᵀD(WWᵀ − I)DW}, so
 * {@code ‖JᵀJ − I‖ ≤ 4‖W‖²‖WWᵀ − I‖} and {@code Lip ≤ √(1 + 4‖W‖²‖WWᵀ − I‖)} (continuous and
 * piecewise affine: the Lipschitz constant is the largest Jacobian norm).
 */
public final class ReflectionLayer extends Module implements Certified, StructureCheck {
    private final OrthogonalWeight w;
    private final Parameter bias;

    /** {@code rank} reflecting directions ({@code m}) in {@code ℝ^width}, biases starting at 0. */
    public ReflectionLayer(int width, int rank, OrthogonalWeight.Mode mode, Rng rng) { this(width, rank, 0, mode, rng); }

    /**
     * With biases starting at {@code −threshold}: for {@code threshold > 0} a coordinate is reflected only where
     * {@code (Wx)ᵢ > threshold}, so the layer starts close to the identity on inputs of small norm.
     */
    public ReflectionLayer(int width, int rank, double threshold, OrthogonalWeight.Mode mode, Rng rng) {
        if (rank > width) throw new IllegalArgumentException("ReflectionLayer needs rank ≤ width (WWᵀ = I), got rank " + rank + " > width " + width);
        w = child("w", new OrthogonalWeight(rank, width, mode, rng));
        bias = parameter("bias", NDArray.full(DType.F64, -threshold, rank));
    }

    public OrthogonalWeight weight() { return w; }

    @Override public Tensor forward(Tensor x) {
        Tensor wt = w.weight();
        // fused product and bias; the factor 2 (exact in floating point) on the rank-m activations, not the width-n output
        Tensor h = Dense.affine(x, wt, bias.tensor()).relu();
        return x.sub(h.mul(2).matmul(wt));
    }

    /** An upper bound on {@code sup_x ‖JᵀJ − I‖₂} (on the isometric subspace for partial isometries) from the current weights. */
    public double jacobianDefect() {
        try (var ng = GradMode.off()) {
            double norm = OperatorNorm.matrixBound(w.weight().value());
            return 4 * norm * norm * w.defect();
        }
    }

    @Override public double lipschitzBound(double tol) { return Math.sqrt(1 + jacobianDefect()); }

    /** The certified defect and the one measured from exact Jacobians at probe points drawn from {@code seed}. */
    @Override public java.util.Map<String, Double> structureDefects(long seed) {
        return JacobianSpectrum.defects(this, jacobianDefect(), w.cols(), null, seed);
    }

    @Override public String toString() { return "ReflectionLayer(" + w.cols() + ", rank " + w.rows() + ", " + w.mode() + ")"; }
}
