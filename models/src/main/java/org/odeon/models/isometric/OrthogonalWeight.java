package org.odeon.models.isometric;

import org.odeon.autograd.Tensor;
import org.odeon.models.lipschitz.OrthogonalLinear;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.Blas;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A {@code rows×cols} matrix {@code W} with orthonormal rows ({@code WWᵀ = I}, when
 * {@code rows ≤ cols}) or orthonormal columns ({@code WᵀW = I}, when tall), kept so in one of three ways:
 * <pre>
 *   EXPONENTIAL  W = exp(P − Pᵀ)[:rows, :cols]                 ({@link OrthogonalLinear}: on the group at every step)
 *   PROJECTED    W free, put back on the Stiefel manifold after every optimizer step by the polar
 *                iteration W ← W(3I − WᵀW)/2 (Newton–Schulz), run to round-off
 *   FREE         W Haar-random orthogonal at initialisation, then trained without constraint
 * </pre>
 * The first two keep the structure through training; FREE is the paper's "orthogonal at
 * initialisation only", whose {@link #defect()} then grows with training and is reported as such.
 */
public final class OrthogonalWeight extends Module {
    public enum Mode { EXPONENTIAL, PROJECTED, FREE }

    /** Newton–Schulz iterations allowed per projection (quadratic convergence: a handful suffice near the manifold). */
    private static final int MAX_POLAR_STEPS = 60;

    private final int rows, cols;
    private final Mode mode;
    private final OrthogonalLinear exponential;
    private final Parameter free;

    public OrthogonalWeight(int rows, int cols, Mode mode, Rng rng) {
        if (rows <= 0 || cols <= 0) throw new IllegalArgumentException("OrthogonalWeight needs positive sizes, got " + rows + "×" + cols);
        this.rows = rows;
        this.cols = cols;
        this.mode = mode;
        if (mode == Mode.EXPONENTIAL) {
            exponential = child("exp", new OrthogonalLinear(cols, rows, OrthogonalLinear.Map.EXPONENTIAL, false, rng));
            free = null;
        } else {
            exponential = null;
            free = parameter("weight", Init.orthogonal(1).draw(DType.F64, new int[] {rows, cols}, rng));
        }
    }

    public Mode mode() { return mode; }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** {@code W}, differentiable in the parameters. */
    public Tensor weight() { return exponential != null ? exponential.weight() : free.tensor(); }

    /** The linear map {@code x ↦ Wx} on a batch of rows. */
    @Override public Tensor forward(Tensor x) { return Tensor.mm(x, false, weight(), true); }

    /** {@code ‖WWᵀ − I‖_F} (wide) or {@code ‖WᵀW − I‖_F} (tall): an upper bound on the spectral defect. */
    public double defect() { return defect(weight().value()); }

    static double defect(NDArray w) {
        NDArray m = w.astype(DType.F64);
        boolean wide = m.dim(0) <= m.dim(1);
        NDArray g = Blas.matmul(m, !wide, m, wide);
        return g.sub(NDArray.eye(DType.F64, g.dim(0))).norm();
    }

    @Override protected void constrain() {
        if (mode == Mode.PROJECTED)
            free.assign(polar(free.value(), free.dtype() == DType.F32 ? FLOAT32_DEFECT : 0).astype(free.dtype()));
    }

    /** Rounding a float32 matrix already leaves a defect of a few 1e-7: iterating further in float64 buys nothing. */
    private static final double FLOAT32_DEFECT = 1e-6;

    /**
     * The orthogonal polar factor of {@code w} (nearest matrix with orthonormal rows/columns), by
     * Newton–Schulz {@code W ← (3W − WWᵀW)/2} after scaling {@code ‖W‖₂ ≤ 1} when far from the
     * manifold; it stops once the defect {@code ‖WWᵀ − I‖_F} is at most {@code tol} or stops
     * decreasing (round-off reached), keeping the best iterate.
     */
    static NDArray polar(NDArray w, double tol) {
        NDArray x = w.astype(DType.F64);
        boolean wide = x.dim(0) <= x.dim(1);
        NDArray eye = NDArray.eye(DType.F64, Math.min(x.dim(0), x.dim(1)));
        double best = Double.POSITIVE_INFINITY;
        NDArray bestX = x;
        for (int k = 0; k <= MAX_POLAR_STEPS; k++) {
            NDArray g = Blas.matmul(x, !wide, x, wide);
            double d = g.sub(eye).norm();
            if (!Double.isFinite(d)) throw new IllegalArgumentException("cannot project a non-finite weight onto the orthogonal matrices");
            if (k == 0 && d > 0.5) {       // outside the basin of quadratic convergence: scale ‖W‖₂ ≤ 1 first
                x = x.mul(1 / org.odeon.linalg.OperatorNorm.matrixBound(x));
                continue;
            }
            if (!(d < best)) break;
            best = d;
            bestX = x;
            if (d <= tol) break;
            NDArray gx = wide ? Blas.matmul(g, false, x, false) : Blas.matmul(x, false, g, false);
            x = x.mul(1.5).sub(gx.mul(0.5));
        }
        return bestX;
    }

    @Override public String toString() { return "OrthogonalWeight(" + rows + "×" + cols + ", " + mode + ")"; }
}
