package org.odeon.autograd;

import java.util.List;
import java.util.function.UnaryOperator;
import org.odeon.tensor.NDArray;

/**
 * Function transforms built on reverse mode: vector-Jacobian and Jacobian-vector products,
 * full Jacobians, Hessian-vector products. {@code createGraph} keeps the result differentiable.
 */
public final class Functional {
    private Functional() {}

    /** {@code vᵀ·∂f/∂x} at {@code x}. */
    public static Tensor vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph) {
        Tensor xi = x.requiresGrad() ? x : Tensor.param(x.value());
        return Autograd.grad(List.of(f.apply(xi)), List.of(xi), List.of(v), createGraph).get(0);
    }

    /**
     * {@code ∂f/∂x·u} by the double-vjp trick: {@code w ↦ Jᵀw} is linear, so differentiating
     * {@code ⟨Jᵀw, u⟩} in {@code w} gives {@code J·u}.
     */
    public static Tensor jvp(UnaryOperator<Tensor> f, Tensor x, Tensor u, boolean createGraph) {
        Tensor xi = x.requiresGrad() ? x : Tensor.param(x.value());
        Tensor y = f.apply(xi);
        Tensor w = Tensor.param(NDArray.zeros(y.dtype(), y.shape()));
        Tensor jtw = Autograd.grad(List.of(y), List.of(xi), List.of(w), true).get(0);
        return Autograd.grad(List.of(jtw.mul(u).sum()), List.of(w), null, createGraph).get(0);
    }

    /** The Jacobian of {@code f} at {@code x} as a matrix {@code [size(f(x)), size(x)]}. */
    public static NDArray jacobian(UnaryOperator<Tensor> f, Tensor x) {
        Tensor xi = Tensor.param(x.value());
        Tensor y = f.apply(xi);
        int m = y.size(), n = xi.size();
        double[] jac = new double[m * n];
        for (int i = 0; i < m; i++) {
            double[] e = new double[m];
            e[i] = 1;
            Tensor row = Autograd.grad(List.of(y), List.of(xi), List.of(Tensor.constant(NDArray.of(y.dtype(), y.shape(), e))), false).get(0);
            System.arraycopy(row.value().data(), 0, jac, i * n, n);
        }
        return NDArray.of(x.dtype(), new int[] {m, n}, jac);
    }

    /** {@code ∇²f(x)·v} for a scalar {@code f}. */
    public static Tensor hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph) {
        Tensor xi = x.requiresGrad() ? x : Tensor.param(x.value());
        Tensor g = Autograd.grad(f.apply(xi), xi, true);
        return Autograd.grad(List.of(g.mul(v).sum()), List.of(xi), null, createGraph).get(0);
    }
}
