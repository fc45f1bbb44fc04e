package org.odeon.lie;

import org.odeon.autograd.Tensor;

/**
 * The sphere S² as a homogeneous space of SO(3): {@code exp(ξ)·q = exp(ξ̂) q}, infinitesimal
 * action {@code ξ·q = ξ × q}. Rotations keep {@code |q|}, so the action preserves every sphere
 * about the origin (S² itself, or the momentum sphere {@code |m| = const} of a rigid body).
 */
public final class Sphere implements HomogeneousSpace, TensorHomogeneousSpace {
    public static final Sphere S2 = new Sphere();

    private Sphere() {}

    @Override public int algebraDimension() { return 3; }
    @Override public int pointDimension() { return 3; }

    @Override
    public void expAct(double[] xi, int xo, double[] q, int qo, double[] out, int oo) { SO3.rotate(xi, xo, q, qo, out, oo); }

    @Override
    public void infinitesimalAction(double[] xi, int xo, double[] q, int qo, double[] out, int oo) { SO3.cross(xi, xo, q, qo, out, oo); }

    @Override
    public void bracket(double[] a, int ao, double[] b, int bo, double[] out, int oo) { SO3.cross(a, ao, b, bo, out, oo); }

    @Override public Tensor expAct(Tensor xi, Tensor q) { return TensorGeometry.rotate(xi, q); }

    @Override public Tensor expActDisplacement(Tensor xi, Tensor q) { return TensorGeometry.rotation(xi, q); }

    @Override public Tensor infinitesimalAction(Tensor xi, Tensor q) { return TensorGeometry.cross(xi, q); }

    @Override public Tensor bracket(Tensor a, Tensor b) { return TensorGeometry.cross(a, b); }
}
