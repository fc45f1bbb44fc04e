package org.odeon.models.symplectic;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.tensor.Rng;

/**
 * Hamiltonian neural network: a learned autonomous {@code H_θ} whose vector field
 * {@code J∇H_θ = (∂H_θ/∂p, −∂H_θ/∂q)} is trained on vector-field samples
 * ({@code mean ‖J∇H_θ(z) − ż‖²}) or on trajectory pairs through one differentiable integrator
 * step ({@code mean ‖Ψ_h(z₀) − z(h)‖²}). The continuous flow conserves {@code H_θ} and is
 * symplectic; a discrete step keeps that only if the integrator does.
 *
 * <p>General form {@code H_θ(q, p)} (one {@link Potential} on {@code ℝ^{2d}}), integrated by RK4;
 * separable form {@code H_θ = T_θ(p) + V_θ(q)}, which leapfrog (Störmer–Verlet, symplectic)
 * can also integrate.
 */
public final class HamiltonianNet extends Module {

    /** The integrator of one step {@code Ψ_h}. */
    public enum Integrator { RK4, LEAPFROG }

    private final int d;
    private final Potential joint, kinetic, potential;

    private HamiltonianNet(int dof, boolean separable, int width, int depth, Rng rng) {
        if (dof < 1) throw new IllegalArgumentException("HamiltonianNet needs dof ≥ 1, got " + dof);
        d = dof;
        joint = separable ? null : child("H", new Potential(2 * d, width, depth, rng));
        kinetic = separable ? child("T", new Potential(d, width, depth, rng)) : null;
        potential = separable ? child("V", new Potential(d, width, depth, rng)) : null;
    }

    /** {@code H_θ(q, p)}, one network on the whole phase space. */
    public static HamiltonianNet general(int dof, int width, int depth, Rng rng) { return new HamiltonianNet(dof, false, width, depth, rng); }

    /** {@code H_θ = T_θ(p) + V_θ(q)}. */
    public static HamiltonianNet separable(int dof, int width, int depth, Rng rng) { return new HamiltonianNet(dof, true, width, depth, rng); }

    public boolean isSeparable() { return joint == null; }

    public int degreesOfFreedom() { return d; }

    /** {@code H_θ(z)}, shape {@code [B, 1]}. */
    public Tensor energy(Tensor z) {
        return isSeparable() ? kinetic.forward(p(z)).add(potential.forward(q(z))) : joint.forward(z);
    }

    /** {@code J∇H_θ(z)}, shape {@code [B, 2d]}. */
    public Tensor vectorField(Tensor z) {
        if (isSeparable()) return cat(kinetic.gradient(p(z)), potential.gradient(q(z)).neg());
        Tensor g = joint.gradient(z);
        return cat(g.slice(1, d, 2 * d), g.slice(1, 0, d).neg());
    }

    /** The vector field itself: {@code forward(z) = J∇H_θ(z)}. */
    @Override public Tensor forward(Tensor z) { return vectorField(z); }

    /** One step {@code Ψ_h(z)} of the chosen integrator. */
    public Tensor step(Tensor z, double h, Integrator method) { return step(z, Tensor.scalar(h), method); }

    /** One step with a step size per sample ({@code h: [B, 1]}) or shared ({@code h} a scalar). */
    public Tensor step(Tensor z, Tensor h, Integrator method) {
        Tensor half = h.mul(0.5);
        return switch (method) {
            case RK4 -> {
                Tensor k1 = vectorField(z), k2 = vectorField(z.add(k1.mul(half)));
                Tensor k3 = vectorField(z.add(k2.mul(half))), k4 = vectorField(z.add(k3.mul(h)));
                yield z.add(k1.add(k2.mul(2)).add(k3.mul(2)).add(k4).mul(h.div(6)));
            }
            case LEAPFROG -> {
                if (!isSeparable()) throw new IllegalStateException("leapfrog needs the separable form H_θ = T_θ(p) + V_θ(q)");
                Tensor pHalf = p(z).sub(potential.gradient(q(z)).mul(half));
                Tensor q1 = q(z).add(kinetic.gradient(pHalf).mul(h));
                yield cat(q1, pHalf.sub(potential.gradient(q1).mul(half)));
            }
        };
    }

    /** {@code mean ‖J∇H_θ(z) − ż‖²}. */
    public Tensor vectorFieldLoss(Tensor z, Tensor zdot) { return vectorField(z).sub(zdot).square().mean(); }

    /** {@code mean ‖Ψ_h(z₀) − z₁‖²} through one differentiable step ({@code h} scalar or {@code [B, 1]}). */
    public Tensor trajectoryLoss(Tensor z0, Tensor z1, Tensor h, Integrator method) { return step(z0, h, method).sub(z1).square().mean(); }

    private Tensor q(Tensor z) { return z.slice(1, 0, d); }

    private Tensor p(Tensor z) { return z.slice(1, d, 2 * d); }

    private static Tensor cat(Tensor a, Tensor b) { return Tensor.cat(List.of(a, b), 1); }
}
