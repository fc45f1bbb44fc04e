package org.odeon.models.constrained;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.lie.Product;
import org.odeon.lie.TangentSphere;
import org.odeon.lie.TensorHomogeneousSpace;
import org.odeon.lie.TensorLieField;
import org.odeon.models.symplectic.Potential;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A Hamiltonian on {@code (T*S²)ⁿ ⊂ ℝ^{6n}}, state blocks {@code (q_i, p_i)} with {@code |q_i| = 1},
 * {@code q_i·p_i = 0}:
 * <pre>  H(q, p) = ½ pᵀ R(q)⁻¹ p + V(q),   R_ii = M_ii I,   R_ij = M_ij (I − q_i q_iᵀ)  (i ≠ j),</pre>
 * with {@code V} either a learned tanh network {@code V_θ} ({@link Potential}) or the chain's gravity
 * {@code Σ_i M_ii g e₃·q_i}, and {@code M} either the chain's masses {@code M_ij = Σ_{k ≥ max(i,j)} m_k}
 * (a buffer) or learned as {@code ΓᵀΓ + diag(B)²} (symmetric positive definite for every Γ, B ≠ 0).
 *
 * <p>Its constrained Hamiltonian field {@code q̇_i = P_i ∂_{p_i}H}, {@code ṗ_i = −P_i ∂_{q_i}H + ∂_{p_i}H × (p_i × q_i)}
 * ({@code P_i = I − q_i q_iᵀ}) is generated on {@code (TS²)ⁿ} under {@code SE(3)ⁿ} ({@link TangentSphere},
 * whose action {@code (A, a)·(q, p) = (Aq, Ap + a × Aq)} keeps {@code |q|} and {@code q·p} exactly) by
 * <pre>  ξ_i = (q_i × ∂_{p_i}H,  ∂_{q_i}H × q_i + ∂_{p_i}H × p_i),</pre>
 * so Lie-group integrators keep both constraints to round-off, while Runge–Kutta methods step the same
 * field {@code ξ·y} in the embedding and drift. With {@code u = R⁻¹p}, {@code w = R⁻ᵀp} the gradients are
 * closed forms, {@code ∂_pH = ½(u + w)}, {@code ∂_{q_i}H = ∂_{q_i}V + ½ Σ_{j≠i} M_ij[(q_i·u_j) w_i + (w_i·q_i) u_j]},
 * written in tensor ops (so training differentiates them once more). R is solved by elimination
 * without pivoting, safe for a chain of two: its leading minors are those of {@code D(I − E)} with
 * {@code ‖E‖ ≤ |M_12|/√(M_11M_22) < 1}.
 *
 * <p>On the manifold, {@code p = R(q) v} with {@code v_i = q̇_i}: the projected Lagrangian momentum, so
 * {@code H} is the energy of {@link org.odeon.systems.PendulumChain} (see {@link ChainData}).
 */
public final class ConstrainedHamiltonian extends Module implements TensorLieField {
    private final int n;
    private final Potential potential;
    private final double gravity;
    private final NDArray trueMass;
    private final Parameter gamma, diag;
    private final Product space;

