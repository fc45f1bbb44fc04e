package org.odeon.models.isometric;

import java.util.List;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.nn.Certified;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.StructureCheck;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A layer whose Jacobian is an isometry on the coordinate subspace {@code V = span(e₁…e_k)} and maps
 * {@code V} into itself, so the isometry persists through any depth. With {@code x = (x₁, x₂)},
 * {@code x₁ ∈ ℝᵏ}, the free channel is {@code y₂ = ReLU(C x₂ + b₂)} ({@code C} with standard
 * initialisation) and the isometric channel takes one of two forms:
 * <pre>
 *   FEEDFORWARD  y₁ = σ(Q x₁ + B x₂ + b₁)                Q ∈ O(k), σ unit-slope ({@link UnitSlope})
 *   REFLECTION   y₁ = x₁ − 2Wᵀ ReLU(W x₁ + B x₂ + b₁)     W ∈ ℝ^{r×k}, WWᵀ = I, b₁ starting at −1
 * </pre>
 * Why: {@code y₂} does not depend on {@code x₁}, so the Jacobian is block upper triangular,
 * {@code J = [[J₁₁, J₁₂], [0, D₂C]]}, with {@code J₁₁ = D₁Q} ({@code D₁} signs) or {@code J₁₁ = I − 2WᵀD₁W}
 * ({@code D₁} 0/1) — orthogonal in both cases, as for {@link OrthogonalLayer} and {@link ReflectionLayer}.
 * On {@code V}, {@code J·(v, 0) = (J₁₁v, 0)}: it stays in {@code V} and keeps its norm, so compositions
 * are isometric on {@code V} and back-propagated gradients keep their norm in the first {@code k}
 * coordinates ({@code (Jᵀg)₁ = J₁₁ᵀg₁}). The free channel feeds the isometric one through {@code B}.
 * Certificates: {@code ‖PᵀJᵀJP − I‖ = ‖J₁₁ᵀJ₁₁ − I‖}, bounded from the weights as in the two full layers;
 * {@code Lip ≤ √((‖J₁₁‖ + ‖J₁₂‖)² + ‖C‖²)} with {@code ‖J₁₂‖ ≤ ‖B‖} (feedforward) or {@code 2‖W‖‖B‖} (reflection).
 */
public final class PartialIsometryLayer extends Module implements Certified, StructureCheck {
    public enum Form { FEEDFORWARD, REFLECTION }

    private final int width, k;
    private final Form form;
    private final OrthogonalWeight q;
    private final Parameter b, c, bias;
    private final UnitSlope sigma;

    /** The feedforward form with activation {@code sigma}. */
    public PartialIsometryLayer(int width, int isometricDim, UnitSlope sigma, OrthogonalWeight.Mode mode, Rng rng) {
        this(width, isometricDim, Form.FEEDFORWARD, sigma, mode, rng);
    }

    /** The reflection form, reflecting in {@code isometricDim/2} directions (at least one). */
    public PartialIsometryLayer(int width, int isometricDim, OrthogonalWeight.Mode mode, Rng rng) {
        this(width, isometricDim, Form.REFLECTION, null, mode, rng);
    }

    private PartialIsometryLayer(int width, int isometricDim, Form form, UnitSlope sigma, OrthogonalWeight.Mode mode, Rng rng) {
        if (isometricDim <= 0 || isometricDim >= width)
            throw new IllegalArgumentException("PartialIsometryLayer needs 0 < isometric dimension < width, got " + isometricDim + " of " + width);
        this.width = width;
        this.k = isometricDim;
        this.form = form;
        this.sigma = sigma;
        int rows = form == Form.FEEDFORWARD ? k : Math.max(1, k / 2);
        q = child("q", new OrthogonalWeight(rows, k, mode, rng));
        b = parameter("coupling", Init.lecunUniform().draw(DType.F64, new int[] {rows, width - k}, rng).mul(0.5));
        c = parameter("free", Init.lecunUniform().draw(DType.F64, new int[] {width - k, width - k}, rng));
        double[] b0 = new double[rows + width - k];
        if (form == Form.REFLECTION) java.util.Arrays.fill(b0, 0, rows, -1);    // reflect only where (Wx)ᵢ > 1 at first
        bias = parameter("bias", NDArray.of(DType.F64, new int[] {b0.length}, b0));
    }

    /** The dimension {@code k} of the isometric subspace {@code span(e₁…e_k)}. */
    public int isometricDimension() { return k; }

    @Override public Tensor forward(Tensor x) {
        Tensor x1 = x.slice(1, 0, k), x2 = x.slice(1, k, width);
        Tensor bb = bias.tensor(), w = q.weight();
        int rows = q.rows();
        Tensor z1 = Tensor.mm(x1, false, w, true).add(Tensor.mm(x2, false, b.tensor(), true)).add(bb.slice(0, 0, rows));
        Tensor y1 = form == Form.FEEDFORWARD ? sigma.apply(z1) : x1.sub(z1.relu().matmul(w).mul(2));
        Tensor y2 = Tensor.mm(x2, false, c.tensor(), true).add(bb.slice(0, rows, rows + width - k)).relu();
        return Tensor.cat(List.of(y1, y2), 1);
    }

    @Override public double lipschitzBound(double tol) {
        try (var ng = GradMode.off()) {
            double nw = OperatorNorm.matrixBound(q.weight().value()), nb = OperatorNorm.matrixBound(b.value()), nc = OperatorNorm.matrixBound(c.value());
            double j11 = form == Form.FEEDFORWARD ? nw : Math.sqrt(1 + jacobianDefect());
            double j12 = form == Form.FEEDFORWARD ? nb : 2 * nw * nb;
            return Math.sqrt((j11 + j12) * (j11 + j12) + nc * nc);
        }
    }

    /** An upper bound on {@code sup_x ‖PᵀJᵀJP − I‖₂} from the current weights. */
    public double jacobianDefect() {
        try (var ng = GradMode.off()) {
            if (form == Form.FEEDFORWARD) return q.defect();
            double nw = OperatorNorm.matrixBound(q.weight().value());
            return 4 * nw * nw * q.defect();
        }
    }

    /** The certified defect and the one measured from exact Jacobians at probe points drawn from {@code seed}. */
    @Override public java.util.Map<String, Double> structureDefects(long seed) {
        return JacobianSpectrum.defects(this, jacobianDefect(), width, JacobianSpectrum.coordinateBasis(width, k), seed);
    }

    @Override public String toString() {
        return "PartialIsometryLayer(" + width + ", isometric on " + k + ", " + (form == Form.FEEDFORWARD ? sigma : form) + ", " + q.mode() + ")";
    }
}
