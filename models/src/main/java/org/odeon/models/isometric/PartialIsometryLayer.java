package org.odeon.models.isometric;

import java.util.List;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Certified;
import org.odeon.nn.StructureCheck;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A layer whose Jacobian is an isometry on the coordinate subspace {@code V = span(e₁…e_k)} and maps
 * {@code V} into itself, so the isometry persists through any depth. With {@code x = (x₁, x₂)},
 * {@code x₁ ∈ ℝᵏ}:
 * <pre>
 *   y₁ = σ(Q x₁ + B x₂ + b₁)      Q ∈ O(k) ({@link OrthogonalWeight}), σ unit-slope ({@link UnitSlope})
 *   y₂ = ReLU(C x₂ + b₂)          B, C free (C with standard initialisation)
 * </pre>
 * Why: the weight is block upper triangular, {@code W = [[Q, B], [0, C]]}, so the Jacobian is
 * {@code J = [[D₁Q, D₁B], [0, D₂C]]} with {@code D₁} a diagonal of signs and {@code D₂} of 0/1.
 * On {@code V}, {@code J·(v, 0) = (D₁Qv, 0)}: it stays in {@code V} and {@code ‖D₁Qv‖ = ‖v‖}. The
 * composition of such layers is again isometric on {@code V}, and back-propagated gradients keep
 * their norm in the first {@code k} coordinates ({@code (Jᵀg)₁ = QᵀD₁g₁}). The free channel carries
 * the rest of the computation and feeds the isometric one through {@code B}.
 * Certificates: {@code ‖PᵀJᵀJP − I‖ = ‖QᵀQ − I‖} ({@code P} the basis of {@code V});
 * {@code Lip ≤ ‖W‖₂}, since {@code |D| ≤ I}.
 */
public final class PartialIsometryLayer extends Module implements Certified, StructureCheck {
    private final int width, k;
    private final OrthogonalWeight q;
    private final Parameter b, c, bias;
    private final UnitSlope sigma;

    public PartialIsometryLayer(int width, int isometricDim, UnitSlope sigma, OrthogonalWeight.Mode mode, Rng rng) {
        if (isometricDim <= 0 || isometricDim >= width)
            throw new IllegalArgumentException("PartialIsometryLayer needs 0 < isometric dimension < width, got " + isometricDim + " of " + width);
        this.width = width;
        this.k = isometricDim;
        this.sigma = sigma;
        q = child("q", new OrthogonalWeight(k, k, mode, rng));
        b = parameter("coupling", Init.lecunUniform().draw(DType.F64, new int[] {k, width - k}, rng).mul(0.5));
        c = parameter("free", Init.lecunUniform().draw(DType.F64, new int[] {width - k, width - k}, rng));
        bias = parameter("bias", NDArray.zeros(DType.F64, width));
    }

    /** The dimension {@code k} of the isometric subspace {@code span(e₁…e_k)}. */
    public int isometricDimension() { return k; }

    @Override public Tensor forward(Tensor x) {
        Tensor x1 = x.slice(1, 0, k), x2 = x.slice(1, k, width);
        Tensor bb = bias.tensor();
        Tensor z1 = Tensor.mm(x1, false, q.weight(), true).add(Tensor.mm(x2, false, b.tensor(), true)).add(bb.slice(0, 0, k));
        Tensor z2 = Tensor.mm(x2, false, c.tensor(), true).add(bb.slice(0, k, width));
        return Tensor.cat(List.of(sigma.apply(z1), z2.relu()), 1);
    }

    /** The full weight {@code [[Q, B], [0, C]]}. */
    public NDArray weightMatrix() {
        try (var ng = GradMode.off()) {
            Tensor top = Tensor.cat(List.of(q.weight(), b.tensor()), 1);
            Tensor bottom = Tensor.cat(List.of(Tensor.constant(NDArray.zeros(DType.F64, width - k, k)), c.tensor()), 1);
            return Tensor.cat(List.of(top, bottom), 0).value();
        }
    }

    @Override public double lipschitzBound(double tol) { return OperatorNorm.matrixBound(weightMatrix()); }

    /** An upper bound on {@code sup_x ‖JᵀJ − I‖₂} (on the isometric subspace for partial isometries) from the current weights. */
    public double jacobianDefect() {
        try (var ng = GradMode.off()) { return q.defect(); }
    }

    /** The certified defect and the one measured from exact Jacobians at probe points drawn from {@code seed}. */
    @Override public java.util.Map<String, Double> structureDefects(long seed) {
        return JacobianSpectrum.defects(this, jacobianDefect(), width, JacobianSpectrum.coordinateBasis(width, k), seed);
    }

    @Override public String toString() { return "PartialIsometryLayer(" + width + ", isometric on " + k + ", " + sigma + ", " + q.mode() + ")"; }
}
