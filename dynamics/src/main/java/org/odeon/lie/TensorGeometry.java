package org.odeon.lie;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/**
 * Batched 3-vector formulas of the differentiable spaces (last axis of length 3), mirroring
 * the scalar ones in {@link SO3} and {@link SE3}. Series branches are selected with
 * {@link Tensor#where} and the exact branch is evaluated at a safe argument there, so no
 * 0/0 enters the backward pass.
 */
final class TensorGeometry {
    private TensorGeometry() {}

    static Tensor component(Tensor v, int i) { return v.slice(-1, i, i + 1); }

    static Tensor cross(Tensor a, Tensor b) {
        Tensor ax = component(a, 0), ay = component(a, 1), az = component(a, 2);
        Tensor bx = component(b, 0), by = component(b, 1), bz = component(b, 2);
        return Tensor.cat(List.of(ay.mul(bz).sub(az.mul(by)), az.mul(bx).sub(ax.mul(bz)), ax.mul(by).sub(ay.mul(bx))), -1);
    }

    /** |v|² keeping the last axis, {@code [..., 1]}. */
    static Tensor squaredNorm(Tensor v) { return v.square().sum(true, -1); }

    /** Elements of {@code t2} below {@code threshold}. */
    private static NDArray below(Tensor t2, double threshold) { return NDArray.scalar(threshold).gt(t2.value()); }

    private static Tensor safe(NDArray small, Tensor t2) {
        return Tensor.where(small, Tensor.constant(NDArray.full(t2.dtype(), 1, t2.shape())), t2);
    }

    /** {@code sin θ/θ} of θ² (see {@link SO3#sinc}). */
    static Tensor sinc(Tensor t2) {
        NDArray small = below(t2, 1e-8);
        Tensor theta = safe(small, t2).sqrt();
        Tensor series = t2.mul(-1.0 / 6).add(1).add(t2.square().mul(1.0 / 120));
        return Tensor.where(small, series, theta.sin().div(theta));
    }

    /** {@code (1 − cos θ)/θ² = ½ sinc(θ/2)²} (see {@link SO3#cosc}). */
    static Tensor cosc(Tensor t2) { return sinc(t2.mul(0.25)).square().mul(0.5); }

    /** {@code (θ − sin θ)/θ³} of θ² (see {@link SE3#sincc}). */
    static Tensor sincc(Tensor t2) {
        NDArray small = below(t2, 1e-2);
        Tensor s = safe(small, t2), theta = s.sqrt();
        Tensor exact = theta.sub(theta.sin()).div(s.mul(theta));
        Tensor t4 = t2.square();
        Tensor series = t2.mul(-1.0 / 120).add(1.0 / 6).add(t4.mul(1.0 / 5040))
                .sub(t4.mul(t2).mul(1.0 / 362880)).add(t4.square().mul(1.0 / 39916800));
        return Tensor.where(small, series, exact);
    }

    /** {@code exp(ξ̂) v = v + sinc·ξ×v + cosc·ξ×(ξ×v)}, rounded once at the scale of v (see {@link #rotation}). */
    static Tensor rotate(Tensor xi, Tensor v) { return v.add(rotation(xi, v)); }

    /**
     * {@code (exp(ξ̂) − I) v = sinc·ξ×v + cosc·ξ×(ξ×v)}: both terms are O(|ξ||v|), so their sum carries a
     * rounding error O(|ξ| ulp(v)) and adding it to v costs one rounding of v. Summing
     * {@code (v + sinc·ξ×v) + cosc·ξ×(ξ×v)} instead rounds twice at the scale of v, and the two errors add
     * to {@code |v|} and to {@code v·w} at every step of a long rollout.
     */
    static Tensor rotation(Tensor xi, Tensor v) {
        Tensor t2 = squaredNorm(xi), c1 = cross(xi, v);
        return sinc(t2).mul(c1).add(cosc(t2).mul(cross(xi, c1)));
    }

    /** {@code V(u) v = v + cosc·u×v + sincc·u×(u×v)}. */
    static Tensor leftJacobian(Tensor u, Tensor v) {
        Tensor t2 = squaredNorm(u), c1 = cross(u, v);
        return v.add(cosc(t2).mul(c1)).add(sincc(t2).mul(cross(u, c1)));
    }

    /** {@code [(u₁, v₁), (u₂, v₂)] = (u₁ × u₂, u₁ × v₂ − u₂ × v₁)} on {@code [..., 6]}. */
    static Tensor se3Bracket(Tensor a, Tensor b) {
        Tensor u1 = a.slice(-1, 0, 3), v1 = a.slice(-1, 3, 6), u2 = b.slice(-1, 0, 3), v2 = b.slice(-1, 3, 6);
        return Tensor.cat(List.of(cross(u1, u2), cross(u1, v2).sub(cross(u2, v1))), -1);
    }

    /** Applies {@code op} to each column of row-major 3×3 matrices {@code [..., 9]}. */
    static Tensor columnwise(Tensor r, java.util.function.UnaryOperator<Tensor> op) {
        Tensor c0 = op.apply(r.slice(-1, 0, 9, 3)), c1 = op.apply(r.slice(-1, 1, 9, 3)), c2 = op.apply(r.slice(-1, 2, 9, 3));
        List<Tensor> entries = new java.util.ArrayList<>(9);
        for (int row = 0; row < 3; row++)
            for (Tensor col : List.of(c0, c1, c2)) entries.add(component(col, row));
        return Tensor.cat(entries, -1);
    }
}
