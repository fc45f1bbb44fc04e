package org.odeon.models.symplectic;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.StructureCheck;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * SympNets (Jin et al.): a symplectic map of a fixed time step, composed of shears of
 * {@code z = (q, p)}. An "up" module changes {@code p} using {@code q}, a "low" module changes
 * {@code q} using {@code p}:
 * <pre>  linear      p ← p + S q,            S = A + Aᵀ
 *   activation  p ← p + a ⊙ σ(q)
 *   gradient    p ← p + Kᵀ(a ⊙ σ(K q + b))</pre>
 * (low: swap {@code q} and {@code p}). Each is the time-1 flow of a Hamiltonian of {@code q} alone
 * ({@code qᵀSq/2}, {@code Σ a_i ∫σ(q_i)}, {@code Σ a_i ∫σ(K_i q + b_i)}): its Jacobian
 * {@code [[I, 0], [M, I]]} has a symmetric {@code M}, so {@code JᵀΩJ = Ω}, for any parameters.
 * LA-SympNet: units of {@code m} alternating linear shears plus a bias, each followed by an
 * activation shear, and a final linear unit. G-SympNet: alternating gradient shears.
 */
public final class SympNet extends Module implements StructureCheck {
    private final int d;
    private final List<Module> units = new ArrayList<>();

    private SympNet(int dof) {
        if (dof < 1) throw new IllegalArgumentException("SympNet needs dof ≥ 1, got " + dof);
        d = dof;
    }

    /** LA-SympNet with {@code units} linear+activation units of {@code sublayers} linear shears each. */
    public static SympNet la(int dof, int units, int sublayers, Rng rng) {
        SympNet net = new SympNet(dof);
        for (int k = 0; k < units; k++) {
            net.add(new LinearUnit(dof, sublayers, rng));
            net.add(new Shear(dof, k % 2 == 0, 0, rng));
        }
        net.add(new LinearUnit(dof, sublayers, rng));
        return net;
    }

    /** G-SympNet with {@code units} alternating gradient shears of {@code width} neurons. */
    public static SympNet g(int dof, int units, int width, Rng rng) {
        SympNet net = new SympNet(dof);
        for (int k = 0; k < units; k++) net.add(new Shear(dof, k % 2 == 0, width, rng));
        return net;
    }

    private void add(Module unit) { units.add(child(Integer.toString(units.size()), unit)); }

    /** The map {@code z ↦ Ψ(z)} on {@code [B, 2d]}. */
    @Override public Tensor forward(Tensor z) {
        if (z.rank() != 2 || z.dim(1) != 2 * d)
            throw new IllegalArgumentException("SympNet: z must have shape [B, " + 2 * d + "], got " + java.util.Arrays.toString(z.shape()));
        for (Module u : units) z = u.forward(z);
        return z;
    }

    /** The largest symplecticity defect {@code ‖JᵀΩJ − Ω‖_F} of {@code Ψ} over 8 standard normal points. */
    @Override public java.util.Map<String, Double> structureDefects(long seed) {
        return java.util.Map.of("symplecticity_defect", Symplecticity.maxDefect(2 * d, 8, new Rng(seed), () -> this::forward));
    }

    /** {@code mean ‖Ψ(z₀) − z₁‖²} on pairs one step apart. */
    public Tensor loss(Tensor z0, Tensor z1) { return forward(z0).sub(z1).square().mean(); }

    /** Adds {@code Δ} to the {@code p} half (up) or the {@code q} half (low) of {@code z}. */
    private static Tensor kick(Tensor z, int d, boolean up, Tensor delta) {
        Tensor q = z.slice(1, 0, d), p = z.slice(1, d, 2 * d);
        return up ? Tensor.cat(List.of(q, p.add(delta)), 1) : Tensor.cat(List.of(q.add(delta), p), 1);
    }

    private static Tensor source(Tensor z, int d, boolean up) { return up ? z.slice(1, 0, d) : z.slice(1, d, 2 * d); }

    /** Activation shear ({@code width = 0}: {@code a ⊙ σ(x)}) or gradient shear ({@code Kᵀ(a ⊙ σ(Kx + b))}). */
    private static final class Shear extends Module {
        private final int d;
        private final boolean up;
        private final Parameter a, k, b;

        Shear(int dof, boolean up, int width, Rng rng) {
            d = dof;
            this.up = up;
            int n = width == 0 ? dof : width;
            a = parameter("a", rng.normal(DType.F64, 0, 0.1, n));
            k = width == 0 ? null : parameter("K", rng.normal(DType.F64, 0, 1 / Math.sqrt(dof), width, dof));
            b = width == 0 ? null : parameter("b", NDArray.zeros(DType.F64, width));
        }

        @Override public Tensor forward(Tensor z) {
            Tensor x = source(z, d, up);
            if (k == null) return kick(z, d, up, x.tanh().mul(a.tensor()));
            Tensor s = Tensor.mm(x, false, k.tensor(), true).add(b.tensor()).tanh().mul(a.tensor());
            return kick(z, d, up, Tensor.mm(s, false, k.tensor(), false));
        }
    }

    /** {@code m} alternating linear shears with symmetric {@code S_i = A_i + A_iᵀ}, then {@code z ← z + β}. */
    private static final class LinearUnit extends Module {
        private final int d;
        private final List<Parameter> as = new ArrayList<>();
        private final Parameter bias;

        LinearUnit(int dof, int sublayers, Rng rng) {
            d = dof;
            for (int i = 0; i < sublayers; i++) as.add(parameter("A" + i, rng.normal(DType.F64, 0, 0.05, dof, dof)));
            bias = parameter("bias", NDArray.zeros(DType.F64, 2 * dof));
        }

        @Override public Tensor forward(Tensor z) {
            for (int i = 0; i < as.size(); i++) {
                boolean up = i % 2 == 0;
                Tensor a = as.get(i).tensor(), s = a.add(a.transpose(0, 1));
                z = kick(z, d, up, Tensor.mm(source(z, d, up), false, s, false));
            }
            return z.add(bias.tensor());
        }
    }
}
