package org.odeon.pde;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The pixel paper's data: continuous bilinear ({@code Q1}) finite elements on the periodic
 * {@code n × n} quadrilateral mesh of the unit square, Crank–Nicolson (the implicit midpoint
 * rule) in time — the discretisation the authors solve with Firedrake. For nodal values
 * {@code u} (sampled at {@code (x_j, y_i) = (j/n, i/n)}, {@code u[i·n + j]}) one step solves
 *
 * <pre>
 *   M (u₁ − u₀)/Δt + A (u₁ + u₀)/2 = N(u₀, u₁),
 * </pre>
 *
 * {@code M} the Q1 mass matrix ({@code h²/36 · [1 4 1; 4 16 4; 1 4 1]}), and
 * <ul>
 *   <li>advection {@code u_t + c·∇u = 0}: {@code A = c_x D_x + c_y D_y}, {@code (D_x u)_i = ∫ ∂_x u φ_i}, N = 0;</li>
 *   <li>heat {@code u_t = α Δu}: {@code A = α K}, {@code K} the Q1 stiffness ({@code 1/3 · [−1 −1 −1; −1 8 −1; −1 −1 −1]}), N = 0;</li>
 *   <li>Fisher–KPP {@code u_t = α Δu + r u(1 − u)}: {@code A = α K − r M} and
 *       {@code N_i = −(r/3) ∫ (u₁² + u₁u₀ + u₀²) φ_i}, the midpoint form of {@code −r u²} that the
 *       authors use (exact, not a quadrature: products of Q1 functions are integrated exactly).</li>
 * </ul>
 *
 * <p>On a uniform periodic mesh {@code M} and {@code A} are stencils, hence circulant, so the
 * 2-D DFT diagonalises them and the linear solve is a division by {@code M̂ + (Δt/2)Â}. Fisher's
 * nonlinear step is a fixed-point iteration on {@code N}, a contraction with factor of order
 * {@code rΔt·max|u|}, run until the iterates agree to round-off.
 *
 * <p>This scheme is <em>not</em> one a pixel network represents exactly (its step applies
 * {@code (M + (Δt/2)A)⁻¹}, which is not local); the explicit stencil schemes of
 * {@link PeriodicPde} are. Advection's step keeps {@code uᵀMu} (A is skew, the midpoint rule is
 * symplectic), heat's damps every mode.
 */
public final class BilinearGalerkin {
    private final String name;
    private final int n;
    private final Stencil mass, operator;
    private final double rate;
    private final DoubleFFT_2D fft;
    private final double[] massSymbol, operatorSymbol;   // interleaved (re, im) per wave number (k_y, k_x)
    private final double[][][] triple;                   // ∫ φ_a φ_b φ_c over one element, local nodes 2p + q

