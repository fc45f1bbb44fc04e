package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** log1p, expm1, softplus with β, cumsum and dilated / grouped convolutions: values and derivatives to second order. */
class EngineOpsTest {
    private static final double FIRST = 1e-6, SECOND = 1e-5;

    record Case(String name, Function<List<Tensor>, Tensor> f, List<NDArray> inputs) {
        @Override public String toString() { return name; }
    }

    private static NDArray n(long seed, int... shape) { return new Rng(seed).normal(DType.F64, 0, 1, shape); }

    private static Function<List<Tensor>, Tensor> unary(Function<Tensor, Tensor> f) { return t -> f.apply(t.get(0)); }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("log1p", unary(Tensor::log1p), List.of(new Rng(1).uniform(DType.F64, -0.5, 2, 2, 3))),
                new Case("expm1", unary(Tensor::expm1), List.of(n(2, 2, 3))),
                new Case("softplus beta 3", unary(x -> x.softplus(3)), List.of(n(3, 5))),
                new Case("softplus beta 0.5", unary(x -> x.softplus(0.5).square()), List.of(n(4, 5))),
                new Case("cumsum last axis", unary(x -> x.cumsum(-1).square()), List.of(n(5, 2, 4))),
                new Case("cumsum middle axis", unary(x -> x.cumsum(1).tanh()), List.of(n(6, 2, 3, 2))),
                new Case("conv2d dilation 2", t -> Conv.conv2d(t.get(0), t.get(1), t.get(2), 1, 2, 2, 1, IndexMap.Pad.ZERO).tanh(),
                        List.of(n(7, 2, 2, 5, 5), n(8, 3, 2, 3, 3), n(9, 3))),
                new Case("conv2d 2 groups, stride 2, circular", t -> Conv.conv2d(t.get(0), t.get(1), null, 2, 1, 1, 2, IndexMap.Pad.CIRCULAR).tanh(),
                        List.of(n(10, 1, 4, 5, 4), n(11, 6, 2, 3, 2))),
                new Case("depthwise conv2d, dilation 2, reflect", t -> Conv.conv2d(t.get(0), t.get(1), t.get(2), 1, 2, 2, 3, IndexMap.Pad.REFLECT).tanh(),
                        List.of(n(12, 2, 3, 4, 5), n(13, 3, 1, 2, 3), n(14, 3))),
                new Case("conv2d + relu fused, then tanh", t -> Conv.conv2dRelu(t.get(0), t.get(1), t.get(2), 1, 1, IndexMap.Pad.ZERO).add(0.1).tanh(),
                        List.of(n(15, 2, 2, 4, 4), n(16, 3, 2, 3, 3), n(17, 3))),
                new Case("1x1 conv2d + relu fused", t -> Conv.conv2dRelu(t.get(0), t.get(1), null, 1, 0, IndexMap.Pad.ZERO).square(),
                        List.of(n(18, 2, 3, 3, 2), n(19, 4, 3, 1, 1))));
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void firstDerivativesMatchFiniteDifferences(Case c) {
        double err = GradCheck.firstOrder(c.f(), c.inputs(), 7);
        assertTrue(err < FIRST, c.name() + ": first-order error " + err);
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void secondDerivativesMatchFiniteDifferences(Case c) {
        double err = GradCheck.secondOrder(c.f(), c.inputs(), 11);
        assertTrue(err < SECOND, c.name() + ": second-order error " + err);
    }

    @Test
    void log1pAndExpm1KeepTheDigitsThatLogAndExpLoseNearZero() {
        NDArray x = NDArray.of(new int[] {3}, 1e-12, -3e-9, 0.5);
        double[] l = x.log1p().data(), e = x.expm1().data();
        for (int i = 0; i < 3; i++) {
            double v = x.data()[i];
            // Taylor series to the term that matters at these sizes.
            double lRef = i < 2 ? v - v * v / 2 : Math.log(1.5), eRef = i < 2 ? v + v * v / 2 : Math.exp(0.5) - 1;
            assertEquals(lRef, l[i], 1e-15 * Math.abs(lRef));
            assertEquals(eRef, e[i], 1e-15 * Math.abs(eRef));
        }
        assertNotEquals(Math.log(1 + 1e-12), l[0], "the naive formula is off in the fifth digit; log1p is not");
        NDArray f = NDArray.of(DType.F32, new int[] {2}, new double[] {1e-3, -0.25});
        for (double v : f.log1p().data()) assertEquals((float) v, v, "F32 results are float values");
    }

    @Test
    void softplusWithBetaIsLogOnePlusExpOverBetaAndTendsToRelu() {
        NDArray x = NDArray.of(new int[] {5}, -3, -0.5, 0, 0.7, 40);
        for (double beta : new double[] {0.5, 2, 10}) {
            double[] y = Tensor.constant(x).softplus(beta).value().data();
            for (int i = 0; i < 5; i++) {
                double v = x.data()[i];
                assertEquals(Math.log1p(Math.exp(beta * v)) / beta, y[i], 1e-12 * Math.max(1, Math.abs(y[i])));
            }
        }
        double[] sharp = Tensor.constant(x).softplus(1e4).value().data();
        for (int i = 0; i < 5; i++) assertEquals(Math.max(x.data()[i], 0), sharp[i], 1e-4, "large β approaches relu");
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.constant(x).softplus(-1));
        assertTrue(e.getMessage().contains("beta must be positive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.constant(x).softplus(Double.NaN));
    }

    @Test
    void cumsumIsTheRunningSumAndItsAdjointRunsBackwards() {
        NDArray x = NDArray.of(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new double[] {1, 3, 6, 4, 9, 15}, x.cumsum(1).data());
        assertArrayEquals(new double[] {1, 2, 3, 5, 7, 9}, x.cumsum(0).data());
        var scan = org.odeon.tensor.Scan.cumsum(new int[] {3, 4, 5}, 1);
        NDArray a = n(20, 3, 4, 5), b = n(21, 3, 4, 5);
        double lhs = scan.apply(a).mul(b).sum().item(), rhs = a.mul(scan.adjoint(b)).sum().item();
        assertEquals(lhs, rhs, 1e-12 * Math.abs(lhs));
        var e = assertThrows(IllegalArgumentException.class, () -> scan.apply(n(22, 3, 5, 4)));
        assertTrue(e.getMessage().contains("[3, 5, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.cumsum(2));
    }

    @Test
    void fusedConvReluEqualsConvThenReluInBothPrecisions() {
        for (DType t : DType.values())
            for (int k : new int[] {1, 3}) {
                Tensor x = Tensor.constant(new Rng(30).normal(t, 0, 1, 3, 4, 9, 7)), w = Tensor.constant(new Rng(31).normal(t, 0, 1, 5, 4, k, k));
                Tensor b = Tensor.constant(new Rng(32).normal(t, 0, 1, 5));
                NDArray fused = Conv.conv2dRelu(x, w, b, 1, k / 2, IndexMap.Pad.ZERO).value();
                NDArray apart = Conv.conv2d(x, w, b, 1, k / 2, IndexMap.Pad.ZERO).relu().value();
                assertEquals(t, fused.dtype());
                assertArrayEquals(apart.data(), fused.data(), "kernel " + k + ", " + t);
            }
    }

    @Test
    void groupedConvolutionRejectsChannelsThatDoNotSplit() {
        Tensor x = Tensor.constant(NDArray.zeros(DType.F64, 1, 4, 5, 5));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2d(x, Tensor.constant(NDArray.zeros(DType.F64, 6, 2, 3, 3)), null, 1, 1, 1, 3, IndexMap.Pad.ZERO));
        assertTrue(e.getMessage().contains("do not split into 3 groups"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2d(x, Tensor.constant(NDArray.zeros(DType.F64, 6, 4, 3, 3)), null, 1, 1, 1, 2, IndexMap.Pad.ZERO));
        assertTrue(e.getMessage().contains("expects 8 input channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2d(x, Tensor.constant(NDArray.zeros(DType.F64, 4, 4, 3, 3)), null, 1, 0, 3, 1, IndexMap.Pad.ZERO));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }
}
