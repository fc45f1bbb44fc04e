package org.odeon.pde;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.ejml.ops.DConvertMatrixStruct;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;

/**
 * Darcy flow {@code −∇·(a ∇u) = f} on the unit square with {@code u = 0} on the boundary, by the
 * five-point finite-difference scheme on the {@code s × s} nodes {@code (i, j)/(s−1)}:
 * <pre>  [a_{i+½,j}(u_ij − u_{i+1,j}) + a_{i−½,j}(u_ij − u_{i−1,j}) + a_{i,j+½}(…) + a_{i,j−½}(…)] / h² = f_ij,</pre>
 * with face coefficients the means of the two nodes' values. Second-order accurate for smooth
 * {@code a} and {@code u}. The matrix on the {@code (s−2)²} interior nodes is symmetric positive
 * definite (a weighted graph Laplacian plus boundary terms), so it is factored once per coefficient
 * by EJML's sparse Cholesky; a solver keeps the symbolic factorisation across coefficients.
 */
public final class Darcy {
    private final int s, m;
    private final LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> solver = LinearSolverFactory_DSCC.cholesky(FillReducing.NONE);
    private final DMatrixSparseCSC matrix;
    private final DMatrixSparseTriplet triplets;

    public Darcy(int s) {
        if (s < 3 || s > 4097) throw new IllegalArgumentException("Darcy grid needs 3 to 4097 nodes per side, got " + s);
        this.s = s;
        this.m = s - 2;
        triplets = new DMatrixSparseTriplet(m * m, m * m, 5 * m * m);
        matrix = new DMatrixSparseCSC(m * m, m * m, 5 * m * m);
    }

    public int nodes() { return s; }

    /** The solution on all {@code s²} nodes (row-major, boundary zero) for coefficient {@code a} and source {@code f} on the nodes. */
    public double[] solve(double[] a, double[] f) {
        if (a.length != s * s || f.length != s * s)
            throw new IllegalArgumentException("Darcy on " + s + "×" + s + " nodes given a of " + a.length + " and f of " + f.length + " values");
        for (double v : a) if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("Darcy coefficient must be positive and finite, found " + v);
        double inv = (s - 1.0) * (s - 1.0);
        triplets.reshape(m * m, m * m, 5 * m * m);
        DMatrixRMaj rhs = new DMatrixRMaj(m * m, 1);
        for (int i = 1; i <= m; i++)
            for (int j = 1; j <= m; j++) {
                int row = (i - 1) * m + (j - 1);
                double centre = a[i * s + j], diag = 0;
                int[][] nbrs = {{i + 1, j}, {i - 1, j}, {i, j + 1}, {i, j - 1}};
                for (int[] nb : nbrs) {
                    double face = 0.5 * (centre + a[nb[0] * s + nb[1]]) * inv;
                    diag += face;
                    boolean interior = nb[0] >= 1 && nb[0] <= m && nb[1] >= 1 && nb[1] <= m;
                    if (interior) triplets.addItem(row, (nb[0] - 1) * m + (nb[1] - 1), -face);   // boundary values are 0
                }
                triplets.addItem(row, row, diag);
                rhs.set(row, 0, f[i * s + j]);
            }
        DConvertMatrixStruct.convert(triplets, matrix);
        if (!solver.setA(matrix)) throw new IllegalStateException("Darcy: Cholesky factorisation failed on an " + s + "×" + s + " grid");
        solver.setStructureLocked(true);   // every coefficient gives the same sparsity pattern
        DMatrixRMaj x = new DMatrixRMaj(m * m, 1);
        solver.solve(rhs, x);
        double[] u = new double[s * s];
        for (int i = 1; i <= m; i++)
            for (int j = 1; j <= m; j++) u[i * s + j] = x.get((i - 1) * m + (j - 1), 0);
        return u;
    }
}
