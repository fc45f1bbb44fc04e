package org.odeon.lie;

import java.util.List;
import org.odeon.autograd.Tensor;

/**
 * The special Euclidean group SE(3) = SO(3) ⋉ ℝ³, elements {@code (A, a)} composing as
 * {@code (B, b)(A, a) = (BA, Ba + b)}, acting on itself by left multiplication. Points are
 * stored as the row-major rotation (9 numbers) followed by the translation (3). The algebra
 * 𝔰𝔢(3) ≅ ℝ⁶ holds {@code ξ = (u, v)} with bracket
 * {@code [(u₁, v₁), (u₂, v₂)] = (u₁ × u₂, u₁ × v₂ − u₂ × v₁)} and exponential
 * <pre>  exp(u, v) = (exp(û), V(u) v),   V(u) = I + ((1 − cos θ)/θ²) û + ((θ − sin θ)/θ³) û².</pre>
 */
public final class SE3 implements HomogeneousSpace, TensorHomogeneousSpace {
    public static final SE3 GROUP = new SE3();

    private SE3() {}

    @Override public int algebraDimension() { return 6; }
    @Override public int pointDimension() { return 12; }

    /** {@code (θ − sin θ)/θ³} as a function of θ²; its Taylor series below θ² = 0.01 avoids cancellation. */
    static double sincc(double theta2) {
        if (theta2 < 1e-2) {
            double t2 = theta2;
            return 1.0 / 6 - t2 / 120 + t2 * t2 / 5040 - t2 * t2 * t2 / 362880 + t2 * t2 * t2 * t2 / 39916800;
        }
        double t = Math.sqrt(theta2);
        return (t - Math.sin(t)) / (theta2 * t);
    }

    /** {@code out = V(u) v}, the translation part of {@code exp(u, v)}. */
    static void leftJacobian(double[] xi, int xo, double[] v, int vo, double[] out, int oo) {
        double x = xi[xo], y = xi[xo + 1], z = xi[xo + 2];
        double t2 = x * x + y * y + z * z, b = SO3.cosc(t2), c = sincc(t2);
        double vx = v[vo], vy = v[vo + 1], vz = v[vo + 2];
        double cx = y * vz - z * vy, cy = z * vx - x * vz, cz = x * vy - y * vx;
        double ccx = y * cz - z * cy, ccy = z * cx - x * cz, ccz = x * cy - y * cx;
        out[oo] = vx + b * cx + c * ccx;
        out[oo + 1] = vy + b * cy + c * ccy;
        out[oo + 2] = vz + b * cz + c * ccz;
    }

    /** {@code exp(ξ)(A, a) = (exp(û)A, exp(û)a + V(u)v)}. */
    @Override
    public void expAct(double[] xi, int xo, double[] g, int go, double[] out, int oo) {
        SO3.GROUP.expAct(xi, xo, g, go, out, oo);
        SO3.rotate(xi, xo, g, go + 9, out, oo + 9);
        double ax = out[oo + 9], ay = out[oo + 10], az = out[oo + 11];
        leftJacobian(xi, xo, xi, xo + 3, out, oo + 9);
        out[oo + 9] += ax;
        out[oo + 10] += ay;
        out[oo + 11] += az;
    }

    /** {@code (û A, u × a + v)}. */
    @Override
    public void infinitesimalAction(double[] xi, int xo, double[] g, int go, double[] out, int oo) {
        SO3.GROUP.infinitesimalAction(xi, xo, g, go, out, oo);
        SO3.cross(xi, xo, g, go + 9, out, oo + 9);
        out[oo + 9] += xi[xo + 3];
        out[oo + 10] += xi[xo + 4];
        out[oo + 11] += xi[xo + 5];
    }

    @Override
    public void bracket(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        bracketSe3(a, ao, b, bo, out, oo);
    }

    static void bracketSe3(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        SO3.cross(a, ao, b, bo, out, oo);
        double ux = a[ao], uy = a[ao + 1], uz = a[ao + 2], wx = b[bo], wy = b[bo + 1], wz = b[bo + 2];
        double v1x = a[ao + 3], v1y = a[ao + 4], v1z = a[ao + 5], v2x = b[bo + 3], v2y = b[bo + 4], v2z = b[bo + 5];
        out[oo + 3] = (uy * v2z - uz * v2y) - (wy * v1z - wz * v1y);
        out[oo + 4] = (uz * v2x - ux * v2z) - (wz * v1x - wx * v1z);
        out[oo + 5] = (ux * v2y - uy * v2x) - (wx * v1y - wy * v1x);
    }

    @Override
    public Tensor expAct(Tensor xi, Tensor g) {
        Tensor u = xi.slice(-1, 0, 3), v = xi.slice(-1, 3, 6);
        Tensor rotation = SO3.GROUP.expAct(u, g.slice(-1, 0, 9));
        Tensor translation = TensorGeometry.rotate(u, g.slice(-1, 9, 12)).add(TensorGeometry.leftJacobian(u, v));
        return Tensor.cat(List.of(rotation, translation), -1);
    }

    @Override
    public Tensor infinitesimalAction(Tensor xi, Tensor g) {
        Tensor u = xi.slice(-1, 0, 3), v = xi.slice(-1, 3, 6);
        Tensor rotation = SO3.GROUP.infinitesimalAction(u, g.slice(-1, 0, 9));
        return Tensor.cat(List.of(rotation, TensorGeometry.cross(u, g.slice(-1, 9, 12)).add(v)), -1);
    }

    @Override public Tensor bracket(Tensor a, Tensor b) { return TensorGeometry.se3Bracket(a, b); }
}
