package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.autograd.Tensor;
import org.odeon.systems.HenonHeiles;
import org.odeon.systems.Lorenz;
import org.odeon.tensor.NDArray;

/** The differentiable forms read the same coefficients as the fast forms and agree with them to round-off. */
class TensorFormsTest {
    private static final double[][] HH_STATES = {{0.3, -0.3, 0.3, 0.15}, {0.1, 0.2, -0.2, 0.1}, {-0.25, 0.05, 0.0, 0.3}};
    private static final double[][] LORENZ_STATES = {{1, 1, 1}, {-5, 3, 20}, {0.5, -2, 10}};

    private static Tensor batch(double[][] rows) {
        int b = rows.length, n = rows[0].length;
        double[] data = new double[b * n];
        for (int i = 0; i < b; i++) System.arraycopy(rows[i], 0, data, i * n, n);
        return Tensor.of(new int[] {b, n}, data);
    }

    /** Runs the fast stepper row by row and compares with one batched tensor run. */
    private static <F extends VectorField, T extends TensorField> void assertSameSteps(
            Stepper<? super F> fast, F field, TensorStepper<? super T> slow, T tensorField, double[][] rows, int steps, double h) {
        Tensor y = batch(rows);
        y = slow.integrate(tensorField, 0, y, steps * h, h);
        for (int i = 0; i < rows.length; i++) {
            double[] yi = rows[i].clone();
            fast.integrate(field, 0, yi, steps * h, h);
            for (int j = 0; j < yi.length; j++) assertEquals(yi[j], y.value().get(i, j), 1e-12 * Math.max(1, Math.abs(yi[j])), fast.name() + " row " + i);
        }
    }

    static Stream<ButcherTableau> tableaux() { return Stream.of(ButcherTableau.EULER, ButcherTableau.HEUN, ButcherTableau.RK4, ButcherTableau.DOPRI5); }

    @ParameterizedTest
    @MethodSource("tableaux")
    void tensorRungeKuttaMatchesTheFastFormOnABatch(ButcherTableau tableau) {
        Lorenz lorenz = Lorenz.standard();
        assertSameSteps(new ExplicitRungeKutta(tableau), lorenz, new TensorRungeKutta(tableau), lorenz, LORENZ_STATES, 20, 0.005);
    }

    static Stream<SplittingScheme> schemes() {
        return Stream.of(SplittingScheme.SYMPLECTIC_EULER_KICK_DRIFT, SplittingScheme.SYMPLECTIC_EULER_DRIFT_KICK,
                SplittingScheme.STORMER_VERLET, SplittingScheme.YOSHIDA4);
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void tensorSplittingMatchesTheFastFormOnABatch(SplittingScheme scheme) {
        HenonHeiles hh = HenonHeiles.standard();
        assertSameSteps(new SplittingMethod(scheme), hh, new TensorSplitting(scheme), hh, HH_STATES, 20, 0.1);
    }

    @Test
    void tensorImplicitMidpointMatchesTheNewtonFastForm() {
        HenonHeiles hh = HenonHeiles.standard();
        assertSameSteps(new ImplicitMidpoint(), (VectorField) hh, TensorImplicitOneStage.implicitMidpoint(), (TensorField) hh, HH_STATES, 20, 0.1);
    }

    @Test
    void tensorImplicitEulerMatchesTheNewtonFastForm() {
        HenonHeiles hh = HenonHeiles.standard();
        assertSameSteps(new ImplicitEuler(1e-14, 50), (VectorField) hh, TensorImplicitOneStage.implicitEuler(), (TensorField) hh, HH_STATES, 20, 0.1);
    }

    @Test
    void tensorImplicitStepReportsAFixedPointIterationThatDoesNotConverge() {
        Lorenz lorenz = Lorenz.standard();
        var e = assertThrows(IllegalStateException.class,
                () -> TensorImplicitOneStage.implicitEuler().step(lorenz, 0, 1.0, batch(LORENZ_STATES)));
        assertEquals(true, e.getMessage().contains("reduce h"), e.getMessage());
    }

    @Test
    void hamiltonianFromEnergiesGivesTheSameForceAsTheHandWrittenOne() {
        HenonHeiles hh = HenonHeiles.standard();
        var fromEnergies = TensorSeparableHamiltonian.fromEnergies(2,
                p -> p.square().sum(false, -1).mul(0.5),
                q -> {
                    Tensor x = q.slice(-1, 0, 1).squeeze(-1), z = q.slice(-1, 1, 2).squeeze(-1);
                    return x.square().add(z.square()).mul(0.5).add(x.square().mul(z).sub(z.pow(3).div(3)));
                });
        Tensor q = batch(HH_STATES).slice(-1, 0, 2);
        NDArray expected = hh.force(q).value(), got = fromEnergies.force(q).value();
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.data()[i], got.data()[i], 1e-15);
    }

    @Test
    void splittingRejectsAStateOfTheWrongWidth() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TensorSplitting.stormerVerlet().step(HenonHeiles.standard(), 0, 0.1, Tensor.of(new int[] {1, 3}, 0, 0, 0)));
        assertEquals(true, e.getMessage().contains("2d = 4"), e.getMessage());
    }
}
