package org.odeon.models.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.odeon.pde.InitialData;
import org.odeon.pde.PeriodicPde;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Recurrent training with a curriculum learns a heat step far better than standing still. */
class PixelTrainingTest {
    private static final int N = 12;

    private static PixelData heat(int count, int steps, long seed) {
        double alpha = 0.01, h = 1.0 / N, dt = 0.24 * h * h / alpha;
        Rng rng = new Rng(seed);
        return PixelData.generate(PeriodicPde.heat(N, alpha, PeriodicPde.Laplacian.FIVE_POINT),
                () -> InitialData.randomSinCosSum(N, 1, 2, 2, 1, 0, rng), count, steps, dt, 2);
    }

    @Test void curriculumLengthensTheUnrollStageByStage() {
        PixelNet net = new PixelNet(PixelNet.Shape.linear(), 1, new Rng(1));
        PixelTraining t = new PixelTraining(net, net, heat(2, 6, 1), new PixelTraining.Config(List.of(3, 4, 5), 40, 4, 1e-3, 1e-2, 20, 0));
        assertEquals(3, t.unrollAt(0));
        assertEquals(3, t.unrollAt(39));
        assertEquals(4, t.unrollAt(40));
        assertEquals(5, t.unrollAt(80));
        assertEquals(5, t.unrollAt(1_000_000));
    }

    @Test void theRateCyclesBeforeTheLastStageAndAnnealsToTheFinalRateInIt() {
        var c = new PixelTraining.Config(List.of(3, 4, 5), 40, 4, 1e-3, 1e-2, 10, 0, 1e-6);
        var lr = c.schedule();
        assertEquals(1e-3, lr.at(0), 1e-15);
        assertEquals(1e-2, lr.at(10), 1e-15);
        assertEquals(1e-3, lr.at(20), 1e-15);
        assertEquals(1e-2, lr.at(50), 1e-15);   // second stage still cycles
        assertEquals(1e-3, lr.at(80), 1e-15);   // the last stage starts where the cycles left off …
        for (long t = 81; t < 120; t++) assertTrue(lr.at(t) < lr.at(t - 1), "not annealing at " + t);
        assertEquals(1e-6, lr.at(120), 1e-15);  // … and ends at the final rate
        assertThrows(IllegalArgumentException.class, () -> new PixelTraining.Config(List.of(3), 10, 4, 1e-3, 1e-2, 5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PixelTraining.Config(List.of(3), 10, 4, 1e-3, 1e-2, 5, 0, 2e-3));
    }

    @Test void trainingLearnsTheHeatStep() {
        PixelNet net = new PixelNet(PixelNet.Shape.linear(), 1, new Rng(1));
        PixelTraining t = new PixelTraining(net, net, heat(8, 6, 2), new PixelTraining.Config(List.of(3, 4, 5), 80, 8, 1e-3, 1e-2, 20, 1e-3, 1e-4));
        double[] losses = t.run(5);
        double first = Arrays.stream(losses, 0, 10).average().getAsDouble(), last = Arrays.stream(losses, losses.length - 10, losses.length).average().getAsDouble();
        assertTrue(last < first / 10, "loss " + first + " → " + last);

        PixelData test = heat(6, 5, 99);
        double learned = PixelMetrics.errors(PixelMetrics.rollout(net, test.frame(0), 5), test).relative()[4];
        NextFrame standStill = (u, n) -> u;
        double still = PixelMetrics.errors(PixelMetrics.rollout(standStill, test.frame(0), 5), test).relative()[4];
        System.out.printf("relative error after 5 steps: learned %.3g, standing still %.3g%n", learned, still);
        assertTrue(learned < still / 20, "learned " + learned + " vs standing still " + still);
    }

    @Test void lbfgsAfterTheAdamStagesLowersTheLossEveryStepAndBeatsAdamAloneOnFreshFields() {
        PixelData train = heat(8, 6, 2), test = heat(6, 5, 99);
        var adamOnly = new PixelTraining.Config(List.of(3, 4, 5), 30, 8, 1e-3, 1e-2, 10, 0, 1e-4);
        var withLbfgs = new PixelTraining.Config(List.of(3, 4, 5), 20, 8, 1e-3, 1e-2, 10, 0, 1e-4, 30, 64);
        assertEquals(adamOnly.totalSteps(), withLbfgs.totalSteps());
        double[] rel = new double[2];
        for (int k = 0; k < 2; k++) {
            PixelNet net = new PixelNet(PixelNet.Shape.linear(), 1, new Rng(1));
            PixelTraining t = new PixelTraining(net, net, train, k == 0 ? adamOnly : withLbfgs);
            double[] losses = t.run(5);
            if (k == 1) {
                for (int i = withLbfgs.adamSteps() + 1; i < losses.length; i++)
                    assertTrue(losses[i] <= losses[i - 1], "L-BFGS loss rose at step " + i + ": " + losses[i - 1] + " → " + losses[i]);
                assertEquals(30, t.lbfgs().orElseThrow().iterations());
            }
            rel[k] = PixelMetrics.errors(PixelMetrics.rollout(net, test.frame(0), 5), test).relative()[4];
        }
        System.out.printf("relative error after 5 steps, same step count: Adam %.3g, Adam then L-BFGS %.3g%n", rel[0], rel[1]);
        assertTrue(rel[1] < rel[0] / 2, "Adam then L-BFGS " + rel[1] + " vs Adam alone " + rel[0]);
    }

    @Test void badSettingsAreRefusedWithOneLine() {
        assertThrows(IllegalArgumentException.class, () -> new PixelTraining.Config(List.of(3), 10, 4, 1e-3, 1e-2, 5, 0, 1e-4, -1, 8));
        assertThrows(IllegalArgumentException.class, () -> new PixelTraining.Config(List.of(3), 10, 4, 1e-3, 1e-2, 5, 0, 1e-4, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new PixelTraining.Config(List.of(), 10, 4, 1e-3, 1e-2, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new PixelTraining.Config(List.of(3, 0), 10, 4, 1e-3, 1e-2, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new PixelTraining.Config(List.of(3), 10, 4, 1e-2, 1e-3, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new PixelTraining.Config(List.of(3), 10, 4, 1e-3, 1e-2, 5, Double.NaN));
        PixelNet net = new PixelNet(PixelNet.Shape.linear(), 1, new Rng(1));
        assertThrows(IllegalArgumentException.class,
                () -> new PixelTraining(net, net, heat(2, 3, 1), new PixelTraining.Config(List.of(5), 10, 4, 1e-3, 1e-2, 5, 0)));
        assertThrows(IllegalArgumentException.class, () -> new PixelData(4, new double[][][] {{new double[16], new double[15]}}));
        PixelTraining adamOnly = new PixelTraining(net, net, heat(2, 6, 1), new PixelTraining.Config(List.of(3), 2, 4, 1e-3, 1e-2, 5, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adamOnly.step(2, new Rng(0))).getMessage().contains("no L-BFGS"));
    }
}
