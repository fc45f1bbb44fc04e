package org.odeon.models.flowmap;

import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.models.isometric.JacobianSpectrum;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Certified;
import org.odeon.nn.StructureCheck;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The shallow network {@code f(x) = C Φ_T(Ax + b) + e} with {@code m} units, each embedding the input
 * in {@code ℝᵈ} ({@code A ∈ ℝ^{md×n}}, {@code C ∈ ℝ^{p×md}}) and all sharing one
 * {@link FlowMapActivation} {@code Φ_T}; for {@code d = 1} it is {@code Σ_i c_i Φ_T(a_i·x + b_i)}.
 *
 * <p><b>Unit-norm constraint.</b> With {@code unitNorm}, {@code A} and {@code C} are rescaled to spectral
 * norm one after every optimizer step (and at construction), {@code A ← A/‖A‖₂}, so the linear layers
 * cannot undo a contractive flow map.
 *
 * <p><b>Certificate.</b> {@code Φ_T} acts block-wise with one constant {@code Lip(Φ_T)} per block, so it is
 * {@code Lip(Φ_T)}-Lipschitz on {@code ℝ^{md}} in ℓ2, and {@code Lip(f) ≤ ‖C‖₂·Lip(Φ_T)·‖A‖₂}, with the
 * norms bounded from above from the computed weights ({@link OperatorNorm#matrixBound}) and
 * {@code Lip(Φ_T)} the discrete certificate of the integrator in use.
 */
public final class FlowMapNetwork extends Module implements Certified, StructureCheck {
    private final int units, d;
    private final boolean unitNorm;
    private final FlowMapActivation phi;
    private final Parameter a, b, c, e;

    public FlowMapNetwork(int in, int units, int out, FlowMapActivation phi, boolean unitNorm, Rng rng) {
        if (in < 1 || units < 1 || out < 1) throw new IllegalArgumentException("FlowMapNetwork needs positive sizes, got in=" + in + ", units=" + units + ", out=" + out);
        this.units = units;
        this.d = phi.dim();
        this.unitNorm = unitNorm;
        a = parameter("embed", Init.normal(0, 1 / Math.sqrt(in)).draw(DType.F64, new int[] {units * d, in}, rng));
        b = parameter("shift", Init.normal(0, 1).draw(DType.F64, new int[] {units * d}, rng));
        c = parameter("project", Init.normal(0, 1 / Math.sqrt(units * d)).draw(DType.F64, new int[] {out, units * d}, rng));
        e = parameter("bias", NDArray.zeros(DType.F64, out));
        this.phi = child("phi", phi);
        constrain();
    }

    public FlowMapActivation activation() { return phi; }

    public boolean unitNorm() { return unitNorm; }

    @Override public Tensor forward(Tensor x) {
        Tensor z = Tensor.mm(x, false, a.tensor(), true).add(b.tensor());       // [B, m·d]
        Tensor h = phi.forward(z.reshape(x.dim(0), units, d)).reshape(x.dim(0), units * d);
        return Tensor.mm(h, false, c.tensor(), true).add(e.tensor());
    }

    @Override protected void constrain() {
        if (!unitNorm) return;
        for (Parameter p : new Parameter[] {a, c}) {
            double s = JacobianSpectrum.singularValues(p.value())[0];
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("cannot rescale a weight of spectral norm " + s + " to norm one");
            p.assign(p.value().mul(1 / s));
        }
    }

    /** {@code ‖C‖₂·Lip(Φ_T)·‖A‖₂} from the computed weights. */
    @Override public double lipschitzBound(double tol) {
        try (var ng = GradMode.off()) {
            return OperatorNorm.matrixBound(c.value()) * phi.lipschitzBound(tol) * OperatorNorm.matrixBound(a.value());
        }
    }

    /** With unit-norm weights: {@code unit_norm_defect = max(|‖A‖₂ − 1|, |‖C‖₂ − 1|)} (exact singular values). */
    @Override public java.util.Map<String, Double> structureDefects(long seed) {
        if (!unitNorm) return java.util.Map.of();
        double d = Math.max(Math.abs(JacobianSpectrum.singularValues(a.value())[0] - 1), Math.abs(JacobianSpectrum.singularValues(c.value())[0] - 1));
        return java.util.Map.of("unit_norm_defect", d);
    }

    @Override public String toString() { return "FlowMapNetwork(" + units + " units, " + phi + (unitNorm ? ", unit-norm" : "") + ")"; }
}
