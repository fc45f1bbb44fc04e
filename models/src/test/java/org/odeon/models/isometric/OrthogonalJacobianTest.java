package org.odeon.models.isometric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.models.isometric.OrthogonalWeight.Mode;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Sequential;
import org.odeon.nn.StructureCheck;
import org.odeon.optim.Adam;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The Jacobian of every orthogonal-Jacobian layer, and of deep compositions, is orthogonal to round-off, before and after training. */
class OrthogonalJacobianTest {
    static final double ORTHOGONAL = 1e-12;

    static NDArray inputs(long seed, int batch, int width) { return new Rng(seed).normal(DType.F64, 0, 1, batch, width); }

    /** One Adam step on a random regression loss, projecting constrained weights afterwards. */
    static void trainStep(Module m, int width, double lr) {
        Adam opt = new Adam(m.namedParameters(), lr);
        opt.projecting(m);
        NDArray x = inputs(7, 16, width), target = inputs(8, 16, width);
        opt.zeroGrad();
        m.forward(Tensor.constant(x)).sub(Tensor.constant(target)).square().mean().backward();
        opt.step();
    }

    static List<Module> layers(int width, Rng rng) {
        return List.of(
                new OrthogonalLayer(width, UnitSlope.ABS, Mode.EXPONENTIAL, rng),
                new OrthogonalLayer(width, UnitSlope.FOLD, Mode.PROJECTED, rng),
                new OrthogonalLayer(width, UnitSlope.ABS, Mode.PROJECTED, rng),
                new ReflectionLayer(width, width, Mode.PROJECTED, rng),
                new ReflectionLayer(width, width / 2, Mode.EXPONENTIAL, rng),
                new ReflectionLayer(width, 3, Mode.PROJECTED, rng));
    }

    /** The certified defect a layer reports through {@link StructureCheck}. */
    static double certified(Module m) { return ((StructureCheck) m).structureDefects(1).get("jacobian_defect_certified"); }

    @Test void everyLayerHasAnOrthogonalJacobianBeforeAndAfterATrainingStep() {
        int width = 12;
        for (Module layer : layers(width, new Rng(1))) {
            for (int round = 0; round < 2; round++) {
                double measured = JacobianSpectrum.orthogonalityDefect(layer, inputs(3 + round, 10, width));
                double certified = certified(layer);
                assertTrue(measured <= ORTHOGONAL, layer + " round " + round + ": ‖JᵀJ − I‖ = " + measured);
                assertTrue(certified <= ORTHOGONAL, layer + " round " + round + ": certified defect " + certified);
                trainStep(layer, width, 1e-2);
            }
        }
    }

    @Test void aDepth100CompositionHasAnOrthogonalJacobianBeforeAndAfterATrainingStep() {
        int width = 16;
        Rng rng = new Rng(2);
        List<Module> body = new ArrayList<>();
        for (int i = 0; i < 100; i++)
            body.add(switch (i % 3) {
                case 0 -> new OrthogonalLayer(width, UnitSlope.ABS, Mode.PROJECTED, rng);
                case 1 -> new ReflectionLayer(width, width / 2, Mode.PROJECTED, rng);
                default -> new OrthogonalLayer(width, UnitSlope.FOLD, Mode.PROJECTED, rng);
            });
        Sequential net = new Sequential(body);
        double before = JacobianSpectrum.orthogonalityDefect(net, inputs(5, 8, width));
        trainStep(net, width, 1e-3);
        double after = JacobianSpectrum.orthogonalityDefect(net, inputs(6, 8, width));
        assertTrue(before <= ORTHOGONAL, "depth 100 at initialisation: " + before);
        assertTrue(after <= ORTHOGONAL, "depth 100 after a step: " + after);
        double[][] s = JacobianSpectrum.singularValues(net, inputs(6, 2, width));
        for (double[] row : s) for (double v : row) assertEquals(1, v, 1e-12);
    }

    @Test void freeWeightsAreOrthogonalOnlyAtInitialisation() {
        int width = 12;
        OrthogonalLayer layer = new OrthogonalLayer(width, UnitSlope.ABS, Mode.FREE, new Rng(3));
        assertTrue(JacobianSpectrum.orthogonalityDefect(layer, inputs(1, 4, width)) <= ORTHOGONAL);
        trainStep(layer, width, 1e-2);
        double after = JacobianSpectrum.orthogonalityDefect(layer, inputs(1, 4, width));
        assertTrue(after > 1e-3, "unconstrained training leaves O(n): " + after);
        assertEquals(after, layer.jacobianDefect(), 1e-9, "the layer reports the drift it measures");
        assertEquals(layer.jacobianDefect(), layer.structureDefects(1).get("jacobian_defect_measured"), 1e-9);
    }

