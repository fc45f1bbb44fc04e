package org.odeon.pde;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Viscous Burgers {@code u_t + (u²/2)_x = ν u_xx} on the periodic interval {@code [0, 1)}, solved
 * pseudo-spectrally on {@code n} points by the fourth-order exponential time-differencing
 * Runge–Kutta scheme ETDRK4 (Cox–Matthews, with the φ-functions evaluated by contour averages as
 * in Kassam–Trefethen). In Fourier space {@code û' = L û + N(û)} with the diffusion
 * {@code L = −ν(2πk)²} integrated exactly and {@code N(û) = −iπk·F(u²)} (2/3-rule dealiased)
 * by the Runge–Kutta stages; the stiffness of {@code L} sets no step-size limit.
 */
public record PeriodicBurgers(double viscosity, int points) {
    private static final int CONTOUR = 32;

    public PeriodicBurgers {
        if (!(viscosity > 0) || points < 8 || Integer.bitCount(points) != 1)
            throw new IllegalArgumentException("periodic Burgers needs ν > 0 and a power-of-two number of points ≥ 8, got ν=" + viscosity + ", n=" + points);
    }

    /** {@code u(·, t)} from {@code u0} (sampled at {@code j/n}) after {@code steps} equal steps. */
    public double[] solve(double[] u0, double t, int steps) {
        int n = points;
        if (u0.length != n) throw new IllegalArgumentException("Burgers on " + n + " points given an initial state of " + u0.length);
        if (!(t >= 0) || steps < 1) throw new IllegalArgumentException("Burgers: need t ≥ 0 and steps ≥ 1, got t=" + t + ", steps=" + steps);
        double h = t / steps;
        double[] e = new double[n], e2 = new double[n], q = new double[n], f1 = new double[n], f2 = new double[n], f3 = new double[n];
        double[] wave = new double[n];  // 2πk with k = 0..n/2−1, −n/2..−1; the derivative's Nyquist entry is 0
        boolean[] keep = new boolean[n];
        for (int j = 0; j < n; j++) {
            int k = j < n / 2 ? j : j - n;
            wave[j] = j == n / 2 ? 0 : 2 * Math.PI * k;
            keep[j] = Math.abs(k) < n / 3.0;
            double l = -viscosity * 4 * Math.PI * Math.PI * k * k;
            e[j] = Math.exp(h * l);
            e2[j] = Math.exp(h * l / 2);
            double[] phi = phis(h * l);
            q[j] = h * phi[0];
            f1[j] = h * phi[1];
            f2[j] = h * phi[2];
            f3[j] = h * phi[3];
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        double[] v = new double[2 * n];
        for (int j = 0; j < n; j++) v[2 * j] = u0[j];
        fft.complexForward(v);
        double[] nv = new double[2 * n], a = new double[2 * n], na = new double[2 * n], b = new double[2 * n], nb = new double[2 * n],
                c = new double[2 * n], nc = new double[2 * n], work = new double[2 * n];
        for (int s = 0; s < steps; s++) {
            nonlinear(v, nv, wave, keep, fft, work);
            for (int i = 0; i < 2 * n; i++) a[i] = e2[i / 2] * v[i] + q[i / 2] * nv[i];
            nonlinear(a, na, wave, keep, fft, work);
            for (int i = 0; i < 2 * n; i++) b[i] = e2[i / 2] * v[i] + q[i / 2] * na[i];
            nonlinear(b, nb, wave, keep, fft, work);
            for (int i = 0; i < 2 * n; i++) c[i] = e2[i / 2] * a[i] + q[i / 2] * (2 * nb[i] - nv[i]);
            nonlinear(c, nc, wave, keep, fft, work);
            for (int i = 0; i < 2 * n; i++) {
                int j = i / 2;
                v[i] = e[j] * v[i] + f1[j] * nv[i] + 2 * f2[j] * (na[i] + nb[i]) + f3[j] * nc[i];
            }
        }
        fft.complexInverse(v, true);
        double[] u = new double[n];
        for (int j = 0; j < n; j++) u[j] = v[2 * j];
        return u;
    }

    /** {@code N(v̂) = −½·ik·F(u²)} with {@code u = F⁻¹v̂}, dealiased: only {@code |k| < n/3} kept. */
    private static void nonlinear(double[] v, double[] out, double[] wave, boolean[] keep, DoubleFFT_1D fft, double[] work) {
        int n = wave.length;
        System.arraycopy(v, 0, work, 0, 2 * n);
        fft.complexInverse(work, true);
        for (int j = 0; j < n; j++) {
            double re = work[2 * j];
            work[2 * j] = re * re;
            work[2 * j + 1] = 0;
        }
        fft.complexForward(work);
        for (int j = 0; j < n; j++) {
            double g = keep[j] ? -0.5 * wave[j] : 0;   // −½·i·k·(x + iy) = ½k·y − ½k·x·i
            out[2 * j] = -g * work[2 * j + 1];
            out[2 * j + 1] = g * work[2 * j];
        }
    }

    /**
     * {@code φ(z)} values of ETDRK4 at real {@code z = hL} as averages over a circle of radius 1
     * around z (exact for these entire functions; avoids the cancellation of the closed forms near 0):
     * {@code (e^{z/2} − 1)/z}, {@code (−4 − z + e^z(4 − 3z + z²))/z³}, {@code (2 + z + e^z(z − 2))/z³},
     * {@code (−4 − 3z − z² + e^z(4 − z))/z³}.
     */
    private static double[] phis(double z) {
        double[] out = new double[4];
        for (int m = 0; m < CONTOUR; m++) {
            double ang = Math.PI * (m + 0.5) / CONTOUR;
            org.hipparchus.complex.Complex w = new org.hipparchus.complex.Complex(z + Math.cos(ang), Math.sin(ang));
            org.hipparchus.complex.Complex ew = w.exp(), w3 = w.multiply(w).multiply(w);
            out[0] += w.multiply(0.5).exp().subtract(1).divide(w).getReal();
            out[1] += w.negate().subtract(4).add(ew.multiply(w.multiply(w).subtract(w.multiply(3)).add(4))).divide(w3).getReal();
            out[2] += w.add(2).add(ew.multiply(w.subtract(2))).divide(w3).getReal();
            out[3] += w.multiply(w).negate().subtract(w.multiply(3)).subtract(4).add(ew.multiply(w.negate().add(4))).divide(w3).getReal();
        }
        for (int i = 0; i < 4; i++) out[i] /= CONTOUR;
        return out;
    }
}
