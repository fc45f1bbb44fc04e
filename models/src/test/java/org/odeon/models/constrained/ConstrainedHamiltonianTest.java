package org.odeon.models.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Parameter;
import org.odeon.nn.StructureCheck;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Specifications of the constrained pendulum-chain Hamiltonian, its rollouts and its data. */
class ConstrainedHamiltonianTest {
    private static final ChainData DATA = ChainData.paper(2);

    private static Tensor batch(double[][] rows) { return Tensor.constant(NDArray.of(new int[] {rows.length, rows[0].length}, ConstrainedFlow.flatten(rows))); }

    @Test
    void exactFieldIsThePendulumChainInMomentumCoordinates() {
        ConstrainedHamiltonian exact = DATA.exactModel();
        double[][] y0 = DATA.initialStates(new Rng(3), 4);
        double[][] field = ConstrainedFlow.unflatten(exact.evaluate(0, batch(y0)).value().data(), 4, 12);
        double[][] energies = ConstrainedFlow.unflatten(exact.energy(batch(y0)).value().data(), 4, 1);
        double eps = 1e-5;
        for (int s = 0; s < 4; s++) {
            double[] w = DATA.toVelocity(y0[s]), d = new double[12];
            DATA.chain().evaluate(0, w, d);
            double[] plus = w.clone(), minus = w.clone();
            for (int i = 0; i < 12; i++) { plus[i] += eps * d[i]; minus[i] -= eps * d[i]; }
            double[] yp = DATA.toMomentum(plus), ym = DATA.toMomentum(minus);
            for (int i = 0; i < 12; i++) assertEquals((yp[i] - ym[i]) / (2 * eps), field[s][i], 1e-7, "component " + i);
            assertEquals(DATA.chain().energy(w), energies[s][0], 1e-12);
            assertEquals(0, ConstrainedFlow.constraintDefects(DATA.toMomentum(w))[1], 1e-14);
        }
    }

    /** Error at T = 0.4 of the exact model's rollout against the Hipparchus reference, max over 3 initial states. */
    private static double error(Integrator method, int steps) {
        ConstrainedHamiltonian exact = DATA.exactModel();
        double[][] y0 = DATA.initialStates(new Rng(5), 3);
        double t = 0.4;
        try (var off = GradMode.off()) {
            double[][] end = ConstrainedFlow.values(method.rollout(exact, batch(y0), t, 1, steps))[0];
            double worst = 0;
            for (int s = 0; s < 3; s++) {
                double[] ref = DATA.trajectory(y0[s], new double[] {t})[0];
                for (int i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(end[s][i] - ref[i]));
            }
            return worst;
        }
    }

    @ParameterizedTest
    @EnumSource(Integrator.class)
    void exactModelConvergesToTheReferenceAtTheIntegratorsOrder(Integrator method) {
        int steps = method.order() == 1 ? 64 : 8;
        double e1 = error(method, steps), e2 = error(method, 2 * steps), e3 = error(method, 4 * steps);
        double p1 = Math.log(e1 / e2) / Math.log(2), p2 = Math.log(e2 / e3) / Math.log(2);
        System.out.printf("%s errors %.3e %.3e %.3e observed orders %.2f %.2f%n", method.key(), e1, e2, e3, p1, p2);
        assertEquals(method.order(), p2, 0.3, method + ": observed order " + p2);
    }

    @ParameterizedTest
    @EnumSource(Integrator.class)
    void lieGroupIntegratorsKeepTheConstraintsOverLongRolloutsAndRungeKuttaDrifts(Integrator method) {
        ConstrainedFlow flow = new ConstrainedFlow(DATA.exactModel(), method, 0.05);
        Map<String, Double> defects = StructureCheck.report(flow, 11);
        System.out.println(method.key() + " " + defects);
        double norm = defects.get("unit_norm_drift"), tangency = defects.get("tangency_drift");
        if (method.lieGroup()) {
            assertTrue(norm <= 1e-13 && tangency <= 1e-13, method + " drifted: " + defects);
            assertEquals(ConstrainedFlow.PROBE_STEPS, defects.get("probe_finite_steps"));
        } else {
            assertTrue(norm > 1e-9 || tangency > 1e-9, method + " should drift off the manifold: " + defects);
        }
    }

    /** Loss of a 2-sample rollout of a small learned model against fixed targets. */
    private static Tensor loss(ConstrainedHamiltonian model, Integrator method, double[][] y0, List<Tensor> target) {
        return method.loss(model, batch(y0), target, 0.05, 2);
    }

    @ParameterizedTest
    @EnumSource(Integrator.class)
    void rolloutLossGradientMatchesFiniteDifferences(Integrator method) {
        ConstrainedHamiltonian model = ConstrainedHamiltonian.learnedPotentialAndMass(2, 6, 2, new Rng(7));
        double[][] y0 = DATA.initialStates(new Rng(8), 3);
        List<Tensor> target = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            double[][] rows = new double[3][];
            for (int s = 0; s < 3; s++) rows[s] = DATA.trajectory(y0[s], new double[] {0.05 * k})[0];
            target.add(batch(rows));
        }
        loss(model, method, y0, target).backward();
        Rng pick = new Rng(9);
        int checked = 0;
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            double[] value = e.getValue().value().data();
            // a parameter with no path to the field (V's output bias: H up to a constant) gets no gradient
            double[] grad = e.getValue().grad() == null ? new double[value.length] : e.getValue().grad().data();
            for (int r = 0; r < 2; r++) {
                int i = pick.nextInt(value.length);
                double old = value[i], h = 1e-5;
                value[i] = old + h;
                double up = loss(model, method, y0, target).item();
                value[i] = old - h;
                double down = loss(model, method, y0, target).item();
                value[i] = old;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, grad[i], 1e-6 * Math.abs(fd) + 1e-10, method + " ∂L/∂" + e.getKey() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked >= 8);
    }

    @Test
    void learnedMassMatrixIsSymmetricPositiveDefinite() {
        double[] m = ConstrainedHamiltonian.learnedPotentialAndMass(2, 4, 1, new Rng(1)).mass().value().data();
        assertEquals(m[1], m[2], 1e-15);
        assertTrue(m[0] > 0 && m[0] * m[3] - m[1] * m[2] > 0);
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertThrows(IllegalArgumentException.class, () -> Integrator.of("rk5"));
        assertThrows(IllegalArgumentException.class, () -> ConstrainedHamiltonian.exact(2, 1, new double[][] {{1}}));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedFlow(DATA.exactModel(), Integrator.CF4, Double.NaN));
        assertEquals(Integrator.LIE_EULER, Integrator.of("lie-euler"));
    }
}
