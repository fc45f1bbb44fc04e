package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.systems.Arenstorf;
import org.odeon.systems.HarmonicOscillator;

class DormandPrince54Test {

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    @Test
    void closesTheArenstorfOrbitAfterOnePeriodAndRejectsSomeSteps() {
        Arenstorf system = Arenstorf.standard();
        double[] y = system.initialState();
        var stats = new DormandPrince54(1e-10, 1e-10).integrate(system, 0, Arenstorf.PERIOD, y);
        assertTrue(maxDiff(y, system.initialState()) < 1e-5, "orbit not closed: " + maxDiff(y, system.initialState()));
        assertTrue(stats.rejected() > 0, "the close approaches to the Moon should force rejections");
        assertEquals(6 * (stats.accepted() + stats.rejected()) + 2, stats.evaluations());
    }

    @Test
    void errorShrinksWithTheTolerance() {
        Arenstorf system = Arenstorf.standard();
        double previous = Double.POSITIVE_INFINITY;
        for (double tol : new double[] {1e-6, 1e-8, 1e-10}) {
            double[] y = system.initialState();
            new DormandPrince54(tol, tol).integrate(system, 0, Arenstorf.PERIOD, y);
            double err = maxDiff(y, system.initialState());
            assertTrue(err < previous / 10, "tolerance " + tol + " gave error " + err + ", previous " + previous);
            previous = err;
        }
    }

    @Test
    void denseOutputMatchesTheExactSolutionBetweenSteps() {
        HarmonicOscillator osc = HarmonicOscillator.standard();
        double[] times = new double[200];
        for (int i = 0; i < times.length; i++) times[i] = 0.05 * (i + 1) - 0.013;
        double[][] sampled = new DormandPrince54(1e-10, 1e-12).sample(osc, 0, osc.initialState(), times);
        for (int i = 0; i < times.length; i++)
            assertTrue(maxDiff(sampled[i], osc.exact(times[i])) < 1e-8, "t=" + times[i] + " error " + maxDiff(sampled[i], osc.exact(times[i])));
    }

    @Test
    void denseOutputReproducesBothEndsOfEveryStep() {
        HarmonicOscillator osc = HarmonicOscillator.standard();
        double[] y = osc.initialState();
        double[] at = new double[2];
        int[] steps = {0};
        new DormandPrince54(1e-6, 1e-6).integrate(osc, 0, 5, y, step -> {
            step.at(step.tEnd(), at);
            assertTrue(maxDiff(at, osc.exact(step.tEnd())) < 1e-4);
            steps[0]++;
        });
        assertTrue(steps[0] > 5);
        assertTrue(maxDiff(y, osc.exact(5)) < 1e-4);
    }

    @Test
    void integratesBackwardInTime() {
        HarmonicOscillator osc = HarmonicOscillator.standard();
        double[] y = osc.exact(3);
        new DormandPrince54(1e-10, 1e-10).integrate(osc, 3, 0, y);
        assertTrue(maxDiff(y, osc.initialState()) < 1e-8);
    }

    @Test
    void rejectsInvalidTolerances() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DormandPrince54(0, 0));
        assertTrue(e.getMessage().contains("rtol"));
    }
}
