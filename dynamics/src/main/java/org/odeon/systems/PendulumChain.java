package org.odeon.systems;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.ArrayList;
import java.util.List;
import org.netlib.util.intW;

/**
 * A chain of n spherical pendula under gravity {@code −g e₃}, on {@code (TS²)ⁿ}: body j hangs at
 * {@code x_j = Σ_{i≤j} L_i q_i} with unit directions {@code |q_j| = 1} and angular velocities
 * {@code ω_j ⊥ q_j}, {@code q_j' = ω_j × q_j}. With {@code M_jk = Σ_{i ≥ max(j,k)} m_i}, taking
 * {@code q_j ×} the Euler–Lagrange equations removes the constraint forces and leaves
 * <pre>  R(q) ω' = b(q, ω),   R_jj = M_jj L_j² I,   R_jk = M_jk L_j L_k q̂_jᵀ q̂_k,
 *   b_j = Σ_{k≠j} M_jk L_j L_k |ω_k|² q_j × q_k − M_jj g L_j q_j × e₃,</pre>
 * whose solution keeps {@code ω_j' ⊥ q_j}, so the flow stays on {@code (TS²)ⁿ}. Energy
 * {@code ½ Σ M_jk L_j L_k q_j'·q_k' + Σ M_jj g L_j e₃·q_j}; also conserved: the angular momentum
 * about the vertical axis and the constraints {@code |q_j| = 1}, {@code q_j·ω_j = 0}.
 *
 * <p>State layout: one block {@code (q_j, ω_j)} of six numbers per pendulum. The symmetric
 * positive-definite {@code 3n × 3n} system is solved by LAPACK in per-thread scratch space.
 */
public final class PendulumChain implements OdeSystem {
    private static final LAPACK LAPACK_ = LAPACK.getInstance();

    private final int n;
    private final double[] masses, lengths;
    private final double gravity;
    private final double[][] cumulativeMass;
    private final ThreadLocal<Scratch> scratch;

    private record Scratch(double[] r, double[] rhs, int[] pivots, intW info) {}

