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

/** erf, exact GELU, SiLU, var/std, layer norm and masked softmax: closed forms and gradients to second order. */
class TransformerOpsTest extends GradientCases {

    private static NDArray n(long seed, int... shape) { return new Rng(seed).normal(DType.F64, 0, 1.5, shape); }

    /** Mask with a fully masked row (row 1) and a partly masked row, for a [3, 4] input. */
    private static final NDArray MASK = NDArray.of(new int[] {3, 4}, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1);

    static Stream<Case> cases() {
        return Stream.of(
                new Case("erf", t -> t.get(0).erf(), List.of(n(1, 3, 4))),
                new Case("gelu", t -> t.get(0).gelu(), List.of(n(2, 3, 4))),
                new Case("silu", t -> t.get(0).silu(), List.of(n(3, 3, 4))),
                new Case("var", t -> t.get(0).var(false, 1), List.of(n(4, 3, 5))),
                new Case("var keepdims, all axes", t -> t.get(0).var(true).mul(t.get(0)), List.of(n(5, 2, 3))),
                new Case("std", t -> t.get(0).std(false, 0), List.of(n(6, 4, 3))),
                new Case("layer norm", t -> t.get(0).layerNorm(1e-3), List.of(n(7, 2, 3, 5))),
                new Case("layer norm, weighted outputs", t -> t.get(0).layerNorm(1e-2).mulConst(n(10, 4, 6)), List.of(n(11, 4, 6))),
                new Case("softmax over the last axis (attention scores)", t -> t.get(0).softmax(-1).mulConst(n(12, 2, 2, 3, 3)), List.of(n(13, 2, 2, 3, 3))),
                new Case("softmax over a middle axis", t -> t.get(0).softmax(1).mulConst(n(14, 2, 4, 3)), List.of(n(15, 2, 4, 3))),
                new Case("masked softmax", t -> t.get(0).maskedSoftmax(-1, MASK), List.of(n(8, 3, 4))),
                new Case("masked softmax (broadcast mask)", t -> t.get(0).maskedSoftmax(-1, NDArray.of(new int[] {1, 4}, 0, 1, 1, 0)), List.of(n(9, 3, 4))));
    }

    /**
     * erf x by composite Simpson on (2/√π)e^{−t²} with 200,000 panels (truncation error below 1e-19
     * for |x| ≤ 7), compensated (Kahan) summation so rounding stays near one ulp.
     */
    private static double erfBySimpson(double x) {
        int n = 200_000;
        double h = x / n, s = 0, c = 0;
        for (int i = 0; i <= n; i++) {
            double t = i * h, w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            double y = w * Math.exp(-t * t) - c, u = s + y;
            c = (u - s) - y;
            s = u;
        }
        return s * h / 3 * 2 / Math.sqrt(Math.PI);
    }

    @Test void erfMatchesTabulatedValuesAndQuadrature() {
        assertEquals(0.0, Tensor.scalar(0).erf().item());
        assertEquals(0.5204998778130465, Tensor.scalar(0.5).erf().item(), 3e-16);
        assertEquals(0.8427007929497149, Tensor.scalar(1).erf().item(), 3e-16);
        assertEquals(0.9953222650189527, Tensor.scalar(2).erf().item(), 3e-16);
        assertEquals(-0.8427007929497149, Tensor.scalar(-1).erf().item(), 3e-16);
        double worst = 0;
        for (double x = -6.5; x <= 6.5; x += 0.0537)
            worst = Math.max(worst, Math.abs(Tensor.scalar(x).erf().item() - erfBySimpson(x)));
        assertTrue(worst < 1e-15, "erf vs quadrature: " + worst);
        // near 0, erf x ≈ 2x/√π: relative accuracy survives
        assertEquals(2e-10 / Math.sqrt(Math.PI), Tensor.scalar(1e-10).erf().item(), 1e-25);
        assertEquals(1.0, Tensor.scalar(Double.POSITIVE_INFINITY).erf().item());
        assertTrue(Double.isNaN(Tensor.scalar(Double.NaN).erf().item()));
    }

