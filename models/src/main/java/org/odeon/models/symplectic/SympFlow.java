package org.odeon.models.symplectic;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * SympFlow: a time-dependent map {@code Φ_θ(·, t)} that is symplectic in {@code z = (q, p)} for
 * every {@code t}, built as a composition of layers, each two exact shear flows
 * <pre>  p ← p − [∇_q V(q, t) − ∇_q V(q, 0)],
 *   q ← q + [∇_p K(p, t) − ∇_p K(p, 0)],</pre>
 * with scalar networks {@code V, K: ℝ^{d+1} → ℝ} ({@link Potential}).
 *
 * <p><b>Why it is symplectic.</b> For fixed {@code t} the first shear is the time-1 flow of the
 * Hamiltonian {@code V(q, t) − V(q, 0)} of {@code q} alone (it moves only {@code p}); its Jacobian
 * {@code [[I, 0], [−S, I]]} with the symmetric Hessian {@code S} satisfies {@code JᵀΩJ = Ω}.
 * Likewise the second; compositions of symplectic maps are symplectic. Subtracting the value at
 * {@code t = 0} makes every shear, hence {@code Φ_θ(·, 0)}, the identity.
 *
 * <p><b>Its Hamiltonian (backward error analysis).</b> As a function of {@code t}, the first shear
 * is the exact flow from 0 to t of the time-dependent Hamiltonian {@code h(q, p, t) = ∂_t V(q, t)}
 * (indeed {@code ∂_t p = −∇_q ∂_t V}), the second that of {@code ∂_t K(p, t)}. For a composition
 * {@code A_t ∘ B_t} of such flows, {@code ∂_t(A_t∘B_t) = J∇h_A + DA_t J∇h_B = J∇(h_A + h_B∘A_t⁻¹)}
 * because {@code A_t} is symplectic. So {@code Φ_θ} is the flow of
 * <pre>  H_θ(Φ_θ(z, t), t) = c + Σ_layers [∂_t V(q_i, t) + ∂_t K(p_i, t)],</pre>
 * each term read at the intermediate state where its shear acts, and {@code ∂_t Φ_θ = J∇H_θ(Φ_θ, t)}.
 * {@code H_θ} is fixed only up to a function of {@code t}; the trainable constant {@code c} is the
 * part of it that Hamiltonian matching needs ({@link #offset()}).
 */
public final class SympFlow extends Module implements TimeFlow {
    private final int d;
    private final List<Potential> vs = new ArrayList<>(), ks = new ArrayList<>();
    private final Parameter offset;

    /** {@code layers} layers, each potential with {@code depth} tanh layers of {@code width} units. */
    public SympFlow(int dof, int layers, int width, int depth, Rng rng) {
        if (dof < 1 || layers < 1)
            throw new IllegalArgumentException("SympFlow needs dof ≥ 1 and layers ≥ 1, got dof=" + dof + ", layers=" + layers);
        d = dof;
        for (int i = 0; i < layers; i++) {
            vs.add(child("V" + i, new Potential(d + 1, width, depth, rng)));
            ks.add(child("K" + i, new Potential(d + 1, width, depth, rng)));
        }
        offset = parameter("offset", NDArray.zeros(DType.F64, 1));
    }

    @Override public int degreesOfFreedom() { return d; }

    public int layers() { return vs.size(); }

    /** The constant {@code c} of {@code H_θ}; it does not move the flow. */
    public Parameter offset() { return offset; }

    /**
     * The state {@code Φ_θ(z, t)}, {@code H_θ} there and, when asked for, the velocity
     * {@code ∂_tΦ_θ(z, t)} ({@code null} otherwise); shapes {@code [B, 2d]}, {@code [B, 1]}, {@code [B, 2d]}.
     */
    public record Evaluation(Tensor state, Tensor hamiltonian, Tensor velocity) {}

    /** {@code Φ_θ(x[:, :2d], x[:, 2d])} for {@code x = (q, p, t): [B, 2d+1]}. */
    @Override public Tensor forward(Tensor x) {
        checkWidth(x, 2 * d + 1, "(q, p, t)");
        return flow(x.slice(1, 0, 2 * d), x.slice(1, 2 * d, 2 * d + 1));
    }

    @Override public Tensor flow(Tensor z, Tensor t) { return evaluate(z, t).state(); }

    /** The velocity by forward mode through the shears (see {@link #evaluateWithVelocity}). */
    @Override public Tensor[] flowAndVelocity(Tensor z, Tensor t) {
        Evaluation e = evaluateWithVelocity(z, t);
        return new Tensor[] {e.state(), e.velocity()};
    }

    /** Runs the layers forward from {@code z}, summing the ∂_t terms of {@code H_θ} on the way. */
    public Evaluation evaluate(Tensor z, Tensor t) { return run(z, t, false); }

    /**
     * {@link #evaluate} plus {@code ∂_tΦ_θ}, carried forward with the state: each shear
     * {@code p ← p − Δ(q, t)} has the tangent {@code ṗ ← ṗ − ∂_qΔ·q̇ − ∂_tΔ}, the directional
     * derivative of the potential gradients along {@code (q̇, ṫ = 1)} ({@link Potential#gradientAndTangent}).
     */
    public Evaluation evaluateWithVelocity(Tensor z, Tensor t) { return run(z, t, true); }

    private Evaluation run(Tensor z, Tensor t, boolean withVelocity) {
        checkWidth(z, 2 * d, "z = (q, p)");
        Tensor q = z.slice(1, 0, d), p = z.slice(1, d, 2 * d);
        Tensor zeros = withVelocity ? Tensor.constant(NDArray.zeros(z.dtype(), z.dim(0), d)) : null;
        Tensor qdot = zeros, pdot = zeros;
        Tensor h = offset.tensor();
        for (int i = 0; i < vs.size(); i++) {
            Tensor[] gv = shear(vs.get(i), q, qdot, t);
            p = p.sub(gv[0]);
            if (withVelocity) pdot = pdot.sub(gv[2]);
            Tensor[] gk = shear(ks.get(i), p, pdot, t);
            q = q.add(gk[0]);
            if (withVelocity) qdot = qdot.add(gk[2]);
            h = h.add(gv[1]).add(gk[1]);
        }
        return new Evaluation(Tensor.cat(List.of(q, p), 1), h, withVelocity ? Tensor.cat(List.of(qdot, pdot), 1) : null);
    }

    /** {@code Φ_θ(·, t)⁻¹(y)}: the shears undone in reverse order. */
    public Tensor inverse(Tensor y, Tensor t) { return unwind(y, t).state(); }

    /** {@code H_θ(y, t)} at any state {@code y}, from the intermediate states of {@link #inverse}. */
    public Tensor hamiltonian(Tensor y, Tensor t) { return unwind(y, t).hamiltonian(); }

    private Evaluation unwind(Tensor y, Tensor t) {
        checkWidth(y, 2 * d, "y = (q, p)");
        Tensor q = y.slice(1, 0, d), p = y.slice(1, d, 2 * d);
        Tensor h = offset.tensor();
        for (int i = vs.size() - 1; i >= 0; i--) {
            Tensor[] gk = shear(ks.get(i), p, null, t);
            q = q.sub(gk[0]);
            Tensor[] gv = shear(vs.get(i), q, null, t);
            p = p.add(gv[0]);
            h = h.add(gv[1]).add(gk[1]);
        }
        return new Evaluation(Tensor.cat(List.of(q, p), 1), h, null);
    }

    /**
     * For a potential {@code U(x, t)}: {@code {∇_x U(x, t) − ∇_x U(x, 0), ∂_t U(x, t)}}, and with a
     * tangent {@code ẋ} (non-null) also the derivative of the first along {@code (ẋ, ṫ = 1)}.
     * Both times go through the network as one batch of {@code 2B} rows.
     */
    private Tensor[] shear(Potential u, Tensor x, Tensor xdot, Tensor t) {
        int b = x.dim(0);
        Tensor zero = Tensor.constant(NDArray.zeros(t.dtype(), t.shape()));
        Tensor in = Tensor.cat(List.of(Tensor.cat(List.of(x, t), 1), Tensor.cat(List.of(x, zero), 1)), 0);
        if (xdot == null) {
            Tensor g = u.gradient(in);
            return new Tensor[] {difference(g, b), g.slice(0, 0, b).slice(1, d, d + 1)};
        }
        Tensor one = Tensor.constant(NDArray.full(t.dtype(), 1.0, t.shape()));
        Tensor[] gt = u.gradientAndTangent(in, Tensor.cat(List.of(Tensor.cat(List.of(xdot, one), 1), Tensor.cat(List.of(xdot, zero), 1)), 0));
        return new Tensor[] {difference(gt[0], b), gt[0].slice(0, 0, b).slice(1, d, d + 1), difference(gt[1], b)};
    }

    /** Rows {@code [0, b)} minus rows {@code [b, 2b)}, first {@code d} columns: the value at t minus at 0. */
    private Tensor difference(Tensor g, int b) { return g.slice(0, 0, b).slice(1, 0, d).sub(g.slice(0, b, 2 * b).slice(1, 0, d)); }

    private static void checkWidth(Tensor x, int width, String what) {
        if (x.rank() != 2 || x.dim(1) != width)
            throw new IllegalArgumentException("SympFlow: " + what + " must have shape [B, " + width + "], got " + java.util.Arrays.toString(x.shape()));
    }
}
