package org.odeon.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Every layer: output shape, and first- and second-order gradients in input and parameters. */
class LayersTest {
    private static final Rng RNG = new Rng(7);

    /** Checks shape and both gradient orders of {@code m} at a random input of {@code inShape}. */
    private static void check(Module m, int[] inShape, int[] outShape) {
        NDArray x = RNG.normal(DType.F64, 0, 1, inShape);
        assertArrayEquals(outShape, m.forward(Tensor.constant(x)).shape(), m + " output shape");
        List<NDArray> inputs = new ArrayList<>(List.of(x));
        for (Parameter p : m.parameters()) inputs.add(p.value());
        Function<List<Tensor>, Tensor> f = ts -> m.callWith(ts.subList(1, ts.size()), ts.get(0));
        double first = GradCheck.firstOrder(f, inputs, 1), second = GradCheck.secondOrder(f, inputs, 2);
        assertTrue(first < 1e-6, m + " first-order gradient error " + first);
        assertTrue(second < 1e-5, m + " second-order gradient error " + second);
    }

    @Test void linearMapsTheLastAxisAndHasCorrectGradients() {
        check(new Linear(4, 3, RNG), new int[] {2, 4}, new int[] {2, 3});
        check(new Linear(4, 3, false, Init.xavierNormal(1), RNG), new int[] {2, 5, 4}, new int[] {2, 5, 3});
    }

    @Test void linearComputesXWTransposePlusBias() {
        Linear l = new Linear(2, 1, RNG);
        l.weight().assign(NDArray.of(new int[] {1, 2}, 3, -1));
        l.bias().assign(NDArray.of(new int[] {1}, 0.5));
        assertEquals(3 * 2 - 1 * 4 + 0.5, l.forward(Tensor.of(new int[] {1, 2}, 2, 4)).item(), 0);
    }

    @Test void conv2dShapesFollowStrideAndPaddingAndGradientsAreCorrect() {
        check(new Conv2d(2, 3, 3, 1, 1, RNG), new int[] {2, 2, 5, 5}, new int[] {2, 3, 5, 5});
        check(new Conv2d(2, 3, 3, 2, 0, IndexMap.Pad.ZERO, false, Init.heNormal(), RNG), new int[] {1, 2, 5, 5}, new int[] {1, 3, 2, 2});
        check(new Conv2d(1, 2, 3, 1, 1, IndexMap.Pad.CIRCULAR, true, Init.lecunUniform(), RNG), new int[] {2, 1, 4, 4}, new int[] {2, 2, 4, 4});
    }

    @Test void circularConv2dCommutesWithCyclicShifts() {
        Conv2d c = new Conv2d(1, 2, 3, 1, 1, IndexMap.Pad.CIRCULAR, true, Init.lecunUniform(), RNG);
        Tensor x = Tensor.constant(RNG.normal(DType.F64, 0, 1, 1, 1, 5, 5));
        int[] roll = {4, 0, 1, 2, 3};
        NDArray convOfShift = c.forward(x.select(3, roll)).value(), shiftOfConv = c.forward(x).select(3, roll).value();
        assertArrayEquals(shiftOfConv.data(), convOfShift.data(), 1e-12);
    }

    @Test void convTranspose2dUpsamplesAndHasCorrectGradients() {
        check(new ConvTranspose2d(2, 1, 3, 2, 1, 1, RNG), new int[] {1, 2, 3, 3}, new int[] {1, 1, 6, 6});
        check(new ConvTranspose2d(1, 2, 3, 1, 1, 0, IndexMap.Pad.CIRCULAR, false, Init.lecunUniform(), RNG), new int[] {2, 1, 4, 4}, new int[] {2, 2, 4, 4});
    }

    @Test void convTranspose2dIsTheAdjointOfConv2dWithTheSameKernel() {
        Conv2d conv = new Conv2d(2, 3, 3, 2, 1, IndexMap.Pad.ZERO, false, Init.lecunUniform(), RNG);
        ConvTranspose2d tr = new ConvTranspose2d(3, 2, 3, 2, 1, 0, IndexMap.Pad.ZERO, false, Init.lecunUniform(), RNG);
        tr.weight().assign(conv.weight().value());
        NDArray x = RNG.normal(DType.F64, 0, 1, 1, 2, 5, 5), y = RNG.normal(DType.F64, 0, 1, 1, 3, 3, 3);
        double lhs = conv.forward(Tensor.constant(x)).value().mul(y).sum().item();
        double rhs = tr.forward(Tensor.constant(y)).value().mul(x).sum().item();
        assertEquals(lhs, rhs, 1e-10);
    }

