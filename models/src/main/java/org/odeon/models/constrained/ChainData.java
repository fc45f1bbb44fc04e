package org.odeon.models.constrained;

import org.odeon.linalg.DenseLu;
import org.odeon.ode.HipparchusReference;
import org.odeon.systems.PendulumChain;
import org.odeon.tensor.Rng;

/**
 * Training and test data from the true {@link PendulumChain}: initial conditions on {@code (T*S²)ⁿ}
 * drawn as in the paper ({@code q_i = g/|g|}, {@code g ~ N(0, I)}; {@code p_i = q_i × s}, {@code s ~ U[0,1)³}),
 * reference trajectories by Hipparchus' Dormand–Prince 8(5,3) at tight tolerance on the chain's own
 * equations in {@code (q, ω)}, converted by {@code v_i = ω_i × q_i}, {@code p = R(q) v} and back by
 * {@code v = R(q)⁻¹p}, {@code ω_i = q_i × v_i} (R as in {@link ConstrainedHamiltonian}).
 */
public final class ChainData {
    private final PendulumChain chain;
    private final int n;
    private final double[][] mass;
    private final HipparchusReference reference;

    public ChainData(PendulumChain chain, HipparchusReference reference) {
        this.chain = chain;
        this.n = chain.pendula();
        this.reference = reference;
        double[] m = chain.masses(), l = chain.lengths();
        for (double li : l) if (li != 1) throw new IllegalArgumentException("ChainData: the (q, p) model takes unit rods; got a length " + li);
        mass = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = Math.max(i, j); k < n; k++) mass[i][j] += m[k];
    }

    /** The paper's chain: n unit masses on unit rods, {@code g = 1}, reference at {@code rtol = atol = 1e-12}. */
    public static ChainData paper(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        return new ChainData(new PendulumChain(ones, ones, 1.0), new HipparchusReference(1e-12, 1e-12));
    }

    public PendulumChain chain() { return chain; }

    /** {@code M_ij = Σ_{k ≥ max(i,j)} m_k}. */
    public double[][] mass() {
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) c[i] = mass[i].clone();
        return c;
    }

    /** The exact Hamiltonian of this chain as a model ({@link ConstrainedHamiltonian#exact}). */
    public ConstrainedHamiltonian exactModel() { return ConstrainedHamiltonian.exact(n, chain.gravity(), mass); }

    /** {@code count} initial states {@code (q_1, p_1, …)}, {@code [count][6n]}. */
    public double[][] initialStates(Rng rng, int count) { return initialStates(rng, n, count); }

    /** {@code count} initial states of an n-pendulum chain on {@code (T*S²)ⁿ}, drawn as the paper does. */
    public static double[][] initialStates(Rng rng, int n, int count) {
        double[][] out = new double[count][6 * n];
        for (int s = 0; s < count; s++)
            for (int i = 0; i < n; i++) {
                double[] g = {rng.normal(), rng.normal(), rng.normal()};
                double norm = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
                double[] q = {g[0] / norm, g[1] / norm, g[2] / norm}, u = {rng.uniform(), rng.uniform(), rng.uniform()};
                int o = 6 * i;
                System.arraycopy(q, 0, out[s], o, 3);
                out[s][o + 3] = q[1] * u[2] - q[2] * u[1];
                out[s][o + 4] = q[2] * u[0] - q[0] * u[2];
                out[s][o + 5] = q[0] * u[1] - q[1] * u[0];
            }
        return out;
    }

    /** The true states at {@code times} (from t = 0) of the chain started at {@code y0 = (q, p)}, {@code [times.length][6n]}. */
    public double[][] trajectory(double[] y0, double[] times) {
        double[][] path = reference.trajectory(chain, 0, toVelocity(y0), times);
        for (int k = 0; k < path.length; k++) path[k] = toMomentum(path[k]);
        return path;
    }

    /** {@code R(q)}, row-major {@code 3n × 3n}. */
    private double[] matrix(double[] y) {
        int m = 3 * n;
        double[] r = new double[m * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++)
                        r[(3 * i + a) * m + 3 * j + b] = i == j ? (a == b ? mass[i][i] : 0)
                                : mass[i][j] * ((a == b ? 1 : 0) - y[6 * i + a] * y[6 * i + b]);
        return r;
    }

    /** {@code (q, ω) → (q, p)}. */
    public double[] toMomentum(double[] y) {
        int m = 3 * n;
        double[] v = new double[m];
        for (int i = 0; i < n; i++) crossInto(y, 6 * i + 3, y, 6 * i, v, 3 * i);
        double[] r = matrix(y), out = y.clone();
        for (int row = 0; row < m; row++) {
            double s = 0;
            for (int c = 0; c < m; c++) s += r[row * m + c] * v[c];
            out[6 * (row / 3) + 3 + row % 3] = s;
        }
        return out;
    }

    /** {@code (q, p) → (q, ω)}. */
    public double[] toVelocity(double[] y) {
        int m = 3 * n;
        double[] v = new double[m];
        for (int i = 0; i < n; i++) System.arraycopy(y, 6 * i + 3, v, 3 * i, 3);
        DenseLu lu = new DenseLu(m);
        if (!lu.factor(matrix(y))) throw new IllegalArgumentException("ChainData: singular R(q); is some |q_i| zero?");
        lu.solve(v);
        double[] out = y.clone();
        for (int i = 0; i < n; i++) crossInto(y, 6 * i, v, 3 * i, out, 6 * i + 3);
        return out;
    }

    private static void crossInto(double[] a, int oa, double[] b, int ob, double[] out, int oc) {
        double ax = a[oa], ay = a[oa + 1], az = a[oa + 2], bx = b[ob], by = b[ob + 1], bz = b[ob + 2];
        out[oc] = ay * bz - az * by;
        out[oc + 1] = az * bx - ax * bz;
        out[oc + 2] = ax * by - ay * bx;
    }
}
