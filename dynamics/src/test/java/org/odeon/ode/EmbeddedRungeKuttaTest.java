package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.systems.Arenstorf;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.systems.Lorenz;
import org.odeon.tensor.NDArray;

class EmbeddedRungeKuttaTest {
    static final ButcherTableau[] EMBEDDED = {ButcherTableau.BS3, ButcherTableau.DOPRI5, ButcherTableau.TSIT5, ButcherTableau.DOP853};

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    static Stream<Arguments> tableaus() { return Stream.of(EMBEDDED).map(t -> Arguments.of(Named.of(t.name(), t))); }

    static Stream<Arguments> solvers() {
        return Stream.of(EMBEDDED).flatMap(t -> Stream.of(StepSizeController.standard(), StepSizeController.pi())
                .map(c -> Arguments.of(Named.of(t.name() + ", " + c.getClass().getSimpleName(), t), c)));
    }

    // ------------------------------------------------------------------ the tableaus' orders

    /** {@code y' = −2t y², z' = cos(t) z}: {@code y = 1/(1 + t²)}, {@code z = e^{sin t}} (non-autonomous, so the c_i count). */
    static final VectorField KNOWN = (t, y, dy) -> {
        dy[0] = -2 * t * y[0] * y[0];
        dy[1] = Math.cos(t) * y[1];
    };

    static double knownError(ButcherTableau tab, int steps) {
        double[] y = {1, 1};
        new ExplicitRungeKutta(tab).integrate(KNOWN, 0, y, 2, 2.0 / steps);
        return Math.max(Math.abs(y[0] - 1 / 5.0), Math.abs(y[1] - Math.exp(Math.sin(2))));
    }

