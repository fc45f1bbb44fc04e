package org.odeon.ode;

import java.util.List;
import java.util.function.UnaryOperator;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;

/**
 * Differentiable form of a separable Hamiltonian {@code H = T(p) + V(q)} on batches
 * {@code y = (q, p)} of shape {@code [..., 2d]}: {@code q' = ∂T/∂p}, {@code p' = −∂V/∂q}.
 * {@link #fromEnergies} builds one from the two energies (e.g. a learned potential), taking
 * their gradients by autograd with the graph kept, so the flow stays differentiable.
 */
public interface TensorSeparableHamiltonian extends TensorField {

    int degreesOfFreedom();

    /** {@code ∂T/∂p} for momenta of shape {@code [..., d]}. */
    Tensor velocity(Tensor p);

    /** {@code −∂V/∂q} for positions of shape {@code [..., d]}. */
    Tensor force(Tensor q);

    @Override
    default Tensor evaluate(double t, Tensor y) {
        int d = degreesOfFreedom();
        Tensor q = y.slice(-1, 0, d), p = y.slice(-1, d, 2 * d);
        return Tensor.cat(List.of(velocity(p), force(q)), -1);
    }

    /**
     * The separable Hamiltonian with kinetic energy {@code kinetic(p)} and potential energy
     * {@code potential(q)}, each mapping {@code [..., d]} to per-sample energies {@code [...]}.
     */
    static TensorSeparableHamiltonian fromEnergies(int d, UnaryOperator<Tensor> kinetic, UnaryOperator<Tensor> potential) {
        return new TensorSeparableHamiltonian() {
            @Override public int degreesOfFreedom() { return d; }
            @Override public Tensor velocity(Tensor p) { return gradient(kinetic, p); }
            @Override public Tensor force(Tensor q) { return gradient(potential, q).neg(); }
        };
    }

    /** ∇E(x), differentiable again; samples are independent, so the gradient of ΣE is per sample. */
    private static Tensor gradient(UnaryOperator<Tensor> energy, Tensor x) {
        try (var _ = GradMode.set(true)) {
            Tensor input = x.requiresGrad() ? x : Tensor.param(x.value());
            Tensor g = Autograd.grad(energy.apply(input).sum(), input, true);
            return x.requiresGrad() ? g : g.detach();
        }
    }
}