    private ConstrainedHamiltonian(int n, Potential potential, double gravity, double[][] mass, Rng rng) {
        if (n < 1) throw new IllegalArgumentException("ConstrainedHamiltonian needs at least one pendulum, got " + n);
        this.n = n;
        this.potential = potential == null ? null : child("V", potential);
        this.gravity = gravity;
        this.space = Product.power(TangentSphere.TS2, n);
        if (mass != null) {
            double[] flat = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) flat[i * n + j] = mass[i][j];
            trueMass = buffer("mass", NDArray.of(new int[] {n, n}, flat)).value();
            gamma = null;
            diag = null;
        } else {
            trueMass = null;
            // U[0,1) entries as in the paper's code: M = ΓᵀΓ + diag(B)² starts positive definite.
            gamma = parameter("gamma", rng.uniform(DType.F64, 0, 1, n, n));
            diag = parameter("b", rng.uniform(DType.F64, 0, 1, n));
        }
    }

    /** Learned {@code V_θ} (tanh, {@code depth} hidden layers of {@code width}) with the given fixed mass matrix. */
    public static ConstrainedHamiltonian learnedPotential(int n, int width, int depth, double[][] mass, Rng rng) {
        return new ConstrainedHamiltonian(n, new Potential(3 * n, width, depth, rng), 0, checkMass(n, mass), rng);
    }

    /** Learned {@code V_θ} and learned {@code M = ΓᵀΓ + diag(B)²}. */
    public static ConstrainedHamiltonian learnedPotentialAndMass(int n, int width, int depth, Rng rng) {
        return new ConstrainedHamiltonian(n, new Potential(3 * n, width, depth, rng), 0, null, rng);
    }

    /** The true chain: gravity potential {@code Σ M_ii g e₃·q_i} and the chain's mass matrix. */
    public static ConstrainedHamiltonian exact(int n, double gravity, double[][] mass) {
        return new ConstrainedHamiltonian(n, null, gravity, checkMass(n, mass), null);
    }

    private static double[][] checkMass(int n, double[][] mass) {
        if (mass.length != n) throw new IllegalArgumentException("mass matrix must be " + n + "×" + n + ", got " + mass.length + " rows");
        for (double[] row : mass)
            if (row.length != n) throw new IllegalArgumentException("mass matrix must be " + n + "×" + n + ", got a row of " + row.length);
        return mass;
    }

    public int pendula() { return n; }

    public boolean learnsMass() { return gamma != null; }

    @Override public TensorHomogeneousSpace space() { return space; }

    /** The mass matrix M, {@code [n, n]}. */
    public Tensor mass() {
        if (trueMass != null) return Tensor.constant(trueMass);
        Tensor g = gamma.tensor(), b = diag.tensor();
        return Tensor.mm(g, true, g, false).add(Tensor.constant(NDArray.eye(DType.F64, n)).mul(b.square().unsqueeze(0)));
    }

    /** The potential {@code V(q)} for configurations {@code q = (q_1, …, q_n)}, {@code [B, 3n]} → {@code [B, 1]}. */
    public Tensor potential(Tensor q) {
        if (potential != null) return potential.forward(q);
        Tensor m = mass(), v = null;
        for (int i = 0; i < n; i++) {
            Tensor term = q.slice(-1, 3 * i + 2, 3 * i + 3).mul(entry(m, i, i).mul(gravity));
            v = v == null ? term : v.add(term);
        }
        return v;
    }

    private Tensor potentialGradient(Tensor q) {
        if (potential != null) return potential.gradient(q);
        Tensor m = mass();
        List<Tensor> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) parts.add(Tensor.of(new int[] {1, 3}, 0, 0, 1).mul(entry(m, i, i).mul(gravity)));
        return Tensor.cat(parts, -1).add(q.mul(0));
    }

    /** The configurations {@code (q_1, …, q_n)} of states {@code [B, 6n]}, {@code [B, 3n]}. */
    public Tensor configurations(Tensor y) { return blocks(y, 0); }

    /** The momenta {@code (p_1, …, p_n)}, {@code [B, 3n]}. */
    public Tensor momenta(Tensor y) { return blocks(y, 3); }

    private Tensor blocks(Tensor y, int offset) {
        List<Tensor> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) parts.add(y.slice(-1, 6 * i + offset, 6 * i + offset + 3));
        return Tensor.cat(parts, -1);
    }

    /** {@code H(y)}, {@code [B, 6n]} → {@code [B, 1]}. */
    public Tensor energy(Tensor y) {
        Tensor q = configurations(y), p = momenta(y);
        Tensor u = solve(rows(q, mass(), false), p);
        return p.mul(u).sum(true, -1).mul(0.5).add(potential(q));
    }

    /** The Hamiltonian itself: {@code forward(y) = H(y)}. */
    @Override public Tensor forward(Tensor y) { return energy(y); }

    @Override
    public Tensor generator(double t, Tensor y) {
        Tensor q = configurations(y), p = momenta(y), m = mass();
        Tensor u = solve(rows(q, m, false), p), w = solve(rows(q, m, true), p);
        Tensor hp = u.add(w).mul(0.5), dv = potentialGradient(q);
        List<Tensor> xi = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            Tensor qi = block(q, i), pi = block(p, i), wi = block(w, i), hpi = block(hp, i);
            Tensor hqi = block(dv, i);
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                Tensor uj = block(u, j);
                Tensor term = wi.mul(dot(qi, uj)).add(uj.mul(dot(wi, qi)));
                hqi = hqi.add(term.mul(entry(m, i, j).mul(0.5)));
            }
            xi.add(cross(qi, hpi));
            xi.add(cross(hqi, qi).add(cross(hpi, pi)));
        }
        return Tensor.cat(xi, -1);
    }

    private static Tensor block(Tensor v, int i) { return v.slice(-1, 3 * i, 3 * i + 3); }

    private static Tensor entry(Tensor m, int i, int j) { return m.slice(0, i, i + 1).slice(1, j, j + 1); }

    private static Tensor dot(Tensor a, Tensor b) { return a.mul(b).sum(true, -1); }

    /** a × b on {@code [..., 3]} (the sphere's infinitesimal rotation, as the pendulum chain uses). */
    private static Tensor cross(Tensor a, Tensor b) { return org.odeon.lie.Sphere.S2.infinitesimalAction(a, b); }

    /**
     * The rows of R (or of Rᵀ), each {@code [B, 3n]}: row {@code (i, a)} of R is
     * {@code [M_ij (e_a − q_i[a] q_i)]_j} with {@code M_ii e_a} on the diagonal block; row {@code (j, b)} of Rᵀ is
     * {@code [M_ij (e_b − q_i[b] q_i)]_i} with {@code M_jj e_b} on the diagonal block.
     */
    private List<Tensor> rows(Tensor q, Tensor m, boolean transpose) {
        List<Tensor> out = new ArrayList<>(3 * n);
        for (int r = 0; r < n; r++)
            for (int a = 0; a < 3; a++) {
                double[] e = new double[3];
                e[a] = 1;
                Tensor unit = Tensor.of(new int[] {1, 3}, e);
                List<Tensor> parts = new ArrayList<>(n);
                for (int c = 0; c < n; c++) {
                    if (c == r) {
                        parts.add(unit.mul(entry(m, r, r)).add(q.slice(-1, 0, 3).mul(0)));
                        continue;
                    }
                    Tensor qi = block(q, transpose ? c : r);            // R_rc uses q_r; (Rᵀ)_rc = R_cr uses q_c
                    Tensor mij = transpose ? entry(m, c, r) : entry(m, r, c);
                    parts.add(unit.sub(qi.mul(qi.slice(-1, a, a + 1))).mul(mij));
                }
                out.add(Tensor.cat(parts, -1));
            }
        return out;
    }

    /** Solves {@code A x = b} for rows {@code [B, k]} of A and {@code b: [B, k]} by elimination without pivoting. */
    static Tensor solve(List<Tensor> rows, Tensor b) {
        int k = rows.size();
        Tensor[] aug = new Tensor[k];
        for (int i = 0; i < k; i++) aug[i] = Tensor.cat(List.of(rows.get(i), b.slice(-1, i, i + 1)), -1);
        for (int c = 0; c < k; c++) {
            Tensor pivot = aug[c].slice(-1, c, c + 1);
            for (int i = c + 1; i < k; i++) aug[i] = aug[i].sub(aug[c].mul(aug[i].slice(-1, c, c + 1).div(pivot)));
        }
        Tensor[] x = new Tensor[k];
        for (int i = k - 1; i >= 0; i--) {
            Tensor s = aug[i].slice(-1, k, k + 1);
            if (i < k - 1) {
                Tensor known = Tensor.cat(java.util.Arrays.asList(x).subList(i + 1, k), -1);
                s = s.sub(aug[i].slice(-1, i + 1, k).mul(known).sum(true, -1));
            }
            x[i] = s.div(aug[i].slice(-1, i, i + 1));
        }
        return Tensor.cat(List.of(x), -1);
    }
}
