package org.odeon.models.symplectic;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.systems.DampedOscillator;
import org.odeon.systems.Fput;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.systems.HenonHeiles;
import org.odeon.tensor.NDArray;

/**
 * A system's Hamiltonian {@code H(q, p)} and its vector field {@code J∇H = (∂H/∂p, −∂H/∂q)} as
 * differentiable tensor functions of a batch {@code z: [B, 2d]}, the form the training losses
 * need. The vector field is written out in closed form (not by differentiating {@code H}) so that
 * evaluating it at a model's output does not walk back through the model's graph.
 */
public interface KnownHamiltonian {

    HamiltonianSystem system();

    /** {@code H(z)}, shape {@code [B, 1]}. */
    Tensor energy(Tensor z);

    /** {@code J∇H(z)}, shape {@code [B, 2d]}. */
    Tensor vectorField(Tensor z);

    default int degreesOfFreedom() { return system().degreesOfFreedom(); }

    /** The tensor form of one of the zoo's Hamiltonian systems. */
    static KnownHamiltonian of(HamiltonianSystem s) {
        return switch (s) {
            case HarmonicOscillator h -> new Harmonic(h);
            case HenonHeiles h -> new Henon(h);
            case DampedOscillator h -> new Damped(h);
            case Fput h -> new Chain(h);
            default -> throw new IllegalArgumentException("no tensor form for system " + s.name()
                    + "; known: HarmonicOscillator, HenonHeiles, DampedOscillator, FPUT");
        };
    }

    private static Tensor col(Tensor z, int j) { return z.slice(1, j, j + 1); }

    private static Tensor cat(Tensor... parts) { return Tensor.cat(List.of(parts), 1); }

    /** {@code H = p²/(2m) + k q²/2}. */
    record Harmonic(HarmonicOscillator system) implements KnownHamiltonian {
        public Tensor energy(Tensor z) {
            return col(z, 1).square().mul(0.5 / system.mass()).add(col(z, 0).square().mul(0.5 * system.stiffness()));
        }

        public Tensor vectorField(Tensor z) {
            return cat(col(z, 1).mul(1 / system.mass()), col(z, 0).mul(-system.stiffness()));
        }
    }

    /** {@code H = |p|²/2 + |q|²/2 + λ(q₁²q₂ − q₂³/3)}. */
    record Henon(HenonHeiles system) implements KnownHamiltonian {
        public Tensor energy(Tensor z) {
            Tensor x = col(z, 0), y = col(z, 1), l = Tensor.scalar(system.lambda());
            Tensor quad = z.square().sum(true, 1).mul(0.5);
            return quad.add(x.square().mul(y).sub(y.square().mul(y).mul(1.0 / 3)).mul(l));
        }

        public Tensor vectorField(Tensor z) {
            double l = system.lambda();
            Tensor x = col(z, 0), y = col(z, 1);
            return cat(col(z, 2), col(z, 3), x.add(x.mul(y).mul(2 * l)).neg(), y.add(x.square().sub(y.square()).mul(l)).neg());
        }
    }

    /** Bateman's doubled oscillator {@code H = p_x p_y + γ(y p_y − x p_x) + (ω² − γ²) x y}. */
    record Damped(DampedOscillator system) implements KnownHamiltonian {
        public Tensor energy(Tensor z) {
            double g = system.gamma(), k = system.omega() * system.omega() - g * g;
            Tensor x = col(z, 0), y = col(z, 1), px = col(z, 2), py = col(z, 3);
            return px.mul(py).add(y.mul(py).sub(x.mul(px)).mul(g)).add(x.mul(y).mul(k));
        }

        public Tensor vectorField(Tensor z) {
            double g = system.gamma(), k = system.omega() * system.omega() - g * g;
            Tensor x = col(z, 0), y = col(z, 1), px = col(z, 2), py = col(z, 3);
            return cat(py.sub(x.mul(g)), px.add(y.mul(g)), px.mul(g).sub(y.mul(k)), py.mul(-g).sub(x.mul(k)));
        }
    }

    /** FPUT chain with fixed walls: {@code H = Σ p²/2 + Σ_{j=0}^{N} W(q_{j+1} − q_j)}. */
    record Chain(Fput system) implements KnownHamiltonian {
        /** Bond stretches {@code r_j = q_{j+1} − q_j}, {@code j = 0..N}, with {@code q₀ = q_{N+1} = 0}. */
        private Tensor stretches(Tensor z) {
            int n = system.particles();
            Tensor wall = Tensor.constant(NDArray.zeros(z.dtype(), z.dim(0), 1));
            Tensor q = cat(wall, z.slice(1, 0, n), wall);
            return q.slice(1, 1, n + 2).sub(q.slice(1, 0, n + 1));
        }

        public Tensor energy(Tensor z) {
            int n = system.particles();
            Tensor r = stretches(z), r2 = r.square();
            Tensor w = r2.mul(0.5).add(r2.mul(r).mul(system.alpha() / 3)).add(r2.square().mul(system.beta() / 4));
            return z.slice(1, n, 2 * n).square().sum(true, 1).mul(0.5).add(w.sum(true, 1));
        }

        public Tensor vectorField(Tensor z) {
            int n = system.particles();
            Tensor r = stretches(z), r2 = r.square();
            Tensor dw = r.add(r2.mul(system.alpha())).add(r2.mul(r).mul(system.beta()));
            return cat(z.slice(1, n, 2 * n), dw.slice(1, 1, n + 1).sub(dw.slice(1, 0, n)));
        }
    }
}
