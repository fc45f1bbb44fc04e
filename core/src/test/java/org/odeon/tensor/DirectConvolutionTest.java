package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.*;
import static org.odeon.tensor.DirectConvolution.Path.DIRECT;
import static org.odeon.tensor.DirectConvolution.Path.GEMM;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.autograd.Conv;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.ConvolutionTest.Case;
import org.odeon.tensor.Convolution.Geometry;

/**
 * The direct small-channel kernels give the im2col + GEMM results to rounding, in all three
 * convolutions, both precisions, every padding mode; autograd through them is right to second order.
 */
class DirectConvolutionTest {

    static Stream<Case> cases() {
        return Stream.of(
                new Case("pixel lift 1→2 5x5 circular", 3, 2, new Geometry(1, 12, 10, 5, 5, 1, 2, IndexMap.Pad.CIRCULAR)),
                new Case("pixel readout 2→1 5x5 circular", 3, 1, new Geometry(2, 12, 10, 5, 5, 1, 2, IndexMap.Pad.CIRCULAR)),
                new Case("Fisher lift 1→10", 2, 10, new Geometry(1, 9, 11, 5, 5, 1, 2, IndexMap.Pad.CIRCULAR)),
                new Case("Fisher readout 10→1", 2, 1, new Geometry(10, 9, 11, 5, 5, 1, 2, IndexMap.Pad.CIRCULAR)),
                new Case("ResNet middle 4→4 3x3 zero pad 1", 2, 4, new Geometry(4, 7, 8, 3, 3, 1, 1, IndexMap.Pad.ZERO)),
                new Case("2x3 kernel reflect pad 2", 2, 3, new Geometry(3, 5, 6, 2, 3, 1, 2, IndexMap.Pad.REFLECT)),
                new Case("5x5 without padding", 2, 2, new Geometry(2, 9, 8, 5, 5, 1, 0, IndexMap.Pad.ZERO)),
                // 96 samples of 32x32: enough work for the batch to be split over threads.
                new Case("batch of 96, 32x32", 96, 2, new Geometry(1, 32, 32, 5, 5, 1, 2, IndexMap.Pad.CIRCULAR)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDirectKernelsAgreeWithIm2colToRounding(Case c) {
        Geometry g = c.geo();
        assertTrue(DirectConvolution.supports(g), "the direct kernels must apply");
        for (DType t : List.of(DType.F64, DType.F32)) {
            double tol = t == DType.F64 ? 1e-12 : 1e-5;
            Rng rng = new Rng(7);
            NDArray x = rng.normal(t, 0, 1, c.n(), g.channels(), g.height(), g.width());
            NDArray w = rng.normal(t, 0, 1, c.o(), g.channels(), g.kh(), g.kw());
            NDArray b = rng.normal(t, 0, 1, c.o());
            NDArray gy = rng.normal(t, 0, 1, c.n(), c.o(), g.outHeight(), g.outWidth());
            for (boolean relu : new boolean[] {false, true}) {
                NDArray direct = Convolution.conv(x, w, b, g, relu, DIRECT), gemm = Convolution.conv(x, w, b, g, relu, GEMM);
                assertEquals(t, direct.dtype());
                assertClose(gemm, direct, tol, "conv relu=" + relu + " " + t);
            }
            assertClose(Convolution.conv(x, w, null, g, false, GEMM), Convolution.conv(x, w, null, g, false, DIRECT), tol, "conv without bias " + t);
            assertClose(Convolution.convT(gy, w, g, GEMM), Convolution.convT(gy, w, g, DIRECT), tol, "convT " + t);
            assertClose(Convolution.convW(x, gy, g, GEMM), Convolution.convW(x, gy, g, DIRECT), tol, "convW " + t);
        }
    }

    @Test
    void theRuleTakesSingleOutputChannelsAtStrideOneOnly() {
        Geometry pixel = new Geometry(10, 100, 100, 5, 5, 1, 2, IndexMap.Pad.CIRCULAR);
        assertTrue(DirectConvolution.suits(pixel, 1), "the readout 10→1");
        assertFalse(DirectConvolution.suits(new Geometry(1, 100, 100, 5, 5, 1, 2, IndexMap.Pad.CIRCULAR), 10), "the lift 1→10: GEMM");
        assertFalse(DirectConvolution.suits(new Geometry(128, 16, 16, 3, 3, 1, 1, IndexMap.Pad.ZERO), 1), "many inputs: GEMM");
        assertFalse(DirectConvolution.suits(new Geometry(2, 16, 16, 3, 3, 2, 1, IndexMap.Pad.ZERO), 1), "stride 2");
        assertFalse(DirectConvolution.suits(new Geometry(2, 16, 16, 3, 3, 1, 2, IndexMap.Pad.ZERO, 2, 1), 1), "dilation 2");
        assertFalse(DirectConvolution.suits(new Geometry(2, 16, 16, 3, 3, 1, 1, IndexMap.Pad.ZERO, 1, 2), 2), "groups");
        assertFalse(DirectConvolution.suits(new Geometry(2, 16, 16, 1, 1, 1, 0, IndexMap.Pad.ZERO), 1), "1x1 has its own path");
    }

    /** The pixel net's field, conv 1→2, relu (fused and not), square, conv 2→1 (direct by the rule): derivatives of first and second order. */
    @Test
    void gradientsThroughTheDirectKernelsAreRightToSecondOrder() {
        assertTrue(DirectConvolution.suits(new Geometry(2, 7, 6, 5, 5, 1, 2, IndexMap.Pad.CIRCULAR), 1));
        Rng rng = new Rng(11);
        List<NDArray> in = List.of(rng.normal(DType.F64, 0, 1, 2, 1, 7, 6), rng.normal(DType.F64, 0, 0.5, 2, 1, 5, 5),
                rng.normal(DType.F64, 0, 0.5, 2), rng.normal(DType.F64, 0, 0.5, 1, 2, 5, 5));
        Function<List<Tensor>, Tensor> fused = t -> Conv.conv2d(Conv.conv2dRelu(t.get(0), t.get(1), t.get(2), 1, 2, IndexMap.Pad.CIRCULAR).square(),
                t.get(3), null, 1, 2, IndexMap.Pad.CIRCULAR).tanh();
        Function<List<Tensor>, Tensor> plain = t -> Conv.conv2d(Conv.conv2d(t.get(0), t.get(1), t.get(2), 1, 2, IndexMap.Pad.ZERO).tanh(),
                t.get(3), null, 1, 2, IndexMap.Pad.REFLECT).square();
        for (Function<List<Tensor>, Tensor> f : List.of(fused, plain)) {
            assertTrue(GradCheck.firstOrder(f, in, 3) < 1e-6);
            assertTrue(GradCheck.secondOrder(f, in, 5) < 1e-5);
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.data(), a = actual.data();
        double scale = 1;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], tol * scale, what + " at " + i);
    }
}
