package org.odeon.models.lipschitz;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.StructureCheck;
import org.odeon.nn.Certified;
import org.odeon.linalg.DenseLu;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.Blas;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A dense map with orthonormal rows or columns, {@code y = x·Wᵀ + b} with {@code W = Q[:out, :in]}
 * and {@code Q ∈ SO(n)}, {@code n = max(in, out)}, parametrised by a free matrix {@code P} through
 * the skew matrix {@code S = P − Pᵀ}:
 * <pre>
 *   EXPONENTIAL   Q = exp(S)                       (scaling and squaring, Taylor degree 12)
 *   CAYLEY        Q = (I − S)(I + S)⁻¹             (I + S is invertible since S is skew)
 * </pre>
 * Every optimizer step stays on the group, with no projection. Certificate: {@code ‖W‖ ≤ ‖Q‖ = 1},
 * bounded from above from the computed {@code W} (so rounding is accounted for). The Cayley
 * inverse carries its exact value and first derivative ({@code Y = 2C − C(I + S)C} with
 * {@code C = (I + S)⁻¹} computed in float64); second derivatives through it are not exact.
 * Structure check: {@code orthogonality_defect = ‖QᵀQ − I‖_F}, round-off for both maps.
 */
public final class OrthogonalLinear extends Module implements Certified, StructureCheck {
    public enum Map { EXPONENTIAL, CAYLEY }

    private final Map map;
    private final int in, out, n;
    private final Parameter p, bias;

    public OrthogonalLinear(int in, int out, Map map, boolean withBias, Rng rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("OrthogonalLinear needs positive sizes, got in=" + in + ", out=" + out);
        this.map = map;
        this.in = in;
        this.out = out;
        this.n = Math.max(in, out);
        p = parameter("skew", rng.normal(DType.F64, 0, 1 / Math.sqrt(n), n, n));
        bias = withBias ? parameter("bias", NDArray.zeros(DType.F64, out)) : null;
    }

    /** {@code Q ∈ SO(n)}. */
    public Tensor orthogonal() {
        Tensor s = p.tensor().sub(p.tensor().transpose(0, 1));
        return map == Map.EXPONENTIAL ? expm(s) : cayley(s);
    }

    /** {@code W = Q[:out, :in]}. */
    public Tensor weight() {
        Tensor q = orthogonal();
        if (out < n) q = q.slice(0, 0, out);
        if (in < n) q = q.slice(1, 0, in);
        return q;
    }

    @Override public Tensor forward(Tensor x) {
        Tensor y = Tensor.mm(x, false, weight(), true);
        return bias == null ? y : y.add(bias.tensor());
    }

    @Override public double lipschitzBound(double tol) {
        try (var ng = GradMode.off()) { return OperatorNorm.matrixBound(weight().value()); }
    }

    /** {@code ‖QᵀQ − I‖_F} of the computed {@code Q} (no probes needed: {@code seed} is unused). */
    @Override public java.util.Map<String, Double> structureDefects(long seed) {
        try (var ng = GradMode.off()) {
            NDArray q = orthogonal().value();
            return java.util.Map.of("orthogonality_defect", Blas.matmul(q, true, q, false).sub(NDArray.eye(DType.F64, n)).norm());
        }
    }

    /** {@code exp(S) = (T_12(S/2^k))^{2^k}} with {@code ‖S/2^k‖_F ≤ 1/2}. */
    static Tensor expm(Tensor s) {
        int n = s.dim(0);
        double norm = s.value().norm();
        int k = norm <= 0.5 ? 0 : (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2));
        Tensor a = s.mul(Math.pow(2, -k));
        Tensor eye = Tensor.constant(NDArray.eye(s.dtype(), n));
        Tensor sum = eye, term = eye;
        for (int j = 1; j <= 12; j++) {
            term = term.matmul(a).div(j);
            sum = sum.add(term);
        }
        for (int i = 0; i < k; i++) sum = sum.matmul(sum);
        return sum;
    }

    /** {@code (I − S)(I + S)⁻¹}. */
    static Tensor cayley(Tensor s) {
        int n = s.dim(0);
        Tensor eye = Tensor.constant(NDArray.eye(s.dtype(), n));
        Tensor m = eye.add(s);
        Tensor c = Tensor.constant(inverse(m.value()));
        Tensor inv = c.mul(2).sub(c.matmul(m).matmul(c));      // value C, derivative −C·dM·C
        return eye.sub(s).matmul(inv);
    }

    /** {@code M⁻¹} by the project's LU. */
    static NDArray inverse(NDArray m) {
        int n = m.dim(0);
        return NDArray.of(DType.F64, new int[] {n, n}, DenseLu.inverse(m.astype(DType.F64).toArray(), n)).astype(m.dtype());
    }

    @Override public String toString() { return "OrthogonalLinear(" + in + " → " + out + ", " + map + ")"; }
}