    @Test void activationsHaveCorrectGradients() {
        for (Module a : List.of(Activation.relu(), Activation.leakyRelu(0.1), Activation.tanh(), Activation.sigmoid(), Activation.softplus()))
            check(a, new int[] {3, 4}, new int[] {3, 4});
    }

    @Test void activationsComputeTheirDefinitions() {
        Tensor x = Tensor.of(new int[] {2}, -2, 3);
        assertArrayEquals(new double[] {0, 3}, Activation.relu().forward(x).value().data());
        assertArrayEquals(new double[] {-0.2, 3}, Activation.leakyRelu(0.1).forward(x).value().data(), 1e-15);
        assertArrayEquals(new double[] {Math.log1p(Math.exp(-2)), Math.log1p(Math.exp(3))}, Activation.softplus().forward(x).value().data(), 1e-15);
        assertArrayEquals(new double[] {1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(-3))}, Activation.sigmoid().forward(x).value().data(), 1e-15);
        assertArrayEquals(new double[] {Math.tanh(-2), Math.tanh(3)}, Activation.tanh().forward(x).value().data(), 1e-15);
    }

    @Test void maxMinSortsEachPairDecreasingAndPreservesTheNorm() {
        Tensor x = Tensor.of(new int[] {1, 4}, 1, 5, 4, -2);
        assertArrayEquals(new double[] {5, 1, 4, -2}, GroupSort.maxMin().forward(x).value().data());
        NDArray r = RNG.normal(DType.F64, 0, 1, 3, 6, 2, 2);
        assertEquals(r.norm(), new GroupSort(3).forward(Tensor.constant(r)).value().norm(), 1e-12);
    }

    @Test void groupSortSortsGroupsAlongTheChannelAxis() {
        // channels [3, 1, 2] at one pixel and [0, 9, 5] at the other, group of 3
        Tensor x = Tensor.of(new int[] {1, 3, 2}, 3, 0, 1, 9, 2, 5);
        assertArrayEquals(new double[] {3, 9, 2, 5, 1, 0}, new GroupSort(3).forward(x).value().data());
    }

    @Test void groupSortHasCorrectGradients() {
        check(GroupSort.maxMin(), new int[] {2, 6}, new int[] {2, 6});
        check(new GroupSort(3), new int[] {2, 3, 2, 2}, new int[] {2, 3, 2, 2});
    }

    @Test void poolingAndFlattenShapesAndGradients() {
        check(Pool2d.max(2, 2), new int[] {2, 2, 4, 4}, new int[] {2, 2, 2, 2});
        check(Pool2d.avg(3, 1), new int[] {1, 2, 4, 4}, new int[] {1, 2, 2, 2});
        check(new Flatten(), new int[] {2, 3, 2, 2}, new int[] {2, 12});
    }

    @Test void poolingComputesWindowMaximaAndMeans() {
        Tensor x = Tensor.of(new int[] {1, 1, 2, 4}, 1, 2, 3, 4, 5, 6, 7, 9);
        assertArrayEquals(new double[] {6, 9}, Pool2d.max(2, 2).forward(x).value().data());
        assertArrayEquals(new double[] {3.5, 5.75}, Pool2d.avg(2, 2).forward(x).value().data());
    }

    @Test void maxPoolingRoutesTheGradientToEachWindowsMaximum() {
        Tensor x = Tensor.param(NDArray.of(new int[] {1, 1, 2, 4}, 1, 2, 3, 4, 5, 6, 7, 9));
        Pool2d.max(2, 2).forward(x).mulConst(NDArray.of(new int[] {1, 1, 1, 2}, 10, 20)).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 10, 0, 20}, x.grad().data());
    }

    @Test void sequentialComposesAndHasCorrectGradients() {
        Sequential s = new Sequential(new Conv2d(1, 2, 3, 1, 1, RNG), Activation.tanh(), Pool2d.avg(2, 2), new Flatten(), new Linear(8, 3, RNG));
        check(s, new int[] {2, 1, 4, 4}, new int[] {2, 3});
    }
}
