package org.odeon.lie;

import org.odeon.autograd.Tensor;

/**
 * The rotation group SO(3) acting on itself by left multiplication, {@code exp(ξ)·R = exp(ξ̂) R},
 * with 𝔰𝔬(3) ≅ ℝ³ through the hat map {@code ξ̂ v = ξ × v} and bracket {@code [a, b] = a × b}.
 * Points are 3×3 matrices, row-major. The exponential is Rodrigues' formula
 * <pre>  exp(ξ̂) = I + (sin θ/θ) ξ̂ + ((1 − cos θ)/θ²) ξ̂²,   θ = |ξ|,</pre>
 * which is orthogonal to round-off for every ξ.
 */
public final class SO3 implements HomogeneousSpace, TensorHomogeneousSpace {
    public static final SO3 GROUP = new SO3();

    private SO3() {}

    @Override public int algebraDimension() { return 3; }
    @Override public int pointDimension() { return 9; }

    /** {@code sin θ/θ} as a function of θ² (Taylor series near 0, where the quotient is 0/0). */
    static double sinc(double theta2) {
        if (theta2 < 1e-8) return 1 - theta2 / 6 + theta2 * theta2 / 120;
        double theta = Math.sqrt(theta2);
        return Math.sin(theta) / theta;
    }

    /** {@code (1 − cos θ)/θ² = ½ (sin(θ/2)/(θ/2))²}, the half-angle form having no cancellation. */
    static double cosc(double theta2) {
        double s = sinc(theta2 / 4);
        return 0.5 * s * s;
    }

    /** Writes the rotation matrix {@code exp(ξ̂)} (row-major) into {@code r[ro..ro+9)}. */
    public static void exp(double[] xi, int xo, double[] r, int ro) {
        double x = xi[xo], y = xi[xo + 1], z = xi[xo + 2];
        double t2 = x * x + y * y + z * z, a = sinc(t2), b = cosc(t2);
        // ξ̂² = ξξᵀ − θ² I
        r[ro] = 1 + b * (x * x - t2);
        r[ro + 1] = -a * z + b * x * y;
        r[ro + 2] = a * y + b * x * z;
        r[ro + 3] = a * z + b * x * y;
        r[ro + 4] = 1 + b * (y * y - t2);
        r[ro + 5] = -a * x + b * y * z;
        r[ro + 6] = -a * y + b * x * z;
        r[ro + 7] = a * x + b * y * z;
        r[ro + 8] = 1 + b * (z * z - t2);
    }

    /** {@code out = exp(ξ̂) v} without forming the matrix: {@code v + a ξ×v + b ξ×(ξ×v)}. */
    public static void rotate(double[] xi, int xo, double[] v, int vo, double[] out, int oo) {
        double x = xi[xo], y = xi[xo + 1], z = xi[xo + 2];
        double t2 = x * x + y * y + z * z, a = sinc(t2), b = cosc(t2);
        double vx = v[vo], vy = v[vo + 1], vz = v[vo + 2];
        double cx = y * vz - z * vy, cy = z * vx - x * vz, cz = x * vy - y * vx;
        double ccx = y * cz - z * cy, ccy = z * cx - x * cz, ccz = x * cy - y * cx;
        // the small terms first, so v is rounded once (see TensorGeometry.rotation)
        out[oo] = vx + (a * cx + b * ccx);
        out[oo + 1] = vy + (a * cy + b * ccy);
        out[oo + 2] = vz + (a * cz + b * ccz);
    }

    /** out = a × b on 3-vectors. */
    public static void cross(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        double ax = a[ao], ay = a[ao + 1], az = a[ao + 2], bx = b[bo], by = b[bo + 1], bz = b[bo + 2];
        out[oo] = ay * bz - az * by;
        out[oo + 1] = az * bx - ax * bz;
        out[oo + 2] = ax * by - ay * bx;
    }

    /** Rotates each column of R: {@code exp(ξ̂) R}. */
    @Override
    public void expAct(double[] xi, int xo, double[] r, int ro, double[] out, int oo) {
        double x = xi[xo], y = xi[xo + 1], z = xi[xo + 2];
        double t2 = x * x + y * y + z * z, a = sinc(t2), b = cosc(t2);
        for (int c = 0; c < 3; c++) {
            double vx = r[ro + c], vy = r[ro + 3 + c], vz = r[ro + 6 + c];
            double cx = y * vz - z * vy, cy = z * vx - x * vz, cz = x * vy - y * vx;
            double ccx = y * cz - z * cy, ccy = z * cx - x * cz, ccz = x * cy - y * cx;
            out[oo + c] = vx + a * cx + b * ccx;
            out[oo + 3 + c] = vy + a * cy + b * ccy;
            out[oo + 6 + c] = vz + a * cz + b * ccz;
        }
    }

    /** {@code ξ̂ R}. */
    @Override
    public void infinitesimalAction(double[] xi, int xo, double[] r, int ro, double[] out, int oo) {
        double x = xi[xo], y = xi[xo + 1], z = xi[xo + 2];
        for (int c = 0; c < 3; c++) {
            double vx = r[ro + c], vy = r[ro + 3 + c], vz = r[ro + 6 + c];
            out[oo + c] = y * vz - z * vy;
            out[oo + 3 + c] = z * vx - x * vz;
            out[oo + 6 + c] = x * vy - y * vx;
        }
    }

    @Override
    public void bracket(double[] a, int ao, double[] b, int bo, double[] out, int oo) { cross(a, ao, b, bo, out, oo); }

    @Override public Tensor expAct(Tensor xi, Tensor r) { return TensorGeometry.columnwise(r, col -> TensorGeometry.rotate(xi, col)); }

    @Override public Tensor infinitesimalAction(Tensor xi, Tensor r) { return TensorGeometry.columnwise(r, col -> TensorGeometry.cross(xi, col)); }

    @Override public Tensor bracket(Tensor a, Tensor b) { return TensorGeometry.cross(a, b); }
}
