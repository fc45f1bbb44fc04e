package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;

/** Kernel values against direct definitions. */
class KernelTest {
    private final Rng rng = new Rng(7);

    @Test
    void matmulMatchesTripleLoopInBothPrecisionsAndAllTransposes() {
        for (DType t : DType.values())
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) == 1, tb = (flags & 2) == 2;
                int m = 37, k = 41, n = 29;  // large enough to take the BLAS path
                NDArray a = rng.normal(t, 0, 1, ta ? k : m, ta ? m : k), b = rng.normal(t, 0, 1, tb ? n : k, tb ? k : n);
                NDArray c = Blas.matmul(a, ta, b, tb);
                for (int i = 0; i < m; i += 5)
                    for (int j = 0; j < n; j += 3) {
                        double s = 0;
                        for (int p = 0; p < k; p++) s += (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                        assertEquals(s, c.get(i, j), t == DType.F32 ? 1e-3 : 1e-12);
                    }
                assertEquals(t, c.dtype());
            }
    }

    /** {@code ./odeon test java-blas} must really run on the pure-Java BLAS, and say so. */
    @Test
    void theBackendIsThePureJavaOneWhenForced() {
        boolean forced = "java".equals(System.getProperty(Blas.FORCE_PROPERTY, System.getenv().getOrDefault(Blas.FORCE_ENV, "")));
        assertEquals(forced, Blas.backend().contains("forced by odeon.blas=java"), Blas.backend());
        if (forced) assertFalse(Blas.isNative(), Blas.backend());
    }

    @Test
    void batchedMatmulBroadcastsBatchAxes() {
        NDArray a = rng.normal(DType.F64, 0, 1, 3, 1, 4, 5), b = rng.normal(DType.F64, 0, 1, 2, 5, 6);
        NDArray c = a.matmul(b);
        assertArrayEquals(new int[] {3, 2, 4, 6}, c.shape());
        double s = 0;
        for (int p = 0; p < 5; p++) s += a.get(2, 0, 3, p) * b.get(1, p, 4);
        assertEquals(s, c.get(2, 1, 3, 4), 1e-12);
    }

    @Test
    void float32ResultsAreRoundedToFloat() {
        NDArray a = NDArray.of(DType.F32, new int[] {1}, new double[] {1.0 / 3});
        assertEquals((float) (1.0 / 3), a.data()[0]);
        NDArray s = a.add(NDArray.of(DType.F32, new int[] {1}, new double[] {1e-9}));
        assertEquals((double) (float) ((float) (1.0 / 3) + (float) 1e-9), s.data()[0]);
        assertEquals(DType.F64, a.add(NDArray.scalar(1)).dtype(), "mixing with F64 promotes");
    }

    @ParameterizedTest @ValueSource(ints = {1, 2, 7, 8, 16})
    void rfftMatchesTheDefiningSumAndIrfftInvertsIt(int n) {
        NDArray x = rng.normal(DType.F64, 0, 1, 3, n);
        NDArray z = Fft.rfft(n).apply(x);
        assertArrayEquals(new int[] {3, n / 2 + 1, 2}, z.shape());
        for (int r = 0; r < 3; r++)
            for (int k = 0; k <= n / 2; k++) {
                double re = 0, im = 0;
                for (int j = 0; j < n; j++) {
                    re += x.get(r, j) * Math.cos(2 * Math.PI * j * k / n);
                    im -= x.get(r, j) * Math.sin(2 * Math.PI * j * k / n);
                }
                assertEquals(re, z.get(r, k, 0), 1e-10);
                assertEquals(im, z.get(r, k, 1), 1e-10);
            }
        assertTrue(Fft.irfft(n).apply(z).sub(x).norm() < 1e-12);
    }

    @Test
    void fftMapsAreAdjointPairs() {
        assertAdjoint(Fft.rfft(10), rng.normal(DType.F64, 0, 1, 2, 10));
        assertAdjoint(Fft.irfft(10), rng.normal(DType.F64, 0, 1, 2, 6, 2));
        assertAdjoint(Fft.fft(5, false), rng.normal(DType.F64, 0, 1, 5, 3, 2));
        assertAdjoint(Fft.fft(5, true), rng.normal(DType.F64, 0, 1, 5, 3, 2));
    }

    private void assertAdjoint(LinearMap m, NDArray x) {
        NDArray y = m.apply(x), u = rng.normal(DType.F64, 0, 1, y.shape());
        assertEquals(y.mul(u).sum().item(), x.mul(m.adjoint(u)).sum().item(), 1e-10);
    }

    @Test
    void conv2dMatchesDirectCrossCorrelation() {
        NDArray x = rng.normal(DType.F64, 0, 1, 2, 3, 6, 5), w = rng.normal(DType.F64, 0, 1, 4, 3, 3, 3);
        for (IndexMap.Pad mode : new IndexMap.Pad[] {IndexMap.Pad.ZERO, IndexMap.Pad.CIRCULAR}) {
            int stride = 2, pad = 1;
            NDArray y = Conv.conv2d(Tensor.constant(x), Tensor.constant(w), null, stride, pad, mode).value();
            assertArrayEquals(new int[] {2, 4, 3, 3}, y.shape());
            for (int nb = 0; nb < 2; nb++)
                for (int o = 0; o < 4; o++)
                    for (int oy = 0; oy < 3; oy++)
                        for (int ox = 0; ox < 3; ox++) {
                            double s = 0;
                            for (int c = 0; c < 3; c++)
                                for (int ky = 0; ky < 3; ky++)
                                    for (int kx = 0; kx < 3; kx++) {
                                        int iy = oy * stride + ky - pad, ix = ox * stride + kx - pad;
                                        if (mode == IndexMap.Pad.CIRCULAR) { iy = Math.floorMod(iy, 6); ix = Math.floorMod(ix, 5); }
                                        if (iy < 0 || iy >= 6 || ix < 0 || ix >= 5) continue;
                                        s += w.get(o, c, ky, kx) * x.get(nb, c, iy, ix);
                                    }
                            assertEquals(s, y.get(nb, o, oy, ox), 1e-12);
                        }
        }
    }

    @Test
    void convTransposeIsTheAdjointOfConv() {
        NDArray x = rng.normal(DType.F64, 0, 1, 2, 3, 7, 7), w = rng.normal(DType.F64, 0, 1, 4, 3, 3, 3);
        NDArray y = Conv.conv2d(Tensor.constant(x), Tensor.constant(w), null, 2, 1, IndexMap.Pad.ZERO).value();
        NDArray u = rng.normal(DType.F64, 0, 1, y.shape());
        NDArray xt = Conv.convTranspose2d(Tensor.constant(u), Tensor.constant(w), null, 2, 1, 0, IndexMap.Pad.ZERO).value();
        assertArrayEquals(x.shape(), xt.shape());
        assertEquals(y.mul(u).sum().item(), x.mul(xt).sum().item(), 1e-10);
    }

    @Test
    void poolingTakesWindowMaximaAndMeans() {
        NDArray x = NDArray.of(new int[] {1, 1, 2, 4}, 1, 5, 2, 0, 3, -1, 7, 4);
        assertArrayEquals(new double[] {5, 7}, Conv.maxPool2d(Tensor.constant(x), 2, 2).value().data());
        assertArrayEquals(new double[] {2, 3.25}, Conv.avgPool2d(Tensor.constant(x), 2, 2).value().data());
    }

    @Test
    void paddingModes() {
        int[] s = {4};
        NDArray x = NDArray.of(s, 1, 2, 3, 4);
        assertArrayEquals(new double[] {0, 0, 1, 2, 3, 4, 0}, IndexMap.pad(s, 0, 2, 1, IndexMap.Pad.ZERO).apply(x).data());
        assertArrayEquals(new double[] {3, 4, 1, 2, 3, 4, 1}, IndexMap.pad(s, 0, 2, 1, IndexMap.Pad.CIRCULAR).apply(x).data());
        assertArrayEquals(new double[] {3, 2, 1, 2, 3, 4, 3}, IndexMap.pad(s, 0, 2, 1, IndexMap.Pad.REFLECT).apply(x).data());
    }

    @Test
    void reductionsAndBroadcasting() {
        NDArray x = NDArray.of(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new double[] {5, 7, 9}, x.sum(false, 0).data());
        assertArrayEquals(new double[] {6, 15}, x.sum(false, 1).data());
        assertEquals(21, x.sum().item());
        assertArrayEquals(new double[] {2, 2}, x.argmax(1, false).data());
        assertArrayEquals(new double[] {5, 7, 9}, x.sumTo(3).data());
        assertArrayEquals(new double[] {11, 12, 13, 14, 15, 16}, x.add(NDArray.scalar(10)).data());
        assertArrayEquals(new double[] {2, 4, 6, 5, 7, 9}, x.add(NDArray.of(new int[] {3}, 1, 2, 3)).data());
        assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2}, NDArray.of(new int[] {2, 1}, 1, 2).expandTo(2, 3).data());
    }

    @Test
    void permuteMovesAxes() {
        NDArray x = NDArray.arange(DType.F64, 24).reshape(2, 3, 4);
        NDArray p = IndexMap.permute(x.shape(), 2, 0, 1).apply(x);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(x.get(1, 2, 3), p.get(3, 1, 2));
    }

    @Test
    void badShapesGiveClearErrors() {
        NDArray a = NDArray.zeros(DType.F64, 2, 3), b = NDArray.zeros(DType.F64, 4, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("inner extents"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.add(NDArray.zeros(DType.F64, 4)));
        assertTrue(e.getMessage().contains("do not broadcast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2));
        assertTrue(e.getMessage().contains("cannot reshape"));
        assertThrows(IllegalArgumentException.class, () -> NDArray.zeros(DType.F64, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> NDArray.zeros(DType.F64, 1 << 20, 1 << 20));
    }

    @Test
    void rngStreamsAreReproducible() {
        Rng a = new Rng(42), b = new Rng(42);
        for (int i = 0; i < 100; i++) assertEquals(a.normal(), b.normal());
        assertNotEquals(new Rng(1).uniform(), new Rng(2).uniform());
        double s = 0, s2 = 0;
        Rng r = new Rng(3);
        for (int i = 0; i < 20000; i++) { double v = r.normal(); s += v; s2 += v * v; }
        assertEquals(0, s / 20000, 0.03);
        assertEquals(1, s2 / 20000, 0.03);
    }
}
