package org.odeon.lie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.ode.Stepper;
import org.odeon.ode.TensorStepper;
import org.odeon.systems.PendulumChain;
import org.odeon.systems.RigidBody;
import org.odeon.tensor.NDArray;

/** The differentiable Lie forms compute the same maps as the fast forms, and back-propagate correctly. */
class TensorLieFormsTest {

    static Stream<Named<HomogeneousSpace>> spaces() { return HomogeneousSpaceTest.spaces(); }

    private static Tensor row(double[] v) { return Tensor.of(new int[] {1, v.length}, v.clone()); }

    private static void assertRowEquals(double[] expected, Tensor actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual.value().data()[i], tol, what + " component " + i);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spaces")
    void tensorActionInfinitesimalActionAndBracketMatchTheFastForm(HomogeneousSpace space) {
        TensorHomogeneousSpace tensor = (TensorHomogeneousSpace) space;
        Random rnd = new Random(11);
        for (double scale : new double[] {2, 1e-3, 1e-6}) {
            double[] y = HomogeneousSpaceTest.randomPoint(space, rnd);
            double[] a = HomogeneousSpaceTest.randomAlgebra(space, rnd, scale), b = HomogeneousSpaceTest.randomAlgebra(space, rnd, 1);
            double[] out = new double[y.length], ab = new double[a.length];
            space.expAct(a, 0, y, 0, out, 0);
            assertRowEquals(out, tensor.expAct(row(a), row(y)), 1e-14, "exp action at scale " + scale);
            space.infinitesimalAction(a, 0, y, 0, out, 0);
            assertRowEquals(out, tensor.infinitesimalAction(row(a), row(y)), 1e-14, "infinitesimal action");
            space.bracket(a, 0, b, 0, ab, 0);
            assertRowEquals(ab, tensor.bracket(row(a), row(b)), 1e-14, "bracket");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spaces")
    void derivativeOfTheTensorActionAtTheIdentityIsTheInfinitesimalActionWithoutNaN(HomogeneousSpace space) {
        TensorHomogeneousSpace tensor = (TensorHomogeneousSpace) space;
        Random rnd = new Random(12);
        double[] y = HomogeneousSpaceTest.randomPoint(space, rnd), direction = HomogeneousSpaceTest.randomAlgebra(space, rnd, 1);
        double[] weights = new double[y.length];
        for (int i = 0; i < weights.length; i++) weights[i] = rnd.nextGaussian();
        // d/dξ ⟨w, exp(ξ)·y⟩ at ξ = 0, contracted with a direction, is ⟨w, direction·y⟩.
        Tensor xi = Tensor.param(NDArray.zeros(org.odeon.tensor.DType.F64, 1, direction.length));
        Tensor g = Autograd.grad(tensor.expAct(xi, row(y)).mul(row(weights)).sum(), xi, false);
        double[] gen = new double[y.length];
        space.infinitesimalAction(direction, 0, y, 0, gen, 0);
        double expected = 0, got = 0;
        for (int i = 0; i < y.length; i++) expected += weights[i] * gen[i];
        for (int i = 0; i < direction.length; i++) got += g.value().data()[i] * direction[i];
        assertEquals(expected, got, 1e-12);
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(Named.of("LieEuler", RungeKuttaMuntheKaas.lieEuler()), TensorRungeKuttaMuntheKaas.lieEuler()),
                Arguments.of(Named.of("RKMK4", RungeKuttaMuntheKaas.rkmk4()), TensorRungeKuttaMuntheKaas.rkmk4()),
                Arguments.of(Named.of("CF4", CommutatorFree.cf4()), TensorCommutatorFree.cf4()));
    }

    /** {@code field} implements both forms. */
    private static void assertSameTrajectory(Stepper<LieVectorField> fast, TensorStepper<TensorLieField> slow, Object field,
                                             double[] y0, int steps, double h) {
        double[] y = y0.clone();
        fast.integrate((LieVectorField) field, 0, y, steps * h, h);
        Tensor yt = slow.integrate((TensorLieField) field, 0, row(y0), steps * h, h);
        assertRowEquals(y, yt, 1e-12, fast.name() + " on " + field.getClass().getSimpleName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void tensorLieMethodsMatchTheFastFormsOnEveryTestManifold(Stepper<LieVectorField> fast, TensorStepper<TensorLieField> slow) {
        RigidBody body = RigidBody.standard();
        assertSameTrajectory(fast, slow, body, body.initialState(), 10, 0.1);
        var attitude = new TestFields.RigidBodyWithAttitude();
        assertSameTrajectory(fast, slow, attitude, attitude.initialState(), 10, 0.1);
        var motion = new TestFields.EuclideanMotion();
        assertSameTrajectory(fast, slow, motion, motion.initialState(), 10, 0.1);
        PendulumChain chain = PendulumChain.standard(2);
        assertSameTrajectory(fast, slow, chain, chain.initialState(), 10, 0.01);
    }

    @Test
    void gradientsThroughCf4StepsOnThePendulumChainMatchCentralDifferences() {
        PendulumChain chain = PendulumChain.standard(2);
        double[] y0 = chain.initialState();
        double[] weights = new double[y0.length];
        Random rnd = new Random(13);
        for (int i = 0; i < weights.length; i++) weights[i] = rnd.nextGaussian();
        var cf4 = TensorCommutatorFree.cf4();
        Tensor start = Tensor.param(NDArray.of(new int[] {1, y0.length}, y0.clone()));
        Tensor loss = cf4.integrate(chain, 0, start, 0.2, 0.01).mul(row(weights)).sum();
        double[] grad = Autograd.grad(List.of(loss), List.of(start), null, false).get(0).value().toArray();
        // All 2n perturbed starts in one batch: row 2i is y0 + ε e_i, row 2i+1 is y0 − ε e_i.
        double eps = 1e-6;
        int n = y0.length;
        double[] starts = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(y0, 0, starts, 2 * i * n, n);
            System.arraycopy(y0, 0, starts, (2 * i + 1) * n, n);
            starts[2 * i * n + i] += eps;
            starts[(2 * i + 1) * n + i] -= eps;
        }
        try (var _ = GradMode.off()) {
            double[] losses = cf4.integrate(chain, 0, Tensor.of(new int[] {2 * n, n}, starts), 0.2, 0.01)
                    .mul(row(weights)).sum(false, -1).value().toArray();
            for (int i = 0; i < n; i++) {
                double fd = (losses[2 * i] - losses[2 * i + 1]) / (2 * eps);
                assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), "component " + i);
            }
        }
    }