    @Test void geluIsXTimesTheNormalCdfAndSiluIsXTimesTheSigmoid() {
        double[] xs = {-3, -1, -0.25, 0, 0.5, 1, 2.5, 9};
        NDArray x = NDArray.of(new int[] {xs.length}, xs.clone());
        double[] gelu = Tensor.constant(x).gelu().value().data(), silu = Tensor.constant(x).silu().value().data();
        for (int i = 0; i < xs.length; i++) {
            double phi = 0.5 * (1 + erfBySimpson(xs[i] / Math.sqrt(2)));
            assertEquals(xs[i] * phi, gelu[i], 1e-15 * Math.max(1, Math.abs(xs[i])), "gelu(" + xs[i] + ")");
            assertEquals(xs[i] / (1 + Math.exp(-xs[i])), silu[i], 1e-15, "silu(" + xs[i] + ")");
        }
        assertEquals(0.8413447460685429, Tensor.scalar(1).gelu().item(), 1e-15);   // Φ(1)
        assertEquals(-0.15865525393145707, Tensor.scalar(-1).gelu().item(), 1e-15);
        // the left tail is accurate relatively: Φ(−8) = 6.220960574271785e-16, Φ(−20) = 2.7536241186062337e-89
        assertEquals(-8 * 6.220960574271785e-16, Tensor.scalar(-8).gelu().item(), 1e-13 * 8 * 6.22e-16);
        assertEquals(-20 * 2.7536241186062337e-89, Tensor.scalar(-20).gelu().item(), 1e-13 * 20 * 2.75e-89);
    }

    @Test void varianceAndStdAreThePopulationMoments() {
        Tensor x = Tensor.of(new int[] {2, 4}, 1, 2, 3, 4, 2, 2, 2, 10);
        assertEquals(1.25, x.var(false, 1).value().get(0), 1e-15);
        assertEquals(12.0, x.var(false, 1).value().get(1), 1e-15);
        assertEquals(Math.sqrt(12), x.std(true, 1).value().get(1, 0), 1e-15);
        assertEquals(0.25, x.var(false, 0).value().get(0), 1e-15);
    }

    @Test void layerNormRowsHaveZeroMeanAndUnitVariance() {
        Tensor y = Tensor.constant(n(20, 5, 7).mul(3).add(4)).layerNorm(0);
        NDArray mean = y.value().mean(false, 1), var = y.var(false, 1).value();
        for (int i = 0; i < 5; i++) {
            assertEquals(0, mean.get(i), 1e-14);
            assertEquals(1, var.get(i), 1e-13);
        }
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).layerNorm(-1));
    }

    @Test void softmaxIsExpOfLogSoftmaxAndKeepsItsInfinities() {
        NDArray x = n(33, 3, 4);
        x.data()[0] = Double.NEGATIVE_INFINITY;   // a masked-out score: weight 0
        double[] fused = Tensor.constant(x).softmax(1).value().data(), composed = Tensor.constant(x).logSoftmax(1).exp().value().data();
        for (int i = 0; i < 12; i++) assertEquals(composed[i], fused[i], 1e-15);
        assertEquals(0.0, fused[0]);
        NDArray big = NDArray.of(new int[] {1, 3}, 800, 799, -5);   // exp(800) overflows unless shifted
        assertEquals(1 / (1 + Math.exp(-1) + Math.exp(-805)), Tensor.constant(big).softmax(1).value().get(0, 0), 1e-15);
    }

    @Test void maskedSoftmaxZeroesMaskedEntriesAndHandlesFullyMaskedRows() {
        NDArray x = n(30, 3, 4);
        x.data()[1] = Double.POSITIVE_INFINITY;   // masked entries may hold anything
        x.data()[5] = Double.NaN;
        Tensor xs = Tensor.param(x);
        Tensor p = xs.maskedSoftmax(1, MASK);
        double[] v = p.value().data(), m = MASK.data(), xv = x.data();
        for (int r = 0; r < 3; r++) {
            double sum = 0, z = 0;
            for (int j = 0; j < 4; j++) if (m[r * 4 + j] != 0) z += Math.exp(xv[r * 4 + j]);
            for (int j = 0; j < 4; j++) {
                int i = r * 4 + j;
                if (m[i] == 0) assertEquals(0.0, v[i], 0.0, "masked entry " + i);
                else assertEquals(Math.exp(xv[i]) / z, v[i], 1e-15);
                sum += v[i];
            }
            assertEquals(r == 1 ? 0 : 1, sum, 1e-15, "row " + r + " sums to 1, or to 0 when fully masked");
        }
        p.mulConst(n(31, 3, 4)).sum().backward();
        for (int i = 0; i < 12; i++) {
            assertTrue(Double.isFinite(xs.grad().data()[i]), "gradient is finite at " + i);
            if (m[i] == 0) assertEquals(0.0, xs.grad().data()[i], 0.0, "no gradient into masked entry " + i);
        }
        // an unmasked softmax is the plain softmax
        NDArray y = n(32, 2, 5);
        NDArray plain = Tensor.constant(y).softmax(1).value(), masked = Tensor.constant(y).maskedSoftmax(1, NDArray.full(DType.F64, 1, 2, 5)).value();
        for (int i = 0; i < 10; i++) assertEquals(plain.data()[i], masked.data()[i], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Tensor.constant(y).maskedSoftmax(1, NDArray.zeros(DType.F64, 3)));
    }
}
