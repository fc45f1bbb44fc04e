package org.odeon.parareal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.ode.SmoothVectorField;
import org.odeon.ode.VectorField;
import org.odeon.parareal.RandomProjectionPropagator.Method;
import org.odeon.parareal.RandomProjectionPropagator.Nodes;
import org.odeon.parareal.RandomProjectionPropagator.Settings;
import org.odeon.systems.Burgers;
import org.odeon.systems.Lorenz;
import org.odeon.systems.Sir;

class RandomProjectionPropagatorTest {

    /** y' = A y with A = [[0, 1], [−1, −0.1]], a lightly damped oscillator; Jacobian A. */
    static final SmoothVectorField LINEAR = new SmoothVectorField() {
        @Override public void evaluate(double t, double[] y, double[] d) {
            d[0] = y[1];
            d[1] = -y[0] - 0.1 * y[1];
        }

        @Override public void jacobian(double t, double[] y, double[] j) {
            j[0] = 0; j[1] = 1; j[2] = -1; j[3] = -0.1;
        }
    };

    static double[] exact(VectorField f, double[] y0, double t0, double t1) {
        double[] y = y0.clone();
        ExplicitRungeKutta.rk4().integrate(f, t0, y, t1, 1e-4);
        return y;
    }

    @Test
    void onALinearOdeGaussNewtonReachesTheCollocationResidualTolerance() {
        for (Nodes nodes : Nodes.values()) {
            var settings = new Settings(5, 5, nodes, Method.GAUSS_NEWTON, 1e-11, 30, 7, -1);
            var rpnn = new RandomProjectionPropagator(LINEAR, settings);
            double[] y = {1, 0};
            rpnn.propagate(0, y, 0.2);
            assertTrue(rpnn.lastResidual() <= 1e-11, nodes + ": residual " + rpnn.lastResidual());
            // The residual is linear in W, so Gauss–Newton is exact after one fresh step.
            assertTrue(rpnn.lastIterations() <= 2, nodes + ": " + rpnn.lastIterations() + " iterations");
            double err = Parareal.maxDistance(exact(LINEAR, new double[] {1, 0}, 0, 0.2), y);
            assertTrue(err < 1e-6, nodes + ": error against the exact flow " + err);
        }
    }

    @Test
    void levenbergMarquardtReachesTheSameFitAsGaussNewton() {
        var gn = new RandomProjectionPropagator(LINEAR, Settings.defaults().withTolerance(1e-11));
        var lm = new RandomProjectionPropagator(LINEAR, Settings.defaults().withTolerance(1e-11).withMethod(Method.LEVENBERG_MARQUARDT));
        double[] a = {0.3, -1}, b = a.clone();
        gn.propagate(0, a, 0.25);
        lm.propagate(0, b, 0.25);
        assertTrue(lm.lastResidual() <= 1e-11, "LM residual " + lm.lastResidual());
        assertArrayEquals(a, b, 1e-9);
    }

    @Test
    void leastSquaresWithMoreCollocationPointsThanFeaturesConvergesOnANonlinearSystem() {
        Lorenz lorenz = Lorenz.standard();
        var settings = new Settings(6, 9, Nodes.UNIFORM, Method.GAUSS_NEWTON, 1e-8, 30, 3, -1);
        var rpnn = new RandomProjectionPropagator(lorenz, settings);
        double[] y0 = {20, 5, -5}, y = y0.clone();
        rpnn.propagate(0, y, 0.01);
        double err = Parareal.maxDistance(exact(lorenz, y0, 0, 0.01), y);
        assertTrue(err < 1e-4, "error against the exact flow " + err);
    }

    @Test
    void aFieldWithoutJacobianGetsFiniteDifferencesWithTheSameResult() {
        Lorenz lorenz = Lorenz.standard();
        VectorField plain = lorenz::evaluate;
        var exactJ = new RandomProjectionPropagator(lorenz, Settings.defaults().withTolerance(1e-10));
        var fd = new RandomProjectionPropagator(plain, Settings.defaults().withTolerance(1e-10));
        double[] a = {20, 5, -5}, b = a.clone();
        exactJ.propagate(0, a, 0.04);
        fd.propagate(0, b, 0.04);
        assertTrue(fd.lastResidual() <= 1e-10, "finite-difference Jacobian residual " + fd.lastResidual());
        assertArrayEquals(a, b, 1e-8);
    }

    @Test
    void aWarmStartOnTheSameIntervalReusesTheStoredSolutionOperator() {
        Sir sir = new Sir(0.1, 0.1, 0.99, 0.01, 0);
        var rpnn = new RandomProjectionPropagator(sir, Settings.defaults().withTolerance(1e-13));
        double[] y = sir.initialState();
        rpnn.propagate(0, y, 1);
        int factorizations = rpnn.factorizations();
        double[] perturbed = sir.initialState();
        perturbed[1] += 1e-8;
        rpnn.propagate(0, perturbed, 1);
        assertTrue(rpnn.lastIterations() >= 1 && rpnn.lastIterations() <= 2, rpnn.lastIterations() + " iterations after a 1e-8 change");
        assertEquals(factorizations, rpnn.factorizations(), "the stored J⁺ should have been reused");
        assertTrue(rpnn.lastResidual() <= 1e-13);
    }

    @Test
    void theBandedSolverOnBurgersGivesTheDenseSolversAnswer() {
        Burgers burgers = new Burgers(1.0 / 50, 15, 1);
        double[] y0 = new double[15];
        for (int i = 1; i < 14; i++) y0[i] = Math.sin(2 * Math.PI * i * burgers.spacing());
        var dense = new RandomProjectionPropagator(burgers, Settings.defaults().withTolerance(1e-11));
        var banded = new RandomProjectionPropagator(burgers, Settings.defaults().withTolerance(1e-11).withBandwidth(1));
        double[] a = y0.clone(), b = y0.clone();
        for (int n = 0; n < 3; n++) {
            dense.propagate(n * 0.02, a, (n + 1) * 0.02);
            banded.propagate(n * 0.02, b, (n + 1) * 0.02);
            assertTrue(banded.lastResidual() <= 1e-11, "banded residual " + banded.lastResidual());
        }
        assertArrayEquals(a, b, 1e-9);
        assertTrue(Parareal.maxDistance(a, y0) > 0.01, "the profile should have moved");
    }

    @Test
    void aBandedJacobianNeedsASquareCollocation() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Settings(5, 7, Nodes.UNIFORM, Method.GAUSS_NEWTON, 1e-10, 10, 1, 1));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
    }

    @Test
    void lobattoNodesAreTheEndPointsAndTheRootsOfTheLegendreDerivative() {
        double[] x = RandomProjectionPropagator.lobatto(5);
        double s = Math.sqrt(3.0 / 7);
        assertArrayEquals(new double[] {0, (1 - s) / 2, 0.5, (1 + s) / 2, 1}, x, 1e-15);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, RandomProjectionPropagator.uniform(5), 0);
    }

    @Test
    void rejectsAnUnderdeterminedCollocation() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Settings(6, 4, Nodes.UNIFORM, Method.GAUSS_NEWTON, 1e-10, 10, 1, -1));
        assertTrue(e.getMessage().contains("collocation points"), e.getMessage());
    }
}