    /** The order seen from the error ratio between {@code n} and {@code 2n} equal steps on the known solution. */
    static double observedOrder(ButcherTableau tab, int n) { return Math.log(knownError(tab, n) / knownError(tab, 2 * n)) / Math.log(2); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableaus")
    void bothWeightsOfEveryTableauHaveTheirStatedOrder(ButcherTableau tab) {
        int n = tab.order() >= 8 ? 8 : 64;   // in the asymptotic range, and clear of round-off at order 8
        double p = observedOrder(tab, n);
        assertEquals(tab.order(), p, 0.35, tab.name() + ": observed order " + p);
        var embedded = new ButcherTableau(tab.name() + " embedded", tab.embeddedOrder(), tab.a(), tab.bHat(), tab.c());
        double q = observedOrder(embedded, n);
        assertEquals(tab.embeddedOrder(), q, 0.35, tab.name() + ": observed embedded order " + q);
    }

    @Test void dop853MatchesHipparchusCoefficients() {
        var hip = new DormandPrince853Integrator(1e-3, 1, 1e-8, 1e-8);
        ButcherTableau t = ButcherTableau.DOP853;
        double[] c = hip.getC(), b = hip.getB();
        double[][] a = hip.getA();
        for (int i = 1; i < t.stages(); i++) {   // Hipparchus lists c and A from the second stage
            assertEquals(c[i - 1], t.c()[i], 1e-15, "c" + (i + 1));
            assertArrayEquals(a[i - 1], t.a()[i], 1e-13, "row " + (i + 1) + " of A");
        }
        assertArrayEquals(java.util.Arrays.copyOf(b, t.stages()), t.b(), 1e-15, "b");
    }

    @Test void firstSameAsLastIsReadOffTheTableau() {
        assertTrue(ButcherTableau.DOPRI5.firstSameAsLast() && ButcherTableau.BS3.firstSameAsLast() && ButcherTableau.TSIT5.firstSameAsLast());
        assertTrue(!ButcherTableau.DOP853.firstSameAsLast() && !ButcherTableau.RK4.firstSameAsLast());
        assertEquals(5, ButcherTableau.DOPRI5.errorOrder());
        assertEquals(6, ButcherTableau.DOP853.errorOrder());
    }

    // ------------------------------------------------------------------ adaptive steps (fast form)

    @Test void closesTheArenstorfOrbitAfterOnePeriodAndRejectsSomeSteps() {
        Arenstorf system = Arenstorf.standard();
        double[] y = system.initialState();
        var stats = EmbeddedRungeKutta.dormandPrince54(1e-10, 1e-10).integrate(system, 0, y, Arenstorf.PERIOD);
        assertTrue(maxDiff(y, system.initialState()) < 1e-5, "orbit not closed: " + maxDiff(y, system.initialState()));
        assertTrue(stats.rejected() > 0, "the close approaches to the Moon should force rejections");
        assertEquals(6 * (stats.accepted() + stats.rejected()) + 2, stats.evaluations(), "FSAL: six new stages per trial");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void everySolverClosesTheArenstorfOrbitAndItsErrorShrinksWithTheTolerance(ButcherTableau tab, StepSizeController controller) {
        Arenstorf system = Arenstorf.standard();
        double previous = Double.POSITIVE_INFINITY;
        for (double tol : new double[] {1e-7, 1e-9, 1e-11}) {
            double[] y = system.initialState();
            var stats = new EmbeddedRungeKutta(tab, controller, tol, tol).integrate(system, 0, y, Arenstorf.PERIOD);
            double err = maxDiff(y, system.initialState());
            assertTrue(err < previous / 5, tab.name() + " at tolerance " + tol + ": error " + err + ", previous " + previous);
            int perTrial = tab.firstSameAsLast() ? tab.stages() - 1 : tab.stages() - 1;
            int extra = tab.firstSameAsLast() ? 0 : stats.accepted() - 1;   // f at each new point but the last
            assertEquals(perTrial * (stats.accepted() + stats.rejected()) + 2 + extra, stats.evaluations(), tab.name() + " evaluation count");
            previous = err;
        }
        assertTrue(previous < 1e-4, tab.name() + ": orbit not closed at 1e-11, error " + previous);
    }

    @Test void thePiControllerRejectsFewerStepsWhereStabilityLimitsTheStep() {
        VectorField stiff = (t, y, dy) -> dy[0] = -500 * (y[0] - Math.cos(t));   // a slow solution under a fast decay
        int[] rejected = new int[2];
        StepSizeController[] cs = {StepSizeController.standard(), StepSizeController.pi()};
        for (int i = 0; i < 2; i++) {
            double[] y = {1};
            rejected[i] = new EmbeddedRungeKutta(ButcherTableau.DOPRI5, cs[i], 1e-4, 1e-4).integrate(stiff, 0, y, 10).rejected();
        }
        assertTrue(rejected[1] < rejected[0] / 2, "rejections: standard " + rejected[0] + ", PI " + rejected[1]);
    }

    @Test void denseOutputMatchesTheExactSolutionBetweenSteps() {
        HarmonicOscillator osc = HarmonicOscillator.standard();
        double[] times = new double[200];
        for (int i = 0; i < times.length; i++) times[i] = 0.05 * (i + 1) - 0.013;
        double[][] sampled = EmbeddedRungeKutta.dormandPrince54(1e-10, 1e-12).sample(osc, 0, osc.initialState(), times);
        for (int i = 0; i < times.length; i++)
            assertTrue(maxDiff(sampled[i], osc.exact(times[i])) < 1e-8, "t=" + times[i] + " error " + maxDiff(sampled[i], osc.exact(times[i])));
        for (ButcherTableau tab : new ButcherTableau[] {ButcherTableau.TSIT5, ButcherTableau.DOP853}) {   // Hermite interpolation
            double[][] s = new EmbeddedRungeKutta(tab, StepSizeController.standard(), 1e-10, 1e-12).sample(osc, 0, osc.initialState(), times);
            for (int i = 0; i < times.length; i++)
                assertTrue(maxDiff(s[i], osc.exact(times[i])) < 1e-5, tab.name() + " t=" + times[i] + " error " + maxDiff(s[i], osc.exact(times[i])));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableaus")
    void denseOutputReproducesBothEndsOfEveryStep(ButcherTableau tab) {
        HarmonicOscillator osc = HarmonicOscillator.standard();
        double[] y = osc.initialState();
        double[] at = new double[2];
        int[] steps = {0};
        new EmbeddedRungeKutta(tab, StepSizeController.standard(), 1e-6, 1e-6).integrate(osc, 0, y, 5, step -> {
            step.at(step.tEnd(), at);
            assertTrue(maxDiff(at, osc.exact(step.tEnd())) < 1e-4);
            step.at(step.tStart(), at);
            assertTrue(maxDiff(at, osc.exact(step.tStart())) < 1e-4);
            steps[0]++;
        });
        assertTrue(steps[0] > 5);
        assertTrue(maxDiff(y, osc.exact(5)) < 1e-4);
    }

    @Test void integratesBackwardInTime() {
        HarmonicOscillator osc = HarmonicOscillator.standard();
        double[] y = osc.exact(3);
        EmbeddedRungeKutta.dormandPrince54(1e-10, 1e-10).integrate(osc, 3, y, 0);
        assertTrue(maxDiff(y, osc.initialState()) < 1e-8);
    }

    @Test void rejectsInvalidSettings() {
        var e = assertThrows(IllegalArgumentException.class, () -> EmbeddedRungeKutta.dormandPrince54(0, 0));
        assertTrue(e.getMessage().contains("rtol"));
        e = assertThrows(IllegalArgumentException.class, () -> new EmbeddedRungeKutta(ButcherTableau.RK4, StepSizeController.standard(), 1e-6, 1e-6));
        assertTrue(e.getMessage().contains("RK4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StepSizeController.Standard(0.9, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> new StepSizeController.PI(0, 0.4, 0.9, 0.2, 10));
    }

    // ------------------------------------------------------------------ differentiable form

    @Test void theTensorFormTakesTheSameStepsAsTheFastForm() {
        Lorenz lorenz = Lorenz.standard();
        double[] y = lorenz.initialState();
        var solver = new EmbeddedRungeKutta(ButcherTableau.TSIT5, StepSizeController.pi(), 1e-8, 1e-8);
        var fast = solver.integrate(lorenz, 0, y, 2);
        TensorField field = (t, z) -> {
            double[] v = z.value().toArray(), dv = new double[3];
            lorenz.evaluate(t, v, dv);
            return Tensor.constant(NDArray.of(new int[] {1, 3}, dv));
        };
        var slow = solver.solve(field, 0, Tensor.constant(NDArray.of(new int[] {1, 3}, lorenz.initialState())), 2);
        assertEquals(fast, slow.statistics());
        assertEquals(fast.accepted() + 1, slow.times().length);
        assertTrue(maxDiff(y, slow.y().value().data()) < 1e-12 * (1 + maxDiff(y, new double[3])), "fast " + java.util.Arrays.toString(y) + ", tensor " + slow.y());
    }

    /** {@code y' = θ·y}: {@code y(T) = y₀e^{θT}}, so {@code ∂y(T)/∂y₀ = e^{θT}} and {@code ∂y(T)/∂θ = T·y₀e^{θT}}. */
    @Test void gradientsThroughAcceptedStepsMatchTheExactSensitivities() {
        double theta0 = -0.7, T = 3;
        Tensor theta = Tensor.param(NDArray.scalar(theta0)), y0 = Tensor.param(NDArray.of(new int[] {2, 1}, 1.5, -0.4));
        var sol = new EmbeddedRungeKutta(ButcherTableau.DOPRI5, StepSizeController.pi(), 1e-10, 1e-10).solve((t, y) -> y.mul(theta), 0, y0, T);
        List<Tensor> g = Autograd.grad(List.of(sol.y().sum()), List.of(y0, theta), null, false);
        double e = Math.exp(theta0 * T);
        assertArrayEquals(new double[] {e, e}, g.get(0).value().data(), 1e-8);
        assertEquals(T * (1.5 - 0.4) * e, g.get(1).value().item(), 1e-8);
        assertTrue(sol.statistics().accepted() > 10, "took " + sol.statistics());
    }

    /**
     * The gradient of the adaptive solve is that of the discrete map it computed: the same as
     * back-propagating a replay of its accepted steps, which finite differences confirm to first
     * and second order.
     */
    @Test void theAdaptiveGradientIsTheGradientOfTheAcceptedSteps() {
        NDArray w = NDArray.of(new int[] {2, 2}, 0.3, -1.2, 0.9, 0.1), z0 = NDArray.of(new int[] {2, 2}, 0.5, -0.2, 1.0, 0.4);
        Function<Tensor, TensorField> field = wt -> (t, y) -> Tensor.mm(y, false, wt, true).tanh().add(Math.sin(t));
        var solver = new EmbeddedRungeKutta(ButcherTableau.BS3, StepSizeController.standard(), 1e-6, 1e-6);
        Tensor wp = Tensor.param(w), zp = Tensor.param(z0);
        var sol = solver.solve(field.apply(wp), 0, zp, 2);
        List<Tensor> adaptive = Autograd.grad(List.of(sol.y().square().sum()), List.of(wp, zp), null, false);

        double[] times = sol.times();
        var rk = new TensorRungeKutta(ButcherTableau.BS3);
        Function<List<Tensor>, Tensor> replay = ts -> {
            Tensor y = ts.get(1);
            for (int i = 0; i + 1 < times.length; i++) y = rk.step(field.apply(ts.get(0)), times[i], times[i + 1] - times[i], y);
            return y.square().sum();
        };
        Tensor wr = Tensor.param(w), zr = Tensor.param(z0);
        List<Tensor> replayed = Autograd.grad(List.of(replay.apply(List.of(wr, zr))), List.of(wr, zr), null, false);
        for (int i = 0; i < 2; i++) assertArrayEquals(replayed.get(i).value().data(), adaptive.get(i).value().data(), 1e-12);
        double first = GradCheck.firstOrder(replay, List.of(w, z0), 1), second = GradCheck.secondOrder(replay, List.of(w, z0), 2);
        assertTrue(first < 1e-6, "first-order error " + first);
        assertTrue(second < 1e-5, "second-order error " + second);
    }
}
