package org.odeon.models.isometric;

import java.util.List;
import java.util.function.UnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Exact input-to-output Jacobians of a row-wise map {@code f: [B, n] → [B, m]} at given inputs, and
 * what they say about dynamical isometry: singular values, the defect {@code ‖JᵀJ − I‖}, the
 * isometry defect on a subspace. Row {@code i} of every sample's Jacobian comes from one reverse
 * pass with the cotangent {@code eᵢ} on every row of the batch, so {@code m} passes give all
 * {@code B} Jacobians (valid because {@code f} does not couple rows).
 */
public final class JacobianSpectrum {
    private JacobianSpectrum() {}

    /** The Jacobians {@code J_b = ∂f(x)_b/∂x_b} as {@code [B, m, n]} (float64 storage; computed in the dtype of {@code x}). */
    public static NDArray jacobians(UnaryOperator<Tensor> f, NDArray x) {
        if (x.rank() != 2) throw new IllegalArgumentException("JacobianSpectrum needs inputs [B, n], got rank " + x.rank());
        Tensor xi = Tensor.param(x.copy());
        Tensor y = f.apply(xi);
        if (y.rank() != 2 || y.dim(0) != x.dim(0))
            throw new IllegalArgumentException("JacobianSpectrum needs a row-wise map [B, n] → [B, m], got output " + java.util.Arrays.toString(y.shape()));
        int batch = x.dim(0), n = x.dim(1), m = y.dim(1);
        double[] jac = new double[batch * m * n];
        for (int i = 0; i < m; i++) {
            double[] e = new double[batch * m];
            for (int b = 0; b < batch; b++) e[b * m + i] = 1;
            Tensor cot = Tensor.constant(NDArray.of(y.dtype(), new int[] {batch, m}, e));
            double[] row = Autograd.grad(List.of(y), List.of(xi), List.of(cot), false).get(0).value().data();
            for (int b = 0; b < batch; b++) System.arraycopy(row, b * n, jac, (b * m + i) * n, n);
        }
        return NDArray.of(DType.F64, new int[] {batch, m, n}, jac);
    }

    /** The singular values of each sample's Jacobian, largest first: {@code [B][min(m, n)]}. */
    public static double[][] singularValues(UnaryOperator<Tensor> f, NDArray x) {
        NDArray j = jacobians(f, x);
        int batch = j.dim(0), m = j.dim(1), n = j.dim(2);
        double[][] out = new double[batch][];
        for (int b = 0; b < batch; b++)
            out[b] = singularValues(NDArray.of(DType.F64, new int[] {m, n}, java.util.Arrays.copyOfRange(j.data(), b * m * n, (b + 1) * m * n)));
        return out;
    }

    /** The singular values of a matrix {@code [m, n]}, largest first (EJML's SVD). */
    public static double[] singularValues(NDArray matrix) {
        if (matrix.rank() != 2) throw new IllegalArgumentException("singular values need a matrix, got rank " + matrix.rank());
        int m = matrix.dim(0), n = matrix.dim(1);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, false, false, true);
        DMatrixRMaj a = new DMatrixRMaj(m, n);
        System.arraycopy(matrix.astype(DType.F64).data(), 0, a.data, 0, m * n);
        if (!svd.decompose(a)) throw new ArithmeticException("SVD did not converge");
        double[] s = java.util.Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
        for (int i = 0; i < s.length; i++) s[i] = Math.abs(s[i]);   // EJML may return −0.0 for a zero singular value
        java.util.Arrays.sort(s);
        for (int i = 0; i < s.length / 2; i++) { double t = s[i]; s[i] = s[s.length - 1 - i]; s[s.length - 1 - i] = t; }
        return s;
    }

    /** {@code max_b ‖J_bᵀJ_b − I‖_F} (an upper bound on the spectral defect), over the given inputs. */
    public static double orthogonalityDefect(UnaryOperator<Tensor> f, NDArray x) {
        return gramDefect(jacobians(f, x), null);
    }

    /**
     * {@code max_b ‖(J_bP)ᵀ(J_bP) − I‖_F} for a subspace with orthonormal basis {@code P: [n, k]}: zero
     * when every Jacobian is an isometry on {@code span P}.
     */
    public static double isometryDefectOn(UnaryOperator<Tensor> f, NDArray x, NDArray basis) {
        return gramDefect(jacobians(f, x), basis.astype(DType.F64));
    }

    private static double gramDefect(NDArray jac, NDArray basis) {
        int batch = jac.dim(0), m = jac.dim(1), n = jac.dim(2);
        double worst = 0;
        for (int b = 0; b < batch; b++) {
            NDArray jb = NDArray.of(DType.F64, new int[] {m, n}, java.util.Arrays.copyOfRange(jac.data(), b * m * n, (b + 1) * m * n));
            if (basis != null) jb = jb.matmul(basis);
            NDArray g = org.odeon.tensor.Blas.matmul(jb, true, jb, false);
            worst = Math.max(worst, g.sub(NDArray.eye(DType.F64, g.dim(0))).norm());
        }
        return worst;
    }

    /**
     * The structure report of an isometric layer or network ({@link org.odeon.nn.StructureCheck}):
     * {@code jacobian_defect_certified} from its weights and {@code jacobian_defect_measured},
     * {@code max ‖JᵀJ − I‖_F} (or on {@code span basis}) at four Gaussian probes in {@code ℝ^width}.
     */
    public static java.util.Map<String, Double> defects(UnaryOperator<Tensor> f, double certified, int width, NDArray basis, long seed) {
        NDArray probes = new org.odeon.tensor.Rng(seed).normal(DType.F64, 0, 1, 4, width);
        var out = new java.util.LinkedHashMap<String, Double>();
        out.put("jacobian_defect_certified", certified);
        out.put("jacobian_defect_measured", basis == null ? orthogonalityDefect(f, probes) : isometryDefectOn(f, probes, basis));
        return out;
    }

    /** The first {@code k} coordinate vectors of {@code ℝⁿ} as a basis {@code [n, k]}. */
    public static NDArray coordinateBasis(int n, int k) {
        double[] p = new double[n * k];
        for (int i = 0; i < k; i++) p[i * k + i] = 1;
        return NDArray.of(DType.F64, new int[] {n, k}, p);
    }
}
