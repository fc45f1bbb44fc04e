package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.tensor.Convolution.Geometry;

/** The fused convolution kernels against the defining sum, and their two adjoint identities. */
@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class ConvolutionTest {

    /** A batch of images and kernels for one geometry. */
    record Case(String name, int n, int o, Geometry geo) {
        @Override public String toString() { return name; }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("3x3 stride 1 zero pad 1", 2, 4, new Geometry(3, 6, 5, 3, 3, 1, 1, IndexMap.Pad.ZERO)),
                new Case("3x3 stride 2 circular pad 1", 2, 3, new Geometry(2, 7, 6, 3, 3, 2, 1, IndexMap.Pad.CIRCULAR)),
                new Case("2x3 kernel stride 1 reflect pad 2", 3, 2, new Geometry(2, 5, 6, 2, 3, 1, 2, IndexMap.Pad.REFLECT)),
                new Case("5x5 stride 3 zero pad 2", 2, 2, new Geometry(1, 9, 8, 5, 5, 3, 2, IndexMap.Pad.ZERO)),
                new Case("1x1 no padding", 2, 5, new Geometry(4, 3, 3, 1, 1, 1, 0, IndexMap.Pad.ZERO)),
                // Large enough for native GEMMs and for the batch to be split over threads.
                new Case("batch of 12, 5 to 7 channels, 12x12", 12, 7, new Geometry(5, 12, 12, 3, 3, 1, 1, IndexMap.Pad.CIRCULAR)),
                // Column blocks of 72 x 4096: the batch of 4 goes through the GEMM in two chunks, 3 + 1.
                new Case("batch of 4 in two GEMM chunks, 64x64", 4, 2, new Geometry(8, 64, 64, 3, 3, 1, 1, IndexMap.Pad.ZERO)),
                // Chunks of at most 3 samples made even: 3 + 3 + 1, each chunk one task on whichever thread is free.
                new Case("batch of 7 in chunks of 3, 3 and 1, 64x64", 7, 2, new Geometry(2, 64, 64, 3, 3, 1, 1, IndexMap.Pad.REFLECT)),
                // Nine one-sample chunks: convW sums them in four parts (2 + 2 + 2 + 3 chunks), then adds the parts.
                new Case("batch of 9 in nine chunks and four kernel parts, 48x48", 9, 3, new Geometry(8, 48, 48, 3, 3, 1, 1, IndexMap.Pad.ZERO)),
                new Case("3x3 dilation 2 zero pad 2", 2, 3, new Geometry(2, 7, 6, 3, 3, 1, 2, IndexMap.Pad.ZERO, 2, 1)),
                new Case("2x3 dilation 3 stride 2 circular", 2, 2, new Geometry(3, 9, 10, 2, 3, 2, 1, IndexMap.Pad.CIRCULAR, 3, 1)),
                new Case("2 groups, 4 to 6 channels, reflect", 3, 6, new Geometry(4, 6, 5, 3, 3, 1, 1, IndexMap.Pad.REFLECT, 1, 2)),
                new Case("depthwise 8 channels, dilation 2", 2, 8, new Geometry(8, 8, 8, 3, 3, 1, 2, IndexMap.Pad.ZERO, 2, 8)),
                new Case("depthwise multiplier 2, 64x64, native GEMMs", 3, 32, new Geometry(16, 64, 64, 3, 3, 1, 1, IndexMap.Pad.ZERO, 1, 16)),
                // 1x1 at stride 1 without padding multiplies the buffers directly (no columns).
                new Case("1x1 in 2 groups", 2, 4, new Geometry(6, 4, 5, 1, 1, 1, 0, IndexMap.Pad.ZERO, 1, 2)),
                new Case("1x1, 32 to 48 channels, 32x32, native GEMMs", 3, 48, new Geometry(32, 32, 32, 1, 1, 1, 0, IndexMap.Pad.ZERO)),
                new Case("1x1 stride 2 still gathers", 2, 3, new Geometry(4, 6, 6, 1, 1, 2, 0, IndexMap.Pad.ZERO)));
    }

    /**
     * The definition: the image read through the padding mode, correlated with the kernel; output
     * channel o reads the input channels of its group, taps {@code dilation} pixels apart.
     */
    private static double direct(NDArray x, NDArray w, Geometry g, int b, int o, int oy, int ox) {
        int cg = g.channels() / g.groups(), group = o / (w.dim(0) / g.groups());
        double s = 0;
        for (int c = 0; c < cg; c++)
            for (int ky = 0; ky < g.kh(); ky++)
                for (int kx = 0; kx < g.kw(); kx++) {
                    int iy = padded(oy * g.stride() + ky * g.dilation() - g.pad(), g.height(), g.mode());
                    int ix = padded(ox * g.stride() + kx * g.dilation() - g.pad(), g.width(), g.mode());
                    if (iy >= 0 && ix >= 0) s += w.get(o, c, ky, kx) * x.get(b, group * cg + c, iy, ix);
                }
        return s;
    }

    private static int padded(int p, int n, IndexMap.Pad mode) {
        if (p >= 0 && p < n) return p;
        return switch (mode) {
            case ZERO -> -1;
            case CIRCULAR -> Math.floorMod(p, n);
            case REFLECT -> p < 0 ? -p : 2 * (n - 1) - p;
        };
    }

    private static NDArray image(Case c, DType t, long seed) {
        Geometry g = c.geo();
        return new Rng(seed).normal(t, 0, 1, c.n(), g.channels(), g.height(), g.width());
    }

    private static NDArray kernel(Case c, DType t, long seed) {
        Geometry g = c.geo();
        return new Rng(seed).normal(t, 0, 1, c.o(), g.channels() / g.groups(), g.kh(), g.kw());
    }

    private static NDArray outputLike(Case c, DType t, long seed) {
        return new Rng(seed).normal(t, 0, 1, c.n(), c.o(), c.geo().outHeight(), c.geo().outWidth());
    }

    private static double dot(NDArray a, NDArray b) { return a.mul(b).sum().item(); }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void convPlusBiasMatchesTheDefiningSumInBothPrecisions(Case c) {
        for (DType t : DType.values()) {
            NDArray x = image(c, t, 1), w = kernel(c, t, 2), bias = new Rng(12).normal(t, 0, 1, c.o());
            NDArray y = Convolution.conv(x, w, bias, c.geo());
            assertEquals(t, y.dtype());
            assertArrayEquals(new int[] {c.n(), c.o(), c.geo().outHeight(), c.geo().outWidth()}, y.shape());
            for (int b = 0; b < c.n(); b++)
                for (int o = 0; o < c.o(); o++)
                    for (int oy = 0; oy < c.geo().outHeight(); oy++)
                        for (int ox = 0; ox < c.geo().outWidth(); ox++) {
                            double v = y.get(b, o, oy, ox);
                            assertEquals(direct(x, w, c.geo(), b, o, oy, ox) + bias.get(o), v, t == DType.F32 ? 1e-4 : 1e-12);
                            if (t == DType.F32) assertEquals((float) v, v, "F32 results are float values");
                        }
        }
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void convTIsTheAdjointOfConvInTheImage(Case c) {
        NDArray a = image(c, DType.F64, 3), w = kernel(c, DType.F64, 4), g = outputLike(c, DType.F64, 5);
        NDArray z = Convolution.convT(g, w, c.geo());
        assertArrayEquals(a.shape(), z.shape());
        double lhs = dot(Convolution.conv(a, w, null, c.geo()), g);
        assertEquals(lhs, dot(a, z), 1e-12 * Math.max(1, Math.abs(lhs)));
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void convWIsTheAdjointOfConvInTheKernel(Case c) {
        NDArray x = image(c, DType.F64, 6), u = kernel(c, DType.F64, 7), g = outputLike(c, DType.F64, 8);
        NDArray v = Convolution.convW(x, g, c.geo());
        assertArrayEquals(u.shape(), v.shape());
        double lhs = dot(Convolution.conv(x, u, null, c.geo()), g);
        assertEquals(lhs, dot(u, v), 1e-12 * Math.max(1, Math.abs(lhs)));
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void float32AdjointsAgreeWithFloat64AndAreFloatValued(Case c) {
        NDArray x = image(c, DType.F32, 9), w = kernel(c, DType.F32, 10), g = outputLike(c, DType.F32, 11);
        NDArray z32 = Convolution.convT(g, w, c.geo()), z64 = Convolution.convT(g.astype(DType.F64), w.astype(DType.F64), c.geo());
        NDArray v32 = Convolution.convW(x, g, c.geo()), v64 = Convolution.convW(x.astype(DType.F64), g.astype(DType.F64), c.geo());
        for (NDArray[] pair : new NDArray[][] {{z32, z64}, {v32, v64}}) {
            assertEquals(DType.F32, pair[0].dtype());
            for (double d : pair[0].data()) assertEquals((float) d, d);
            assertTrue(pair[0].sub(pair[1]).norm() <= 1e-5 * Math.max(1, pair[1].norm()), c.name() + ": F32 and F64 differ");
        }
    }

    @Test
    void convTAndConvWMatchTheirDefiningSumsOnATinyCase() {
        // One input pixel, one output channel: convT spreads g over the taps, convW correlates x with g.
        Geometry geo = new Geometry(1, 3, 3, 2, 2, 1, 0, IndexMap.Pad.ZERO);
        NDArray w = NDArray.of(new int[] {1, 1, 2, 2}, 1, 2, 3, 4), g = NDArray.of(new int[] {1, 1, 2, 2}, 1, 0, 0, 0);
        assertArrayEquals(new double[] {1, 2, 0, 3, 4, 0, 0, 0, 0}, Convolution.convT(g, w, geo).data());
        NDArray x = NDArray.of(new int[] {1, 1, 3, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9), g2 = NDArray.of(new int[] {1, 1, 2, 2}, 0, 0, 0, 1);
        assertArrayEquals(new double[] {5, 6, 8, 9}, Convolution.convW(x, g2, geo).data());
    }

    @Test
    void badShapesAndPaddingAreRejectedWithTheirValues() {
        Geometry geo = new Geometry(2, 5, 5, 3, 3, 1, 1, IndexMap.Pad.ZERO);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv(NDArray.zeros(DType.F64, 1, 3, 5, 5), NDArray.zeros(DType.F64, 4, 2, 3, 3), null, geo));
        assertTrue(e.getMessage().contains("[N, 2, 5, 5]") && e.getMessage().contains("[1, 3, 5, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv(NDArray.zeros(DType.F64, 1, 2, 5, 5),
                NDArray.zeros(DType.F64, 4, 2, 3, 3), NDArray.zeros(DType.F64, 3), geo));
        assertTrue(e.getMessage().contains("bias must be [4], got [3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Geometry(1, 3, 8, 3, 3, 1, 3, IndexMap.Pad.REFLECT));
        assertTrue(e.getMessage().contains("reflect padding 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Geometry(1, 2, 2, 5, 5, 1, 0, IndexMap.Pad.ZERO));
    }
}