    public PendulumChain(double[] masses, double[] lengths, double gravity) {
        if (masses.length == 0 || masses.length != lengths.length)
            throw new IllegalArgumentException("PendulumChain: need equally many (≥ 1) masses and lengths, got " + masses.length + " and " + lengths.length);
        for (int j = 0; j < masses.length; j++)
            if (!(masses[j] > 0) || !(lengths[j] > 0))
                throw new IllegalArgumentException("PendulumChain: mass and length of pendulum " + j + " must be positive, got " + masses[j] + ", " + lengths[j]);
        this.n = masses.length;
        this.masses = masses.clone();
        this.lengths = lengths.clone();
        this.gravity = gravity;
        this.cumulativeMass = new double[n][n];
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
                for (int i = Math.max(j, k); i < n; i++) cumulativeMass[j][k] += masses[i];
        int m = 3 * n;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(new double[m * m], new double[m], new int[m], new intW(0)));
    }

    /** n unit masses on unit rods, g = 9.81, tilted and spinning (see {@link #initialState()}). */
    public static PendulumChain standard(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        return new PendulumChain(ones, ones, 9.81);
    }

    public int pendula() { return n; }

    public double[] masses() { return masses.clone(); }

    public double[] lengths() { return lengths.clone(); }

    public double gravity() { return gravity; }

    @Override public String name() { return "PendulumChain" + n; }

    @Override public int dimension() { return 6 * n; }

    /** Pendulum j tilted by {@code 0.5 + 0.25j} from the downward vertical, azimuth {@code 0.4j}, spinning. */
    @Override
    public double[] initialState() {
        double[] y = new double[6 * n];
        for (int j = 0; j < n; j++) {
            double a = 0.5 + 0.25 * j, b = 0.4 * j;
            double qx = Math.sin(a) * Math.cos(b), qy = Math.sin(a) * Math.sin(b), qz = -Math.cos(a);
            int o = 6 * j;
            y[o] = qx; y[o + 1] = qy; y[o + 2] = qz;
            // ω = 0.5 q × e₃ + 0.3 (e₃ − (q·e₃) q), both orthogonal to q.
            y[o + 3] = 0.5 * qy - 0.3 * qz * qx;
            y[o + 4] = -0.5 * qx - 0.3 * qz * qy;
            y[o + 5] = 0.3 * (1 - qz * qz);
        }
        return y;
    }

    @Override
    public void evaluate(double t, double[] y, double[] d) {
        for (int j = 0; j < n; j++) {
            int o = 6 * j;
            cross(y, o + 3, y, o, d, o);
        }
        angularAcceleration(y, d);
    }

    /** Writes {@code ω_j'} into the ω-slots of {@code d} by solving {@code R(q) ω' = b(q, ω)}. */
    void angularAcceleration(double[] y, double[] d) {
        Scratch s = scratch.get();
        double[] r = s.r(), rhs = s.rhs();
        int m = 3 * n;
        for (int j = 0; j < n; j++) {
            int oj = 6 * j;
            double qjx = y[oj], qjy = y[oj + 1], qjz = y[oj + 2];
            double mjj = cumulativeMass[j][j] * lengths[j];
            // −M_jj g L_j q_j × e₃ = −M_jj g L_j (q_y, −q_x, 0)
            double bx = -mjj * gravity * qjy, by = mjj * gravity * qjx, bz = 0;
            for (int k = 0; k < n; k++) {
                int ok = 6 * k;
                double c = cumulativeMass[j][k] * lengths[j] * lengths[k];
                if (k == j) {
                    for (int a = 0; a < 3; a++)
                        for (int b = 0; b < 3; b++) r[(3 * k + b) * m + 3 * j + a] = a == b ? c : 0;
                    continue;
                }
                double qkx = y[ok], qky = y[ok + 1], qkz = y[ok + 2];
                double w2 = y[ok + 3] * y[ok + 3] + y[ok + 4] * y[ok + 4] + y[ok + 5] * y[ok + 5];
                bx += c * w2 * (qjy * qkz - qjz * qky);
                by += c * w2 * (qjz * qkx - qjx * qkz);
                bz += c * w2 * (qjx * qky - qjy * qkx);
                // q̂_jᵀ q̂_k = (q_j·q_k) I − q_k q_jᵀ
                double dot = qjx * qkx + qjy * qky + qjz * qkz;
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++)
                        r[(3 * k + b) * m + 3 * j + a] = c * ((a == b ? dot : 0) - y[ok + a] * y[oj + b]);
            }
            rhs[3 * j] = bx;
            rhs[3 * j + 1] = by;
            rhs[3 * j + 2] = bz;
        }
        intW info = s.info();
        LAPACK_.dgesv(m, 1, r, m, s.pivots(), rhs, m, info);
        if (info.val != 0) throw new IllegalStateException("PendulumChain: singular mass matrix (LAPACK info " + info.val + ")");
        for (int j = 0; j < n; j++) {
            d[6 * j + 3] = rhs[3 * j];
            d[6 * j + 4] = rhs[3 * j + 1];
            d[6 * j + 5] = rhs[3 * j + 2];
        }
    }

    public double energy(double[] y) {
        double kinetic = 0, potential = 0;
        double[] v = velocities(y);
        for (int j = 0; j < n; j++) {
            potential += cumulativeMass[j][j] * gravity * lengths[j] * y[6 * j + 2];
            for (int k = 0; k < n; k++)
                kinetic += 0.5 * cumulativeMass[j][k] * lengths[j] * lengths[k]
                        * (v[3 * j] * v[3 * k] + v[3 * j + 1] * v[3 * k + 1] + v[3 * j + 2] * v[3 * k + 2]);
        }
        return kinetic + potential;
    }

    /** Angular momentum about the vertical axis, {@code Σ_i m_i (x_i × x_i')·e₃}. */
    public double verticalAngularMomentum(double[] y) {
        double[] v = velocities(y);
        double x = 0, yy = 0, vx = 0, vy = 0, lz = 0;
        for (int i = 0; i < n; i++) {
            x += lengths[i] * y[6 * i];
            yy += lengths[i] * y[6 * i + 1];
            vx += lengths[i] * v[3 * i];
            vy += lengths[i] * v[3 * i + 1];
            lz += masses[i] * (x * vy - yy * vx);
        }
        return lz;
    }

    /** {@code q_j' = ω_j × q_j} for all j, packed in blocks of three. */
    private double[] velocities(double[] y) {
        double[] v = new double[3 * n];
        for (int j = 0; j < n; j++) cross(y, 6 * j + 3, y, 6 * j, v, 3 * j);
        return v;
    }

    @Override
    public List<Invariant> invariants() {
        List<Invariant> list = new ArrayList<>();
        list.add(new Invariant("energy", this::energy));
        list.add(new Invariant("vertical angular momentum", this::verticalAngularMomentum));
        for (int j = 0; j < n; j++) {
            int o = 6 * j;
            list.add(new Invariant("|q" + j + "|²", y -> y[o] * y[o] + y[o + 1] * y[o + 1] + y[o + 2] * y[o + 2]));
            list.add(new Invariant("q" + j + "·ω" + j, y -> y[o] * y[o + 3] + y[o + 1] * y[o + 4] + y[o + 2] * y[o + 5]));
        }
        return list;
    }

    /** out[oc..oc+3) = a[oa..oa+3) × b[ob..ob+3). */
    static void cross(double[] a, int oa, double[] b, int ob, double[] out, int oc) {
        double ax = a[oa], ay = a[oa + 1], az = a[oa + 2], bx = b[ob], by = b[ob + 1], bz = b[ob + 2];
        out[oc] = ay * bz - az * by;
        out[oc + 1] = az * bx - ax * bz;
        out[oc + 2] = ax * by - ay * bx;
    }
}
