package org.odeon.lie;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.systems.RigidBody;

/** Lie-group vector fields used by the tests, each in both forms. */
final class TestFields {
    private TestFields() {}

    /**
     * The free rigid body with its attitude, on SO(3) × S²: {@code R' = R Ω̂ = (RΩ)^ R} and
     * {@code m' = −Ω × m} with {@code Ω = I⁻¹m}.
     */
    static final class RigidBodyWithAttitude implements LieVectorField, TensorLieField {
        private final RigidBody body = RigidBody.standard();
        private final Product space = new Product(SO3.GROUP, Sphere.S2);

        double[] initialState() {
            double[] y = new double[12];
            y[0] = y[4] = y[8] = 1;
            System.arraycopy(body.initialState(), 0, y, 9, 3);
            return y;
        }

        @Override public Product space() { return space; }

        @Override
        public void generator(double t, double[] y, double[] xi) {
            double[] minusOmega = new double[3];
            body.generator(t, new double[] {y[9], y[10], y[11]}, minusOmega);
            for (int i = 0; i < 3; i++) {
                xi[i] = -(y[3 * i] * minusOmega[0] + y[3 * i + 1] * minusOmega[1] + y[3 * i + 2] * minusOmega[2]);
                xi[3 + i] = minusOmega[i];
            }
        }

        @Override
        public Tensor generator(double t, Tensor y) {
            Tensor minusOmega = body.generator(t, y.slice(-1, 9, 12));
            Tensor spatial = Tensor.cat(List.of(
                    y.slice(-1, 0, 3).mul(minusOmega).sum(true, -1),
                    y.slice(-1, 3, 6).mul(minusOmega).sum(true, -1),
                    y.slice(-1, 6, 9).mul(minusOmega).sum(true, -1)), -1).neg();
            return Tensor.cat(List.of(spatial, minusOmega), -1);
        }

        @Override
        public void evaluate(double t, double[] y, double[] dydt) {
            double[] xi = new double[6];
            generator(t, y, xi);
            space.infinitesimalAction(xi, 0, y, 0, dydt, 0);
        }
    }

    /** A smooth, time-dependent field on SE(3) acting on itself. */
    static final class EuclideanMotion implements LieVectorField, TensorLieField {
        @Override public SE3 space() { return SE3.GROUP; }

        @Override
        public void generator(double t, double[] g, double[] xi) {
            xi[0] = 0.3 * g[10];
            xi[1] = -0.2 * g[9];
            xi[2] = 1 + 0.1 * g[11] + 0.2 * Math.sin(t);
            xi[3] = g[0];
            xi[4] = g[3];
            xi[5] = g[6];
        }

        @Override
        public Tensor generator(double t, Tensor g) {
            return Tensor.cat(List.of(g.slice(-1, 10, 11).mul(0.3), g.slice(-1, 9, 10).mul(-0.2),
                    g.slice(-1, 11, 12).mul(0.1).add(1 + 0.2 * Math.sin(t)),
                    g.slice(-1, 0, 1), g.slice(-1, 3, 4), g.slice(-1, 6, 7)), -1);
        }

        @Override
        public void evaluate(double t, double[] y, double[] dydt) {
            double[] xi = new double[6];
            generator(t, y, xi);
            SE3.GROUP.infinitesimalAction(xi, 0, y, 0, dydt, 0);
        }

        double[] initialState() { return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, -0.3, 0.2}; }
    }
}