    private BilinearGalerkin(String name, int n, Stencil operator, double rate) {
        if (n < 3 || n > 4096) throw new IllegalArgumentException(name + ": grid needs 3 ≤ n ≤ 4096 points a side, got " + n);
        if (!(rate >= 0) || !Double.isFinite(rate)) throw new IllegalArgumentException(name + ": reaction rate must be ≥ 0 and finite, got " + rate);
        double h = 1.0 / n;
        this.name = name;
        this.n = n;
        this.mass = mass(h);
        this.operator = rate == 0 ? operator : operator.plus(mass.scaled(-rate));
        this.rate = rate;
        this.fft = new DoubleFFT_2D(n, n);
        this.massSymbol = symbol(mass, n);
        this.operatorSymbol = symbol(this.operator, n);
        triple = new double[4][4][4];   // a tensor product of the 1-D ∫φ_aφ_bφ_c over an element: h/4 if a = b = c, else h/12
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++)
                for (int c = 0; c < 4; c++)
                    triple[a][b][c] = line(h, a >> 1, b >> 1, c >> 1) * line(h, a & 1, b & 1, c & 1);
    }

    private static double line(double h, int a, int b, int c) { return a == b && b == c ? h / 4 : h / 12; }

    /** {@code u_t + c·∇u = 0} on the unit square, periodic. */
    public static BilinearGalerkin advection(int n, double cx, double cy) {
        if (!Double.isFinite(cx) || !Double.isFinite(cy)) throw new IllegalArgumentException("advection velocity must be finite, got (" + cx + ", " + cy + ")");
        double h = 1.0 / n;
        // ∫ ∂_x u φ_i: the centred difference (u_{j+1} − u_{j−1})/2 along x times the 1-D mass h(1, 4, 1)/6 along y
        Stencil dx = Stencil.of(1, -1, 1, h / 12, 0, 1, 4 * h / 12, 1, 1, h / 12, -1, -1, -h / 12, 0, -1, -4 * h / 12, 1, -1, -h / 12);
        Stencil dy = Stencil.of(1, 1, -1, h / 12, 1, 0, 4 * h / 12, 1, 1, h / 12, -1, -1, -h / 12, -1, 0, -4 * h / 12, -1, 1, -h / 12);
        return new BilinearGalerkin("advection-q1", n, dx.scaled(cx).plus(dy.scaled(cy)), 0);
    }

    /** {@code u_t = α Δu} on the unit square, periodic. */
    public static BilinearGalerkin heat(int n, double alpha) {
        return new BilinearGalerkin("heat-q1", n, stiffness().scaled(requireDiffusivity(alpha)), 0);
    }

    /** {@code u_t = α Δu + r u(1 − u)} on the unit square, periodic. */
    public static BilinearGalerkin fisher(int n, double alpha, double rate) {
        return new BilinearGalerkin("fisher-q1", n, stiffness().scaled(requireDiffusivity(alpha)), rate);
    }

    /** The Q1 mass matrix on spacing {@code h}: {@code (M u)_i = ∫ u φ_i}. */
    public static Stencil mass(double h) {
        double c = h * h / 36;
        return Stencil.of(1, 0, 0, 16 * c, 0, 1, 4 * c, 0, -1, 4 * c, 1, 0, 4 * c, -1, 0, 4 * c, 1, 1, c, 1, -1, c, -1, 1, c, -1, -1, c);
    }

    /** The Q1 stiffness matrix {@code (K u)_i = ∫ ∇u·∇φ_i} (independent of the spacing in 2-D). */
    public static Stencil stiffness() {
        double c = -1.0 / 3;
        return Stencil.of(1, 0, 0, 8.0 / 3, 0, 1, c, 0, -1, c, 1, 0, c, -1, 0, c, 1, 1, c, 1, -1, c, -1, 1, c, -1, -1, c);
    }

    private static double requireDiffusivity(double alpha) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("diffusivity must be ≥ 0 and finite, got " + alpha);
        return alpha;
    }

    public String name() { return name; }
    public int n() { return n; }

    /** The mass matrix {@code M} of this mesh. */
    public Stencil massMatrix() { return mass; }

    /** {@code A}: the linear part of the weak form (for Fisher including {@code −rM}). */
    public Stencil operator() { return operator; }

    /** {@code N(u₀, u₁)_i = −(r/3) ∫ (u₁² + u₁u₀ + u₀²) φ_i}, assembled exactly; zero for linear equations. */
    public double[] reaction(double[] u0, double[] u1) {
        double[] out = new double[n * n];
        if (rate == 0) return out;
        int[] node = new int[4];
        double[] a = new double[4], b = new double[4];
        for (int ey = 0; ey < n; ey++)
            for (int ex = 0; ex < n; ex++) {
                for (int p = 0; p < 2; p++)
                    for (int q = 0; q < 2; q++) {
                        int k = 2 * p + q;
                        node[k] = ((ey + p) % n) * n + (ex + q) % n;
                        a[k] = u1[node[k]];
                        b[k] = u0[node[k]];
                    }
                for (int t = 0; t < 4; t++) {
                    double s = 0;
                    for (int i = 0; i < 4; i++)
                        for (int j = 0; j < 4; j++) s += triple[t][i][j] * (a[i] * a[j] + a[i] * b[j] + b[i] * b[j]);
                    out[node[t]] -= rate / 3 * s;
                }
            }
        return out;
    }

    /** One Crank–Nicolson step of {@code dt}, in place. */
    public void step(double[] u, double dt) {
        if (u.length != n * n) throw new IllegalArgumentException(name + ": state has " + u.length + " values, the grid " + n * n);
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException(name + ": time step must be positive and finite, got " + dt);
        double[] explicit = transform(u);          // (M − Δt/2 A) u₀, then divided by (M + Δt/2 A), in Fourier space
        for (int k = 0; k < n * n; k++) {
            double mr = massSymbol[2 * k], mi = massSymbol[2 * k + 1], ar = operatorSymbol[2 * k] * dt / 2, ai = operatorSymbol[2 * k + 1] * dt / 2;
            mul(explicit, k, mr - ar, mi - ai);
            div(explicit, k, mr + ar, mi + ai);
        }
        double[] linear = inverse(explicit);
        if (rate == 0) {
            System.arraycopy(linear, 0, u, 0, u.length);
            return;
        }
        double[] u0 = u.clone(), u1 = linear.clone();
        double scale = 0;
        for (double v : u0) scale = Math.max(scale, Math.abs(v));
        for (int it = 0; ; it++) {
            double[] z = transform(reaction(u0, u1));
            for (int k = 0; k < n * n; k++)
                div(z, k, massSymbol[2 * k] + operatorSymbol[2 * k] * dt / 2, massSymbol[2 * k + 1] + operatorSymbol[2 * k + 1] * dt / 2);
            double[] corr = inverse(z);
            double change = 0;
            for (int i = 0; i < u1.length; i++) {
                double next = linear[i] + dt * corr[i];
                change = Math.max(change, Math.abs(next - u1[i]));
                u1[i] = next;
            }
            if (!Double.isFinite(change) || it == 100)
                throw new IllegalArgumentException(name + ": the Crank–Nicolson iteration did not converge at Δt = " + dt + " (field too large or step too long)");
            if (change <= 1e-14 * Math.max(1, scale)) break;
        }
        System.arraycopy(u1, 0, u, 0, u.length);
    }

    /** The frames {@code u(0), u(dt), …, u(frames·dt)} from {@code u0} (not modified). */
    public double[][] trajectory(double[] u0, double dt, int frames) {
        if (frames < 0) throw new IllegalArgumentException(name + ": frame count must be ≥ 0, got " + frames);
        double[][] out = new double[frames + 1][];
        double[] u = u0.clone();
        out[0] = u.clone();
        for (int f = 1; f <= frames; f++) {
            step(u, dt);
            out[f] = u.clone();
        }
        return out;
    }

    /**
     * The stencil's Fourier symbol {@code Σ w[a, b] e^{i(a θ_y + b θ_x)}} at {@code θ = 2π k/n}: the
     * factor by which it multiplies the mode {@code e^{i(i θ_y + j θ_x)}}.
     */
    static double[] symbol(Stencil s, int n) {
        double[] out = new double[2 * n * n];
        int r = s.radius();
        for (int ky = 0; ky < n; ky++)
            for (int kx = 0; kx < n; kx++) {
                double re = 0, im = 0;
                for (int a = -r; a <= r; a++)
                    for (int b = -r; b <= r; b++) {
                        double w = s.weight(a, b), th = 2 * Math.PI * (a * (double) ky + b * (double) kx) / n;
                        re += w * Math.cos(th);
                        im += w * Math.sin(th);
                    }
                out[2 * (ky * n + kx)] = re;
                out[2 * (ky * n + kx) + 1] = im;
            }
        return out;
    }

    private double[] transform(double[] u) {
        double[] z = new double[2 * n * n];
        for (int i = 0; i < u.length; i++) z[2 * i] = u[i];
        fft.complexForward(z);
        return z;
    }

    private double[] inverse(double[] z) {
        fft.complexInverse(z, true);
        double[] u = new double[n * n];
        for (int i = 0; i < u.length; i++) u[i] = z[2 * i];
        return u;
    }

    private static void mul(double[] z, int k, double re, double im) {
        double a = z[2 * k], b = z[2 * k + 1];
        z[2 * k] = a * re - b * im;
        z[2 * k + 1] = a * im + b * re;
    }

    private static void div(double[] z, int k, double re, double im) {
        double d = re * re + im * im, a = z[2 * k], b = z[2 * k + 1];
        z[2 * k] = (a * re + b * im) / d;
        z[2 * k + 1] = (b * re - a * im) / d;
    }
}