    @Test void partialIsometriesAreIsometricOnTheirSubspaceThroughDepth() {
        int width = 12, k = 5;
        Rng rng = new Rng(4);
        List<Module> body = new ArrayList<>();
        for (int i = 0; i < 50; i++)
            body.add(i % 3 == 2 ? new PartialIsometryLayer(width, k, i % 5 == 0 ? Mode.EXPONENTIAL : Mode.PROJECTED, rng)
                    : new PartialIsometryLayer(width, k, i % 2 == 0 ? UnitSlope.ABS : UnitSlope.FOLD, i % 5 == 0 ? Mode.EXPONENTIAL : Mode.PROJECTED, rng));
        Sequential net = new Sequential(body);
        NDArray p = JacobianSpectrum.coordinateBasis(width, k);
        for (int round = 0; round < 2; round++) {
            NDArray x = inputs(10 + round, 8, width);
            assertTrue(JacobianSpectrum.isometryDefectOn(body.get(0), x, p) <= ORTHOGONAL);
            double onV = JacobianSpectrum.isometryDefectOn(net, x, p);
            assertTrue(onV <= ORTHOGONAL, "depth 50, round " + round + ": ‖PᵀJᵀJP − I‖ = " + onV);
            assertTrue(JacobianSpectrum.orthogonalityDefect(net, x) > 0.1, "the whole Jacobian is not orthogonal: the isometry is partial");
            // J maps V into V: the rows of J P below k vanish exactly.
            NDArray jac = JacobianSpectrum.jacobians(net, x);
            for (int b = 0; b < 8; b++)
                for (int i = k; i < width; i++)
                    for (int j = 0; j < k; j++) assertEquals(0, jac.get(b, i, j), 0, "J leaks V into the free channel");
            for (Module l : body) assertTrue(certified(l) <= ORTHOGONAL);
            trainStep(net, width, 1e-3);
        }
    }

    @Test void lipschitzCertificatesHoldAgainstSearchedPairs() {
        int width = 8;
        Rng rng = new Rng(5);
        List<Module> all = new ArrayList<>(layers(width, rng));
        all.add(new PartialIsometryLayer(width, 3, UnitSlope.ABS, Mode.PROJECTED, rng));
        all.add(new PartialIsometryLayer(width, 4, Mode.PROJECTED, rng));
        for (Module layer : all) {
            trainStep(layer, width, 1e-2);
            double bound = Lipschitz.bound(layer, 1e-9);
            double found = Lipschitz.lowerBound(layer, inputs(9, 16, width), 0.5, 30, 0.2, 3).ratio();
            assertTrue(found <= bound * (1 + 1e-12), layer + ": pair ratio " + found + " above certificate " + bound);
        }
        // for the orthogonal layers the certificate is tight: some pair is stretched by ~1 (pieces are isometries)
        double found = Lipschitz.lowerBound(all.get(0), inputs(9, 16, width), 1e-3, 5, 0.1, 3).ratio();
        assertEquals(1, found, 1e-6);
    }

    /** Checks {@code (x, θ) ↦ m_θ(x)} at first and second order, in the input and every parameter. */
    static void gradCheck(Module m, NDArray x) {
        List<NDArray> in = new ArrayList<>();
        in.add(x);
        for (Parameter p : m.parameters()) in.add(p.value().copy());
        double first = GradCheck.firstOrder(ts -> m.callWith(ts.subList(1, ts.size()), ts.get(0)), in, 1);
        double second = GradCheck.secondOrder(ts -> m.callWith(ts.subList(1, ts.size()), ts.get(0)), in, 2);
        assertTrue(first < 1e-6, m + ": first-order error " + first);
        assertTrue(second < 1e-5, m + ": second-order error " + second);
    }

    @Test void gradientsOfTheNewLayersMatchFiniteDifferences() {
        int width = 5;
        Rng rng = new Rng(6);
        List<Module> all = new ArrayList<>(layers(width, rng));
        all.add(new PartialIsometryLayer(width, 2, UnitSlope.FOLD, Mode.EXPONENTIAL, rng));
        all.add(new PartialIsometryLayer(width, 3, Mode.EXPONENTIAL, rng));
        for (Module m : all) {
            trainStep(m, width, 1e-1);  // biases away from zero, so the kinks are generic
            gradCheck(m, inputs(12, 3, width));
        }
    }

    @Test void theRegularizerVanishesExactlyOnOrthogonalJacobiansAndTrainsPlainNetsTowardsThem() {
        int width = 6;
        Rng rng = new Rng(7);
        Module iso = new OrthogonalLayer(width, UnitSlope.ABS, Mode.PROJECTED, rng);
        NDArray x = inputs(13, 32, width);
        assertTrue(JacobianRegularizer.penalty(iso, x, new Rng(1)).item() < 1e-24);

        // a deep linear chain can reach JᵀJ = I, so the penalty must drive it there
        Sequential plain = new Sequential(new org.odeon.nn.Linear(width, width, rng), new org.odeon.nn.Linear(width, width, rng));
        double before = JacobianSpectrum.orthogonalityDefect(plain, x);
        Adam opt = new Adam(plain.namedParameters(), 2e-2);
        for (int i = 0; i < 1000; i++) {
            opt.zeroGrad();
            JacobianRegularizer.penalty(plain, x, new Rng(100 + i)).backward();
            opt.step();
        }
        double after = JacobianSpectrum.orthogonalityDefect(plain, x);
        assertTrue(after < 0.05 * before, "regularised defect " + after + " vs " + before);

        List<NDArray> in = new ArrayList<>();
        for (Parameter p : plain.parameters()) in.add(p.value().copy());
        double err = GradCheck.firstOrder(ts -> plain.callWith(ts, Tensor.constant(x)).sum().mul(0)
                .add(JacobianRegularizer.penalty(z -> plain.callWith(ts, z), x, new Rng(5))), in, 3);
        assertTrue(err < 1e-6, "regulariser gradient error " + err);
    }

    @Test void singularValuesOfALinearMapAreThoseOfItsMatrix() {
        NDArray w = NDArray.of(new int[] {2, 3}, 3, 0, 0, 0, 0.5, 0);
        double[][] s = JacobianSpectrum.singularValues(z -> Tensor.mm(z, false, Tensor.constant(w), true), inputs(1, 4, 3));
        for (double[] row : s) { assertEquals(3, row[0], 1e-14); assertEquals(0.5, row[1], 1e-14); }
    }
}