    @Test
    void tensorLieMethodsKeepABatchOnTheTangentBundle() {
        PendulumChain chain = PendulumChain.standard(2);
        double[] a = chain.initialState(), b = a.clone();
        // A second chain state: rotate the first about the vertical (stays on (TS²)²).
        double[] xi = {0, 0, 0.7, 0, 0, 0, 0, 0, 0.7, 0, 0, 0};
        chain.space().expAct(xi, 0, a, 0, b, 0);
        Tensor y = Tensor.of(new int[] {2, a.length}, concat(a, b));
        y = TensorCommutatorFree.cf4().integrate(chain, 0, y, 0.3, 0.01);
        double[] v = y.value().toArray();
        for (int r = 0; r < 2; r++)
            for (int j = 0; j < 2; j++) {
                int o = r * a.length + 6 * j;
                assertEquals(1, v[o] * v[o] + v[o + 1] * v[o + 1] + v[o + 2] * v[o + 2], 1e-14);
                assertEquals(0, v[o] * v[o + 3] + v[o + 1] * v[o + 4] + v[o + 2] * v[o + 5], 1e-14);
            }
        // Rotational symmetry about e₃: the rotated start stays the rotated solution.
        double[] rotatedEnd = new double[a.length];
        chain.space().expAct(xi, 0, java.util.Arrays.copyOfRange(v, 0, a.length), 0, rotatedEnd, 0);
        for (int i = 0; i < a.length; i++) assertTrue(Math.abs(rotatedEnd[i] - v[a.length + i]) < 1e-12, "symmetry component " + i);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
