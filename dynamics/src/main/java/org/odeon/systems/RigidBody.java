package org.odeon.systems;

import java.util.List;
import org.odeon.lie.LieVectorField;
import org.odeon.lie.Sphere;
import org.odeon.lie.TensorLieField;
import org.odeon.autograd.Tensor;

/**
 * The free rigid body in body-frame angular momentum {@code m}: Euler's equations
 * <pre>  m' = m × I⁻¹m,</pre>
 * a Lie–Poisson system on so(3)* whose flow conserves the energy {@code ½ m·I⁻¹m} and the
 * Casimir {@code ½|m|²} (solutions stay on a sphere). Standard (Hairer–Lubich–Wanner):
 * {@code I = (2, 1, 2/3)}, {@code m₀ = (cos 1.1, 0, sin 1.1)}.
 *
 * <p>As a field on the momentum sphere under rotations, {@code m' = ξ(m) × m} with
 * {@code ξ(m) = −I⁻¹m}, so Lie-group integrators keep the Casimir exactly (both forms).
 */
public record RigidBody(double i1, double i2, double i3, double[] m0) implements OdeSystem, LieVectorField, TensorLieField {

    public RigidBody {
        if (!(i1 > 0) || !(i2 > 0) || !(i3 > 0))
            throw new IllegalArgumentException("RigidBody: moments of inertia must be positive, got (" + i1 + ", " + i2 + ", " + i3 + ")");
        if (m0.length != 3) throw new IllegalArgumentException("RigidBody: m0 needs 3 components, got " + m0.length);
        m0 = m0.clone();
    }

    public static RigidBody standard() { return new RigidBody(2, 1, 2.0 / 3, new double[] {Math.cos(1.1), 0, Math.sin(1.1)}); }

    @Override public double[] m0() { return m0.clone(); }
    @Override public String name() { return "RigidBody"; }
    @Override public int dimension() { return 3; }
    @Override public double[] initialState() { return m0.clone(); }

    public double energy(double[] m) { return 0.5 * (m[0] * m[0] / i1 + m[1] * m[1] / i2 + m[2] * m[2] / i3); }

    public static double casimir(double[] m) { return 0.5 * (m[0] * m[0] + m[1] * m[1] + m[2] * m[2]); }

    @Override
    public List<Invariant> invariants() {
        return List.of(new Invariant("energy", this::energy), new Invariant("casimir", RigidBody::casimir));
    }

    @Override public Sphere space() { return Sphere.S2; }

    @Override
    public Tensor generator(double t, Tensor m) { return m.mul(Tensor.of(new int[] {3}, -1 / i1, -1 / i2, -1 / i3)); }

    @Override
    public void generator(double t, double[] m, double[] xi) {
        xi[0] = -m[0] / i1;
        xi[1] = -m[1] / i2;
        xi[2] = -m[2] / i3;
    }

    @Override
    public void evaluate(double t, double[] m, double[] d) {
        double w1 = m[0] / i1, w2 = m[1] / i2, w3 = m[2] / i3;
        d[0] = m[1] * w3 - m[2] * w2;
        d[1] = m[2] * w1 - m[0] * w3;
        d[2] = m[0] * w2 - m[1] * w1;
    }
}
