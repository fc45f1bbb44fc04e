package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Complex products of trailing pairs and the mode-truncating spectral products of Fourier layers. */
class SpectralProductTest extends GradientCases {
    private static NDArray n(long seed, int... shape) { return new Rng(seed).normal(DType.F64, 0, 1, shape); }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("cmul (broadcast)", t -> Spectral.cmul(t.get(0), t.get(1)).square(), List.of(n(1, 3, 4, 2), n(2, 4, 2))),
                new Case("cmatmul (batched)", t -> Spectral.cmatmul(t.get(0), t.get(1)).square(), List.of(n(3, 2, 3, 4, 2), n(4, 2, 4, 5, 2))),
                new Case("spectral product 1-D", t -> Spectral.spectralProduct1d(t.get(0), t.get(1)).square(), List.of(n(5, 2, 3, 8), n(6, 3, 2, 3, 2))),
                new Case("spectral product 1-D, odd n", t -> Spectral.spectralProduct1d(t.get(0), t.get(1)).square(), List.of(n(7, 1, 2, 7), n(8, 2, 2, 3, 2))),
                new Case("spectral product 2-D", t -> Spectral.spectralProduct2d(t.get(0), t.get(1)).square(), List.of(n(9, 2, 2, 6, 5), n(10, 2, 3, 4, 2, 2))));
    }

    @Test
    void cmulAndCmatmulAreComplexArithmetic() {
        NDArray a = n(20, 3, 4, 2), b = n(21, 4, 5, 2);
        double[] av = a.data(), bv = b.data();
        double[] p = Spectral.cmul(Tensor.constant(a), Tensor.constant(n(22, 2))).value().data();
        double[] c = n(22, 2).data();
        for (int j = 0; j < 12; j++) {
            assertEquals(av[2 * j] * c[0] - av[2 * j + 1] * c[1], p[2 * j], 1e-14);
            assertEquals(av[2 * j] * c[1] + av[2 * j + 1] * c[0], p[2 * j + 1], 1e-14);
        }
        double[] m = Spectral.cmatmul(Tensor.constant(a), Tensor.constant(b)).value().data();
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 5; k++) {
                double re = 0, im = 0;
                for (int j = 0; j < 4; j++) {
                    double xr = av[(i * 4 + j) * 2], xi = av[(i * 4 + j) * 2 + 1], yr = bv[(j * 5 + k) * 2], yi = bv[(j * 5 + k) * 2 + 1];
                    re += xr * yr - xi * yi;
                    im += xr * yi + xi * yr;
                }
                assertEquals(re, m[(i * 5 + k) * 2], 1e-12);
                assertEquals(im, m[(i * 5 + k) * 2 + 1], 1e-12);
            }
    }

    /** ŷ[o,ξ] = Σ_i x̂[i,ξ]·ŵ[i,o,ξ] for ξ < k, y = real inverse DFT with the half spectrum counted twice. */
    @Test
    void spectralProduct1dIsTheDirectDftSum() {
        int b = 2, cin = 3, cout = 2, n = 11, k = 4;
        NDArray x = n(30, b, cin, n), w = n(31, cin, cout, k, 2);
        double[] y = Spectral.spectralProduct1d(Tensor.constant(x), Tensor.constant(w)).value().data();
        double[] xv = x.data(), wv = w.data();
        for (int s = 0; s < b; s++)
            for (int o = 0; o < cout; o++)
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int f = 0; f < k; f++) {
                        double yr = 0, yi = 0;
                        for (int i = 0; i < cin; i++) {
                            double xr = 0, xi = 0;
                            for (int t = 0; t < n; t++) {
                                double ang = -2 * Math.PI * f * t / n;
                                xr += xv[(s * cin + i) * n + t] * Math.cos(ang);
                                xi += xv[(s * cin + i) * n + t] * Math.sin(ang);
                            }
                            double wr = wv[((i * cout + o) * k + f) * 2], wi = wv[((i * cout + o) * k + f) * 2 + 1];
                            yr += xr * wr - xi * wi;
                            yi += xr * wi + xi * wr;
                        }
                        double ang = 2 * Math.PI * f * j / n;
                        sum += (f == 0 ? 1 : 2) * (yr * Math.cos(ang) - yi * Math.sin(ang));
                    }
                    assertEquals(sum / n, y[(s * cout + o) * n + j], 1e-12);
                }
    }

    /** The kept frequencies are ξ₁ ∈ {0..k1−1, −k1..−1} on the full axis and ξ₂ ∈ {0..k2−1} on the half axis. */
    @Test
    void spectralProduct2dIsTheDirectDftSum() {
        int cin = 2, cout = 2, h = 7, wd = 6, k1 = 2, k2 = 3;
        NDArray x = n(40, 1, cin, h, wd), w = n(41, cin, cout, 2 * k1, k2, 2);
        double[] y = Spectral.spectralProduct2d(Tensor.constant(x), Tensor.constant(w)).value().data();
        double[] xv = x.data(), wv = w.data();
        int[] freq1 = {0, 1, -2, -1};
        for (int o = 0; o < cout; o++)
            for (int j1 = 0; j1 < h; j1++)
                for (int j2 = 0; j2 < wd; j2++) {
                    double sum = 0;
                    for (int r = 0; r < 2 * k1; r++)
                        for (int f2 = 0; f2 < k2; f2++) {
                            double yr = 0, yi = 0;
                            for (int i = 0; i < cin; i++) {
                                double xr = 0, xi = 0;
                                for (int t1 = 0; t1 < h; t1++)
                                    for (int t2 = 0; t2 < wd; t2++) {
                                        double ang = -2 * Math.PI * (freq1[r] * t1 / (double) h + f2 * t2 / (double) wd);
                                        double v = xv[(i * h + t1) * wd + t2];
                                        xr += v * Math.cos(ang);
                                        xi += v * Math.sin(ang);
                                    }
                                int at = (((i * cout + o) * 2 * k1 + r) * k2 + f2) * 2;
                                yr += xr * wv[at] - xi * wv[at + 1];
                                yi += xr * wv[at + 1] + xi * wv[at];
                            }
                            double ang = 2 * Math.PI * (freq1[r] * j1 / (double) h + f2 * j2 / (double) wd);
                            sum += (f2 == 0 ? 1 : 2) * (yr * Math.cos(ang) - yi * Math.sin(ang));
                        }
                    assertEquals(sum / (h * wd), y[(o * h + j1) * wd + j2], 1e-12);
                }
    }

    @Test
    void tooFewPointsForTheModesIsOneClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Spectral.spectralProduct1d(Tensor.constant(n(50, 1, 1, 6)), Tensor.constant(n(51, 1, 1, 4, 2))));
        assertTrue(e.getMessage().contains("4 modes need at least 8 points"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Spectral.cmul(Tensor.constant(n(52, 3)), Tensor.constant(n(53, 3, 2))));
    }
}
