package org.odeon.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.ode.HipparchusReference;
import org.odeon.ode.SmoothVectorField;

class SystemsZooTest {

    static Stream<Named<OdeSystem>> systems() {
        return Zoo.standardSystems().stream().map(s -> Named.of(s.name(), s));
    }

    private static double[] field(OdeSystem s, double[] y) {
        double[] d = new double[y.length];
        s.evaluate(0, y, d);
        return d;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void initialStateHasTheSystemsDimensionAndAFiniteVectorField(OdeSystem system) {
        double[] y = system.initialState();
        assertEquals(system.dimension(), y.length);
        for (double v : field(system, y)) assertTrue(Double.isFinite(v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void exactJacobianMatchesCentralDifferences(OdeSystem system) {
        if (!(system instanceof SmoothVectorField smooth)) return;
        double[] y = system.initialState();
        // Move off special points (e.g. zero momenta) so every entry is exercised.
        for (int i = 0; i < y.length; i++) y[i] += 0.01 * Math.sin(i + 1.0);
        int n = y.length;
        double[] jac = new double[n * n];
        smooth.jacobian(0, y, jac);
        for (int j = 0; j < n; j++) {
            double h = 1e-6 * Math.max(1, Math.abs(y[j]));
            double[] plus = y.clone(), minus = y.clone();
            plus[j] += h;
            minus[j] -= h;
            double[] fp = field(system, plus), fm = field(system, minus);
            for (int i = 0; i < n; i++) {
                double fd = (fp[i] - fm[i]) / (2 * h);
                assertEquals(fd, jac[i * n + j], 1e-5 * Math.max(1, Math.abs(fd)), system.name() + " ∂f" + i + "/∂y" + j);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void hamiltonianVectorFieldIsTheSymplecticGradientOfTheEnergy(OdeSystem system) {
        if (!(system instanceof HamiltonianSystem ham)) return;
        double[] y = system.initialState();
        for (int i = 0; i < y.length; i++) y[i] += 0.01 * Math.cos(i + 1.0);
        int d = ham.degreesOfFreedom();
        double[] f = field(system, y);
        for (int i = 0; i < 2 * d; i++) {
            double h = 1e-6;
            double[] plus = y.clone(), minus = y.clone();
            plus[i] += h;
            minus[i] -= h;
            double grad = (ham.energy(plus) - ham.energy(minus)) / (2 * h);
            // q' = ∂H/∂p, p' = −∂H/∂q
            double expected = i < d ? -grad : grad;
            int component = i < d ? i + d : i - d;
            assertEquals(expected, f[component], 1e-6, system.name() + " component " + component);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void invariantsAreConservedByTheExactFlowOverUnitTime(OdeSystem system) {
        double[] y0 = system.initialState();
        double[] y1 = HipparchusReference.tight().solve(system, 0, y0, 1);
        for (Invariant inv : system.invariants()) {
            double before = inv.at(y0), after = inv.at(y1);
            assertEquals(before, after, 1e-9 * Math.max(1, Math.abs(before)), system.name() + " " + inv.name());
        }
    }

    @Test
    void referenceSolutionOfTheHarmonicOscillatorMatchesTheExactOne() {
        HarmonicOscillator osc = new HarmonicOscillator(2, 3, 0.5, -0.7);
        double[] y = HipparchusReference.tight().solve(osc, 0, osc.initialState(), 4);
        double[] exact = osc.exact(4);
        assertEquals(exact[0], y[0], 1e-11);
        assertEquals(exact[1], y[1], 1e-11);
    }

    @Test
    void arenstorfOrbitIsPeriodic() {
        Arenstorf a = Arenstorf.standard();
        double[] y = HipparchusReference.tight().solve(a, 0, a.initialState(), Arenstorf.PERIOD);
        double[] y0 = a.initialState();
        for (int i = 0; i < 4; i++) assertEquals(y0[i], y[i], 1e-7, "component " + i);
    }

    @Test
    void keplerOrbitIsPeriodicWithPeriodTwoPi() {
        Kepler k = Kepler.standard();
        double[] y = HipparchusReference.tight().solve(k, 0, k.initialState(), 2 * Math.PI);
        double[] y0 = k.initialState();
        for (int i = 0; i < 4; i++) assertEquals(y0[i], y[i], 1e-9, "component " + i);
    }

    @Test
    void dampedOscillatorsPhysicalCoordinateDecaysLikeTheClosedForm() {
        DampedOscillator osc = DampedOscillator.standard();
        double t = 3, w = Math.sqrt(1 - 0.01);
        double[] y = HipparchusReference.tight().solve(osc, 0, osc.initialState(), t);
        // x(t) = e^{−γt}(cos ωt + γ/ω sin ωt) for x(0) = 1, x'(0) = 0.
        double expected = Math.exp(-0.1 * t) * (Math.cos(w * t) + 0.1 / w * Math.sin(w * t));
        assertEquals(expected, y[0], 1e-10);
    }

    @Test
    void singleSphericalPendulumInAVerticalPlaneMovesLikeThePlanarPendulum() {
        PendulumChain chain = new PendulumChain(new double[] {2}, new double[] {1.5}, 9.81);
        double theta = 0.7, thetaDot = 0.3;
        // q = (sin θ, 0, −cos θ); q' = θ'(cos θ, 0, sin θ) = ω × q with ω = (0, −θ', 0).
        double[] y = {Math.sin(theta), 0, -Math.cos(theta), 0, -thetaDot, 0};
        double[] d = new double[6];
        chain.evaluate(0, y, d);
        double thetaDDot = -9.81 / 1.5 * Math.sin(theta);
        assertEquals(-thetaDDot, d[4], 1e-12);
        assertEquals(0, d[3], 1e-12);
        assertEquals(0, d[5], 1e-12);
        assertEquals(thetaDot * Math.cos(theta), d[0], 1e-15);
    }

    @Test
    void pendulumChainAccelerationsStayTangent() {
        PendulumChain chain = PendulumChain.standard(4);
        double[] y = chain.initialState();
        double[] d = field(chain, y);
        for (int j = 0; j < 4; j++) {
            int o = 6 * j;
            assertEquals(1, y[o] * y[o] + y[o + 1] * y[o + 1] + y[o + 2] * y[o + 2], 1e-15);
            assertEquals(0, y[o] * y[o + 3] + y[o + 1] * y[o + 4] + y[o + 2] * y[o + 5], 1e-15);
            assertEquals(0, y[o] * d[o + 3] + y[o + 1] * d[o + 4] + y[o + 2] * d[o + 5], 1e-12, "q·ω' for pendulum " + j);
        }
    }

    @Test
    void badParametersAreRejectedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Burgers(0.02, 2, 1)).getMessage().contains("grid points"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Kepler(1.2)).getMessage().contains("eccentricity"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PendulumChain(new double[] {1}, new double[] {1, 1}, 9.81))
                .getMessage().contains("masses and lengths"));
    }

    @Test
    void pendulumChainEvaluatesConsistentlyFromManyThreads() throws Exception {
        PendulumChain chain = PendulumChain.standard(3);
        double[] y = chain.initialState(), expected = field(chain, y);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int task = 0; task < 8; task++)
                futures.add(pool.submit(() -> {
                    double[] d = new double[y.length];
                    for (int k = 0; k < 2_000; k++) {
                        chain.evaluate(0, y, d);
                        if (!java.util.Arrays.equals(d, expected)) return false;
                    }
                    return true;
                }));
            for (var f : futures) assertTrue(f.get(), "a thread saw a different vector field");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void referenceTrajectoryMatchesTheExactOscillatorAtEverySample() {
        HarmonicOscillator osc = HarmonicOscillator.standard();
        double[] times = {0.5, 1.0, 2.5, 7.0};
        double[][] ys = HipparchusReference.tight().trajectory(osc, 0, osc.initialState(), times);
        for (int i = 0; i < times.length; i++) {
            assertEquals(osc.exact(times[i])[0], ys[i][0], 1e-11);
            assertEquals(osc.exact(times[i])[1], ys[i][1], 1e-11);
        }
    }

    @Test
    void systemsAreFoundByNameAndUnknownNamesListTheChoices() {
        assertEquals("Lorenz", Zoo.byName("lorenz").name());
        var e = assertThrows(IllegalArgumentException.class, () -> Zoo.byName("lorentz"));
        assertTrue(e.getMessage().contains("'lorentz'") && e.getMessage().contains("Burgers"), e.getMessage());
    }
}
