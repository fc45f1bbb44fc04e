package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * float32 arrays are Fourier-transformed in float32 (JTransforms' float plans on float buffers),
 * float64 arrays in float64: the same transforms, each in its array's own precision.
 */
class FloatFftTest {
    private final Rng rng = new Rng(11);

    /** Relative L2 distance of two arrays, compared as doubles. */
    private static double distance(NDArray a, NDArray b) {
        double[] x = a.data(), y = b.data();
        double d = 0, s = 0;
        for (int i = 0; i < x.length; i++) {
            d += (x[i] - y[i]) * (x[i] - y[i]);
            s += y[i] * y[i];
        }
        return Math.sqrt(d / Math.max(s, Double.MIN_NORMAL));
    }

    @ParameterizedTest @ValueSource(ints = {1, 2, 7, 8, 64, 1024})
    void aFloat32RealTransformStaysFloat32AndAgreesWithFloat64ToFloatPrecision(int n) {
        NDArray x = rng.normal(DType.F32, 0, 1, 3, n), wide = x.astype(DType.F64);
        NDArray z = Fft.rfft(n).apply(x), zWide = Fft.rfft(n).apply(wide);
        assertEquals(DType.F32, z.dtype());
        assertNotNull(z.floats(), "the spectrum lives in a float buffer");
        assertTrue(distance(z, zWide) < 1e-6 * Math.max(1, Math.log(n)), "rfft f32 vs f64: " + distance(z, zWide));
        NDArray back = Fft.irfft(n).apply(z);
        assertEquals(DType.F32, back.dtype());
        assertTrue(distance(back, x) < 1e-6 * Math.max(1, Math.log(n)), "irfft(rfft(x)) vs x: " + distance(back, x));
        if (n >= 64) {
            // Computed in float32, not in float64 and rounded at the end: some value differs from the rounded f64 result.
            NDArray rounded = zWide.astype(DType.F32);
            assertNotEquals(0, distance(z, rounded), "the float32 spectrum is not just the rounded float64 one");
        }
    }

    @ParameterizedTest @ValueSource(ints = {1, 2, 7, 8, 10})
    void float32TransformsAreAdjointPairsToFloatPrecision(int n) {
        assertAdjoint(Fft.rfft(n), rng.normal(DType.F32, 0, 1, 2, n));
        assertAdjoint(Fft.irfft(n), rng.normal(DType.F32, 0, 1, 2, n / 2 + 1, 2));
        assertAdjoint(Fft.fft(n, false), rng.normal(DType.F32, 0, 1, n, 3, 2));
        assertAdjoint(Fft.fft(n, true), rng.normal(DType.F32, 0, 1, n, 3, 2));
    }

    @ParameterizedTest @ValueSource(ints = {5, 16})
    void theComplexTransformAlongAnAxisMatchesFloat64(int n) {
        NDArray z = rng.normal(DType.F32, 0, 1, 2, n, 4, 2);
        for (boolean inverse : new boolean[] {false, true}) {
            NDArray y = Fft.fft(n, inverse).apply(z), yWide = Fft.fft(n, inverse).apply(z.astype(DType.F64));
            assertEquals(DType.F32, y.dtype());
            assertTrue(distance(y, yWide) < 1e-6, "complex fft f32 vs f64: " + distance(y, yWide));
            assertTrue(distance(Fft.fft(n, !inverse).apply(y), z) < 1e-6, "round trip");
        }
    }

    private void assertAdjoint(LinearMap m, NDArray x) {
        NDArray y = m.apply(x), u = rng.normal(DType.F32, 0, 1, y.shape()), back = m.adjoint(u);
        assertEquals(DType.F32, back.dtype());
        double lhs = y.mul(u).astype(DType.F64).sum().item(), rhs = x.mul(back).astype(DType.F64).sum().item();
        assertEquals(lhs, rhs, 1e-5 * (1 + Math.abs(lhs)), "⟨Ax, u⟩ = ⟨x, Aᵀu⟩");
    }
}
