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
 * The feedforward orthogonal-Jacobian layer {@code x ↦ σ(Wx + b)} on {@code ℝⁿ}, with {@code W ∈ O(n)}
 * ({@link OrthogonalWeight}) and a unit-slope activation ({@link UnitSlope}).
 *
 * <p>Why the Jacobian is orthogonal: wherever it exists, {@code J = D W} with
 * {@code D = diag σ'(Wx + b)} a diagonal of signs, so {@code JᵀJ = WᵀD²W = WᵀW = I}. The layer is
 * therefore a local isometry and, being continuous and piecewise affine, 1-Lipschitz. Certificates
 * from the computed weight: {@code Lip ≤ ‖W‖₂} (upper bound), {@code ‖JᵀJ − I‖ = ‖WᵀW − I‖} exactly.
 */
public final class OrthogonalLayer extends Module implements Certified, StructureCheck {
    private final OrthogonalWeight w;
    private final Parameter bias;
    private final UnitSlope sigma;

    public OrthogonalLayer(int width, UnitSlope sigma, OrthogonalWeight.Mode mode, Rng rng) {
        w = child("w", new OrthogonalWeight(width, width, mode, rng));
        bias = parameter("bias", NDArray.zeros(DType.F64, width));
        this.sigma = sigma;
    }

    public OrthogonalWeight weight() { return w; }

    @Override public Tensor forward(Tensor x) {
        return sigma.apply(Dense.affine(x, w.weight(), bias.tensor()));
    }

    @Override public double lipschitzBound(double tol) {
        try (var ng = GradMode.off()) { return OperatorNorm.matrixBound(w.weight().value()); }
    }

    /** An upper bound on {@code sup_x ‖JᵀJ − I‖₂} (on the isometric subspace for partial isometries) from the current weights. */
    public double jacobianDefect() {
        try (var ng = GradMode.off()) { return w.defect(); }
    }

    /** The certified defect and the one measured from exact Jacobians at probe points drawn from {@code seed}. */
    @Override public java.util.Map<String, Double> structureDefects(long seed) {
        return JacobianSpectrum.defects(this, jacobianDefect(), w.rows(), null, seed);
    }

    @Override public String toString() { return "OrthogonalLayer(" + w.rows() + ", " + sigma + ", " + w.mode() + ")"; }
}
