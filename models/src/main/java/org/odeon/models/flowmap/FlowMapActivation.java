package org.odeon.models.flowmap;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.ode.ButcherTableau;
import org.odeon.ode.TensorRungeKutta;
import org.odeon.nn.Certified;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The flow-map activation {@code Φ_T: ℝᵈ → ℝᵈ}, the time-{@code T} map of the neural ODE
 * <pre>  z' = F(z) = U tanh(Vz + c) − κ z,   U ∈ ℝ^{d×h}, V ∈ ℝ^{h×d}, c ∈ ℝʰ,</pre>
 * integrated by {@code N} equal steps of an explicit Runge–Kutta method ({@link TensorRungeKutta},
 * differentiable to any order). Acting on a tensor {@code [..., d]}, it maps each trailing block;
 * {@code d = 1} is a scalar activation applied element-wise.
 *
 * <p><b>Constraint (one-sided Lipschitz bound).</b> With {@code u_j, v_j} the columns of {@code U} and
 * rows of {@code V}, {@code DF = Σ_j t_j u_j v_jᵀ − κI} with {@code t_j = tanh' ∈ (0, 1]}. The
 * logarithmic norm is subadditive and {@code μ(u vᵀ) = (uᵀv + ‖u‖‖v‖)/2 ≥ 0}, so
 * <pre>  μ(DF) ≤ μ̂ − κ,  μ̂ = Σ_j (u_jᵀv_j + ‖u_j‖‖v_j‖)/2;    ‖DF‖ ≤ L = Σ_j ‖u_j‖‖v_j‖ + κ.</pre>
 * When constrained to {@code μ_max}, the damping is {@code κ = max(0, μ̂ − μ_max)} (a differentiable
 * function of the weights, recomputed at every call), so {@code μ(DF) ≤ μ_max} always and the exact
 * flow has {@code Lip(Φ_T) ≤ e^{Tμ_max}}. Unconstrained, {@code κ = 0} and the same formulas still
 * certify the map.
 *
 * <p><b>The discrete map.</b> For one step of size {@code h} of a tableau with {@code b ≥ 0}, writing the
 * differences of stages through mean Jacobians {@code Ā_i} (each with {@code μ ≤ μ}, {@code ‖·‖ ≤ L}),
 * <pre>  δy' = (I + h Σ b_iĀ_i) δy + h² Σ_i b_iĀ_i Σ_j a_ij δK_j,   ‖δK_i‖ ≤ k_i‖δy‖,  k_i = L(1 + h Σ_j |a_ij| k_j),</pre>
 * and {@code ‖I + hM‖² ≤ 1 + 2hμ + h²L²} for the convex combination {@code M}; hence the per-step bound
 * {@code ρ(h) = √(1 + 2hμ + h²L²) + h²L Σ_i b_i Σ_j |a_ij| k_j} and {@code Lip(Φ_T) ≤ ρ(h)^N}
 * ({@link #lipschitzBound}). As {@code h → 0}, {@code ρ^N → e^{Tμ}}; for Euler the remainder is zero.
 */
public final class FlowMapActivation extends Module implements Certified {
    private final int d, hidden, steps;
    private final double time, muMax;
    private final ButcherTableau tableau;
    private final TensorRungeKutta method;
    private final Parameter u, v, c;

    /**
     * @param muMax the one-sided Lipschitz bound to enforce on the field, or {@code Double.NaN} for none
     */
    public FlowMapActivation(int dim, int hidden, double time, int steps, ButcherTableau tableau, double muMax, Rng rng) {
        if (dim < 1 || hidden < 1) throw new IllegalArgumentException("FlowMapActivation needs positive dim and hidden width, got " + dim + ", " + hidden);
        if (!(time > 0) || !Double.isFinite(time)) throw new IllegalArgumentException("FlowMapActivation needs a finite time T > 0, got " + time);
        if (steps < 1) throw new IllegalArgumentException("FlowMapActivation needs at least one step, got " + steps);
        if (Double.isInfinite(muMax)) throw new IllegalArgumentException("muMax must be finite, or NaN for no constraint");
        for (double b : tableau.b())
            if (b < 0) throw new IllegalArgumentException("the discrete Lipschitz certificate needs weights b ≥ 0; " + tableau.name() + " has " + b);
        this.d = dim;
        this.hidden = hidden;
        this.time = time;
        this.steps = steps;
        this.tableau = tableau;
        this.method = new TensorRungeKutta(tableau);
        this.muMax = muMax;
        v = parameter("in", Init.normal(0, 1).draw(DType.F64, new int[] {hidden, dim}, rng));
        c = parameter("shift", Init.normal(0, 1).draw(DType.F64, new int[] {hidden}, rng));
        u = parameter("out", Init.normal(0, 1 / Math.sqrt(hidden)).draw(DType.F64, new int[] {dim, hidden}, rng));
    }

    public int dim() { return d; }

    public boolean constrained() { return !Double.isNaN(muMax); }

    /** {@code (Σ_j u_jᵀv_j + ‖u_j‖‖v_j‖)/2} and {@code Σ_j ‖u_j‖‖v_j‖}, as tensors of shape [] in the weights. */
    private Tensor[] fieldBounds() {
        Tensor ut = u.tensor().transpose(0, 1);                            // [h, d]: row j is u_j
        Tensor vv = v.tensor();
        Tensor dots = ut.mul(vv).sum(false, 1);
        Tensor norms = ut.square().sum(false, 1).sqrt().mul(vv.square().sum(false, 1).sqrt());
        return new Tensor[] {dots.add(norms).sum().mul(0.5), norms.sum()};
    }

    /** The damping {@code κ ≥ 0} that puts {@code μ(DF) ≤ μ_max}; zero when unconstrained. */
    private Tensor damping(Tensor muHat) {
        return constrained() ? muHat.sub(muMax).relu() : muHat.mul(0);
    }

    /** {@code F(z)} on rows {@code [B, d]}. */
    public Tensor field(Tensor z) { return field(z, damping(fieldBounds()[0])); }

    private Tensor field(Tensor z, Tensor kappa) {
        return Tensor.mm(Tensor.mm(z, false, v.tensor(), true).add(c.tensor()).tanh(), false, u.tensor(), true).sub(z.mul(kappa));
    }

    @Override public Tensor forward(Tensor x) {
        int[] shape = x.shape();
        if (shape[shape.length - 1] != d && d != 1)
            throw new IllegalArgumentException("FlowMapActivation(d=" + d + ") needs a trailing axis of " + d + ", got shape " + java.util.Arrays.toString(shape));
        Tensor kappa = damping(fieldBounds()[0]);
        Tensor z = x.reshape(x.size() / d, d);
        Tensor out = method.integrate((t, y) -> field(y, kappa), 0, z, time, time / steps);
        return out.reshape(shape);
    }

    /** The certified one-sided Lipschitz constant {@code μ̂ − κ} of the field and its Lipschitz constant {@code L}. */
    public double[] fieldCertificate() {
        try (var ng = GradMode.off()) {
            Tensor[] b = fieldBounds();
            double kappa = damping(b[0]).item();
            return new double[] {b[0].item() - kappa, b[1].item() + kappa};
        }
    }

    /** {@code e^{Tμ}}: the certificate of the exact flow map (not of the computed one). */
    public double continuousBound() { return Math.exp(time * fieldCertificate()[0]); }

    /** {@code ρ(h)^N}: the certificate of the discrete map that {@link #forward} evaluates. */
    @Override public double lipschitzBound(double tol) {
        double[] ml = fieldCertificate();
        return Math.pow(stepBound(tableau, time / steps, ml[0], ml[1]), steps);
    }

    /** {@code ρ(h)} for one step of {@code tableau} on a field with {@code μ(DF) ≤ mu}, {@code ‖DF‖ ≤ lip}. */
    static double stepBound(ButcherTableau tableau, double h, double mu, double lip) {
        double[][] a = tableau.a();
        double[] b = tableau.b();
        double[] k = new double[b.length];
        double remainder = 0;
        for (int i = 0; i < b.length; i++) {
            double s = 0;
            for (int j = 0; j < i; j++) s += Math.abs(a[i][j]) * k[j];
            k[i] = lip * (1 + h * s);
            remainder += b[i] * s;
        }
        return Math.sqrt(Math.max(0, 1 + 2 * h * mu + h * h * lip * lip)) + h * h * lip * remainder;
    }

    @Override public String toString() {
        return "FlowMapActivation(d=" + d + ", h=" + hidden + ", T=" + time + ", " + steps + "×" + tableau.name()
                + (constrained() ? ", μ ≤ " + muMax : "") + ")";
    }
}
