package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.ModeMix;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The fused per-mode complex mixing of Fourier layers: its sums, its two adjoints and its derivatives. */
class ModeMixTest extends GradientCases {
    private static NDArray n(long seed, int... shape) { return new Rng(seed).normal(DType.F64, 0, 1, shape); }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("mode mix", t -> Spectral.modeMix(t.get(0), t.get(1)).square(), List.of(n(1, 2, 3, 4, 2), n(2, 3, 5, 4, 2))),
                new Case("mode mix, one mode, one sample", t -> Spectral.modeMix(t.get(0), t.get(1)).square(), List.of(n(3, 1, 2, 1, 2), n(4, 2, 3, 1, 2))));
    }

    /** y[b,o,k] = Σ_i x[b,i,k]·w[i,o,k], summed directly in complex arithmetic. */
    @Test
    void mixIsTheComplexSumPerMode() {
        int b = 3, c = 4, o = 5, k = 6;
        NDArray x = n(10, b, c, k, 2), w = n(11, c, o, k, 2);
        double[] xv = x.data(), wv = w.data(), y = ModeMix.mix(x, w).data();
        for (int s = 0; s < b; s++)
            for (int j = 0; j < o; j++)
                for (int m = 0; m < k; m++) {
                    double re = 0, im = 0;
                    for (int i = 0; i < c; i++) {
                        double xr = xv[((s * c + i) * k + m) * 2], xi = xv[((s * c + i) * k + m) * 2 + 1];
                        double wr = wv[((i * o + j) * k + m) * 2], wi = wv[((i * o + j) * k + m) * 2 + 1];
                        re += xr * wr - xi * wi;
                        im += xr * wi + xi * wr;
                    }
                    assertEquals(re, y[((s * o + j) * k + m) * 2], 1e-12);
                    assertEquals(im, y[((s * o + j) * k + m) * 2 + 1], 1e-12);
                }
    }

    /** ⟨mix(x, w), g⟩ = ⟨x, mixT(g, w)⟩ = ⟨w, mixW(x, g)⟩ for random arrays. */
    @Test
    void adjointsSatisfyTheInnerProductIdentities() {
        int b = 4, c = 3, o = 6, k = 5;
        NDArray x = n(20, b, c, k, 2), w = n(21, c, o, k, 2), g = n(22, b, o, k, 2);
        double lhs = dot(ModeMix.mix(x, w), g);
        assertEquals(lhs, dot(x, ModeMix.mixT(g, w)), 1e-11 * Math.max(1, Math.abs(lhs)));
        assertEquals(lhs, dot(w, ModeMix.mixW(x, g)), 1e-11 * Math.max(1, Math.abs(lhs)));
    }

    /** Float32 operands run in single precision and agree with the float64 result to float32 rounding. */
    @Test
    void float32MatchesFloat64() {
        NDArray x = n(30, 5, 8, 7, 2), w = n(31, 8, 9, 7, 2);
        double[] ref = ModeMix.mix(x, w).data(), f = ModeMix.mix(x.astype(DType.F32), w.astype(DType.F32)).data();
        assertEquals(DType.F32, ModeMix.mix(x.astype(DType.F32), w.astype(DType.F32)).dtype());
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], f[i], 1e-5 * (1 + Math.abs(ref[i])));
    }

    @Test
    void mismatchedShapesAreOneLineErrors() {
        assertThrows(IllegalArgumentException.class, () -> ModeMix.mix(n(40, 2, 3, 4, 2), n(41, 2, 5, 4, 2)));
        assertThrows(IllegalArgumentException.class, () -> ModeMix.mix(n(42, 2, 3, 4, 2), n(43, 3, 5, 3, 2)));
        assertThrows(IllegalArgumentException.class, () -> ModeMix.mixW(n(44, 2, 3, 4, 3), n(45, 2, 5, 4, 2)));
    }

    private static double dot(NDArray a, NDArray b) {
        double[] u = a.data(), v = b.data();
        double s = 0;
        for (int i = 0; i < u.length; i++) s += u[i] * v[i];
        return s;
    }
}
