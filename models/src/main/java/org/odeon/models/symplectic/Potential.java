package org.odeon.models.symplectic;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Linear;
import org.odeon.nn.Mlp;
import org.odeon.nn.Module;
import org.odeon.tensor.Rng;

/**
 * A scalar tanh network {@code U(x) = wᵀh_m + c}, {@code h_k = tanh(W_k h_{k−1} + b_k)},
 * {@code h_0 = x}, with its gradient in closed form
 * <pre>  ∇U(x) = W_1ᵀ D_1 W_2ᵀ D_2 ⋯ W_mᵀ D_m w,   D_k = diag(1 − h_k²).</pre>
 * The gradient is written with differentiable tensor ops, so it is itself differentiable to any
 * order: a model whose forward pass uses {@link #gradient} trains with second derivatives of
 * {@code U}. It equals {@link #gradientByAutograd} (reverse mode with {@code createGraph}); the
 * closed form does not walk back past {@code x} into the graph that produced it, which matters
 * when {@code x} is the output of a deep composition.
 */
public final class Potential extends Module {
    private final Mlp net;
    private final List<Linear> hidden;
    private final Linear out;

    /** {@code depth} hidden tanh layers of {@code width} units on inputs of size {@code in}. */
    public Potential(int in, int width, int depth, Rng rng) {
        if (in < 1 || width < 1 || depth < 1)
            throw new IllegalArgumentException("Potential needs positive in, width, depth; got in=" + in + ", width=" + width + ", depth=" + depth);
        net = child("net", new Mlp(Mlp.widths(in, width, depth, 1), Activation::tanh, Init.xavierNormal(1), rng));
        List<Linear> linears = net.linears();
        hidden = linears.subList(0, depth);
        out = linears.getLast();
    }

    /** {@code U(x)} for a batch {@code x: [B, in]}, shape {@code [B, 1]}. */
    @Override public Tensor forward(Tensor x) { return net.forward(x); }

    /** {@code ∇U(x)}, shape {@code [B, in]}, from the closed form above. */
    public Tensor gradient(Tensor x) {
        List<Tensor> h = activations(x);
        Tensor g = out.weight().tensor();                      // [1, width], broadcast over the batch
        for (int k = hidden.size() - 1; k >= 0; k--) {
            Tensor hk = h.get(k + 1);
            g = g.sub(g.mul(hk.square()));                      // D_k g, tanh' = 1 − tanh²
            g = Tensor.mm(g, false, hidden.get(k).weight().tensor(), false);
        }
        return g;
    }

    /**
     * {@code ∇U(x)} and its directional derivative {@code ∇²U(x)·ẋ} in one pass (forward mode
     * written out): with {@code ḣ_k = (1 − h_k²) ⊙ W_k ḣ_{k−1}}, {@code ḣ_0 = ẋ}, the backward
     * recursion {@code g ← W_kᵀ(1 − h_k²) ⊙ g} has the tangent
     * {@code ġ ← W_kᵀ[(1 − h_k²) ⊙ ġ − 2 h_k ⊙ ḣ_k ⊙ g]}, {@code ġ = 0} at the output.
     * Returns {@code {∇U, ∇²U·ẋ}}, both {@code [B, in]}.
     */
    public Tensor[] gradientAndTangent(Tensor x, Tensor xdot) {
        List<Tensor> h = activations(x);
        int m = hidden.size();
        Tensor[] slope = new Tensor[m], slopeDot = new Tensor[m];   // 1 − h_k² and its tangent −2 h_k ḣ_k
        Tensor hdot = xdot;
        for (int k = 0; k < m; k++) {
            Tensor hk = h.get(k + 1);
            slope[k] = hk.square().neg().add(1.0);
            hdot = Tensor.mm(hdot, false, hidden.get(k).weight().tensor(), true).mul(slope[k]);
            slopeDot[k] = hk.mul(hdot).mul(-2.0);
        }
        Tensor g = out.weight().tensor(), gdot = null;
        for (int k = m - 1; k >= 0; k--) {
            Tensor w = hidden.get(k).weight().tensor();
            Tensor sdot = gdot == null ? g.mul(slopeDot[k]) : gdot.mul(slope[k]).add(g.mul(slopeDot[k]));
            g = Tensor.mm(g.mul(slope[k]), false, w, false);
            gdot = Tensor.mm(sdot, false, w, false);
        }
        return new Tensor[] {g, gdot};
    }

    /** {@code ∇U(x)} by reverse-mode autograd with {@code createGraph}; the reference for {@link #gradient}. */
    public Tensor gradientByAutograd(Tensor x) {
        Tensor xi = x.requiresGrad() ? x : Tensor.param(x.value());
        return Autograd.grad(forward(xi).sum(), xi, true);
    }

    /** {@code h_0 = x, h_1, …, h_m}. */
    private List<Tensor> activations(Tensor x) {
        List<Tensor> h = new ArrayList<>(hidden.size() + 1);
        h.add(x);
        for (Linear l : hidden) h.add(l.forward(h.getLast()).tanh());
        return h;
    }
}
