package org.odeon.models.symplectic;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.ode.SplittingMethod;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.systems.HenonHeiles;
import org.odeon.tensor.Rng;

class LongTimeTest {
    private static final HarmonicOscillator OSC = HarmonicOscillator.standard();

    @Test void energyErrorAndItsTrend() {
        double[][] traj = {{1, 0}, {0, 1}, {1.1, 0}, {0, 1.2}};
        double[] err = LongTime.energyError(OSC, traj);
        assertArrayEquals(new double[] {0, 0.105, 0.22}, err, 1e-12);
        assertEquals(2.0, LongTime.trend(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}), 1e-15);
        assertEquals(1, LongTime.trend(new double[0]));
    }

    @Test void aSymplecticMethodsErrorStaysBoundedWhereRk4Drifts() {
        double[][] verlet = SplittingMethod.stormerVerlet().trajectory(OSC, 0, new double[] {1, 0}, 2000, 1);
        // RK4 with h = 1 multiplies the energy by |R(i)|² ≈ 0.988 a step: over 40 steps the error grows steadily
        double[][] rk4 = ExplicitRungeKutta.rk4().trajectory(OSC, 0, new double[] {1, 0}, 40, 1);
        double verletTrend = LongTime.trend(LongTime.energyError(OSC, verlet)), rk4Trend = LongTime.trend(LongTime.energyError(OSC, rk4));
        assertTrue(verletTrend < 1.5, "leapfrog " + verletTrend);
        assertTrue(rk4Trend > 5, "RK4 damps the energy steadily: " + rk4Trend);
    }

    @Test void aRolloutThatBlowsUpIsCutBeforeItsFirstNonFiniteOrHugeState() {
        assertEquals(2, LongTime.finitePart(new double[][] {{1, 0}, {2, 0}, {Double.NaN, 0}, {3, 0}}).length);
        assertEquals(1, LongTime.finitePart(new double[][] {{1, 0}, {2e8, 0}}).length);
        assertEquals(4, LongTime.finitePart(new double[][] {{1, 0}, {2, 0}, {3, 1}, {3, 0}}).length);
        var s = LongTime.summarise(OSC, new double[][] {{1, 0}, {0, 1.2}, {Double.POSITIVE_INFINITY, 0}}, new double[][] {{1, 0}, {0, 1}});
        assertEquals(1, s.finiteSteps());
        assertEquals(0.22, s.max(), 1e-12);
        assertEquals(0.2, s.trajectoryError(), 1e-12);
    }

    @Test void trajectoryErrorIsTheWorstDistanceOverTheCommonSteps() {
        double[][] ref = {{0, 0}, {1, 0}, {2, 0}};
        assertEquals(5, LongTime.trajectoryError(new double[][] {{9, 9}, {1, 0}, {5, 4}, {100, 100}}, ref), 1e-15);
    }

    @Test void hamiltonianErrorIgnoresAConstantAndSeesAScaling() {
        KnownHamiltonian h = KnownHamiltonian.of(OSC);
        assertEquals(0, LongTime.hamiltonianError(z -> h.energy(z).add(3.0), h, 1, 1.2, 256, new Rng(1)), 1e-12);
        assertTrue(LongTime.hamiltonianError(z -> h.energy(z).mul(2.0), h, 1, 1.2, 256, new Rng(1)) > 0.05);
    }

    @Test void poincareCrossingsAreInterpolatedOnTheSection() {
        double[][] t = {{-0.1, 0.0, 1, 0.2}, {0.3, 0.4, 1, 0.6}, {0.5, 0, 1, 0}, {-0.2, 0, -1, 0}, {-0.1, 5, 1, 0}, {0.1, 5, 1, 0}};
        List<double[]> pts = new PoincareSection(1).of(t);
        assertEquals(1, pts.size(), "one crossing inside the window; the one at q₂ = 5 is outside");
        assertEquals(0.1, pts.get(0)[0], 1e-15);   // a quarter of the way from q₂ = 0 to 0.4
        assertEquals(0.3, pts.get(0)[1], 1e-15);
        assertEquals(2, new PoincareSection(10).of(t).size());
    }

    @Test void theTrueHenonHeilesSectionLiesOnTheEnergySurface() {
        HenonHeiles hh = HenonHeiles.standard();
        double[] z0 = hh.initialState();
        List<double[]> pts = new PoincareSection(1).ofFlow(SplittingMethod.yoshida4(), hh, z0, 0.01, 20_000);
        assertTrue(pts.size() > 10, "crossings in 200 time units: " + pts.size());
        // on q₁ = 0: H = p₁²/2 + (q₂² + p₂²)/2 − q₂³/3 with p₁ > 0, so (q₂² + p₂²)/2 − q₂³/3 ≤ H
        double e = hh.energy(z0);
        for (double[] p : pts) assertTrue((p[0] * p[0] + p[1] * p[1]) / 2 - p[0] * p[0] * p[0] / 3 <= e + 1e-6);
    }

    @Test void theSymplecticBaselineIsLeapfrogForASeparableHamiltonianAndTheMidpointRuleOtherwise() {
        double[] z0 = {1, 0};
        assertArrayEquals(SplittingMethod.stormerVerlet().trajectory(OSC, 0, z0, 10, 1)[10], Rollout.symplecticBaseline(OSC, z0, 10)[10], 0);
        var damped = new org.odeon.systems.DampedOscillator(1, 0.01, 1, 0);
        assertFalse(((Object) damped) instanceof org.odeon.ode.SeparableHamiltonian);
        assertArrayEquals(new org.odeon.ode.ImplicitMidpoint().trajectory(damped, 0, damped.initialState(), 10, 1)[10],
                Rollout.symplecticBaseline(damped, damped.initialState(), 10)[10], 0);
    }

    @Test void theReferenceAndTheObservationsFollowTheTrueFlow() {
        double[][] ref = Rollout.reference(OSC, new double[] {1, 0}, 3);
        for (int k = 0; k <= 3; k++) assertArrayEquals(OSC.exact(k), ref[k], 1e-9);
        FlowData data = FlowData.observe(OSC, 1.2, 20, 0, new Rng(2));
        assertArrayEquals(new int[] {20, 3}, data.samples().features().shape());
        for (int i = 0; i < 20; i++) {
            double q = data.samples().features().get(i, 0), p = data.samples().features().get(i, 1), t = data.samples().features().get(i, 2);
            double[] exact = new HarmonicOscillator(1, 1, q, p).exact(t);
            assertEquals(exact[0], data.samples().labels().get(i, 0), 1e-9);
            assertEquals(exact[1], data.samples().labels().get(i, 1), 1e-9);
            assertEquals(new HarmonicOscillator(1, 1, data.pairs().features().get(i, 0), data.pairs().features().get(i, 1)).exact(1)[1], data.pairs().labels().get(i, 1), 1e-9);
        }
        var parts = FlowData.parts(data.samples().batch(0, 1));
        assertArrayEquals(new int[] {2, 1}, parts[1].shape());
        assertEquals(data.samples().features().get(1, 2), parts[1].value().get(1, 0));
    }

    @Test void everyBenchmarkStartsInsideItsSystem() {
        for (Benchmark b : Benchmark.values()) {
            var p = b.problem(4);
            assertEquals(2 * p.system().degreesOfFreedom(), p.z0().length, b.name());
            assertTrue(Double.isFinite(p.system().energy(p.z0())) && p.box() > 0, b.name());
        }
    }
}
