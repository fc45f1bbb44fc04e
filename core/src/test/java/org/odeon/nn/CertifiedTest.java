package org.odeon.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.autograd.Conv;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The layers of {@code org.odeon.nn} certify themselves: activations by their slope interval,
 * {@code Linear} by its spectral norm, a composition by the product. (Pair searches against every
 * certificate run in {@code org.odeon.models.lipschitz.CertificatesHoldTest}.)
 */
class CertifiedTest {
    @Test void everyDifferenceQuotientOfAnActivationLiesInItsSlopeIntervalAndTheEndsAreReached() {
        Rng rng = new Rng(3);
        for (Activation a : new Activation[] {Activation.relu(), Activation.leakyRelu(0.2), Activation.leakyRelu(-1.5), Activation.leakyRelu(3),
                Activation.tanh(), Activation.sigmoid(), Activation.softplus()}) {
            NDArray u = rng.normal(DType.F64, 0, 3, 20000), v = u.add(rng.normal(DType.F64, 0, 1e-3, 20000));
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            try (var ng = GradMode.off()) {
                double[] fu = a.forward(Tensor.constant(u)).value().data(), fv = a.forward(Tensor.constant(v)).value().data();
                for (int i = 0; i < fu.length; i++) {
                    double q = (fu[i] - fv[i]) / (u.data()[i] - v.data()[i]);
                    lo = Math.min(lo, q);
                    hi = Math.max(hi, q);
                }
            }
            assertTrue(lo >= a.minSlope() - 1e-6 && hi <= a.maxSlope() + 1e-6, a + ": quotients in [" + lo + ", " + hi + "], promised [" + a.minSlope() + ", " + a.maxSlope() + "]");
            assertEquals(a.maxSlope(), hi, 0.02 * a.maxSlope(), a + ": the upper slope is (nearly) reached");
            assertEquals(a.lipschitzBound(0), Math.max(Math.abs(a.minSlope()), Math.abs(a.maxSlope())));
            assertEquals(a.minSlope() >= 0, a.monotone());
        }
        assertEquals(1.5, Activation.leakyRelu(-1.5).lipschitzBound(0));
        assertEquals(0.25, Activation.sigmoid().lipschitzBound(0));
    }

    @Test void linearIsCertifiedByItsLargestSingularValue() {
        Linear l = new Linear(3, 2, new Rng(1));
        l.weight().assign(NDArray.of(new int[] {2, 3}, 0, -4, 0, 1, 0, 0));  // singular values 4 and 1
        assertEquals(4, l.lipschitzBound(0), 1e-9);
    }

    @Test void aSequentialMultipliesItsLayersAndNamesOneWithoutACertificate() {
        Rng rng = new Rng(2);
        Linear a = new Linear(4, 4, rng), b = new Linear(4, 2, rng);
        var s = new Sequential(new Flatten(), a, Activation.sigmoid(), GroupSort.maxMin(), b);
        assertEquals(a.lipschitzBound(0) * 0.25 * b.lipschitzBound(0), s.lipschitzBound(0), 1e-12);
        var ex = assertThrows(IllegalArgumentException.class, () -> new Sequential(a, new LayerNorm(4)).lipschitzBound(1e-6));
        assertTrue(ex.getMessage().contains("LayerNorm"), ex.getMessage());
    }

    /** The size-independent tap bound is above the norm a power iteration finds on a given image size, for every padding. */
    @Test void convolutionsAreCertifiedAboveTheirNormOnAnyImage() {
        Rng rng = new Rng(4);
        for (IndexMap.Pad mode : IndexMap.Pad.values())
            for (int stride : new int[] {1, 2}) {
                Conv2d conv = new Conv2d(2, 3, 3, stride, 1, mode, false, Init.lecunUniform(), rng);
                ConvTranspose2d convT = new ConvTranspose2d(3, 2, 3, stride, 1, stride - 1, mode, false, Init.lecunUniform(), rng);
                NDArray w = conv.weight().value();
                double found = OperatorNorm.power(v -> Conv.conv2d(Tensor.constant(v), Tensor.constant(w), null, stride, 1, mode).value(),
                        v -> Conv.convTranspose2d(Tensor.constant(v), Tensor.constant(w), null, stride, 1, stride - 1, mode).value(),
                        OperatorNorm.randomStart(new int[] {1, 2, 6, 6}, 5), 1e-9, 5000).estimate();
                assertTrue(found <= conv.lipschitzBound(0), mode + " stride " + stride + ": norm " + found + " above the bound " + conv.lipschitzBound(0));
                assertTrue(convT.lipschitzBound(0) > 0);
            }
        var wide = new Conv2d(1, 1, 3, 1, 2, IndexMap.Pad.CIRCULAR, false, Init.lecunUniform(), rng);
        assertThrows(IllegalArgumentException.class, () -> wide.lipschitzBound(0), "circular padding beyond (k − 1)/2 wraps a pixel twice into one tap");
    }

    @Test void poolingIsCertifiedByItsWindowOverlap() {
        assertEquals(1, Pool2d.max(2, 2).lipschitzBound(0));
        assertEquals(3, Pool2d.max(3, 1).lipschitzBound(0));
        assertEquals(0.5, Pool2d.avg(2, 2).lipschitzBound(0));
        assertEquals(2 / 3.0, Pool2d.avg(3, 2).lipschitzBound(0), 1e-15);
    }
}
