package org.odeon.models.isometric;

import java.util.List;
import java.util.function.UnaryOperator;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A penalty pulling an ordinary network's Jacobian towards orthogonality:
 * <pre>  R(θ) = mean_b (‖J_b(θ)ᵀu_b‖² − 1)²,   u_b uniform on the unit sphere,</pre>
 * one vector-Jacobian product per batch (with its graph, so {@code ∇_θR} is a second-order
 * derivative of the network). For a square Jacobian, {@code uᵀ(JJᵀ − I)u = 0} for every {@code u}
 * iff {@code JJᵀ = I} iff {@code JᵀJ = I}, so {@code R = 0} exactly on orthogonal Jacobians; in
 * expectation over {@code u} it is {@code (2‖JJᵀ − I‖²_F + (tr(JJᵀ − I))²)/(m(m + 2))}.
 */
public final class JacobianRegularizer {
    private JacobianRegularizer() {}

    /** {@code R(θ)} at the rows of {@code x} for the row-wise map {@code f}, differentiable in θ. */
    public static Tensor penalty(UnaryOperator<Tensor> f, NDArray x, Rng rng) {
        Tensor xi = Tensor.param(x.copy());
        Tensor y = f.apply(xi);
        int batch = y.dim(0), m = y.size() / batch;
        double[] u = rng.normal(DType.F64, 0, 1, batch, m).toArray();   // rounded to y's dtype below
        for (int b = 0; b < batch; b++) {
            double s = 0;
            for (int i = 0; i < m; i++) s += u[b * m + i] * u[b * m + i];
            s = 1 / Math.sqrt(s);
            for (int i = 0; i < m; i++) u[b * m + i] *= s;
        }
        Tensor cot = Tensor.constant(NDArray.of(y.dtype(), y.shape(), u));
        Tensor jtu = Autograd.grad(List.of(y), List.of(xi), List.of(cot), true).get(0);
        Tensor sq = jtu.reshape(batch, jtu.size() / batch).square().sum(false, 1);
        return sq.sub(1).square().mean();
    }
}
