package org.odeon.models.denoise;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class DnCNNTest {
    static final int S = 10;

    @Test void spectralDnCNNBoundHoldsOnSearchedPairsAndIsSmall() {
        var d = DnCNN.spectral(1, 6, 4, S, S, 1.0, new Rng(1));
        d.eval();
        double bound = d.lipschitzBound(1e-6);
        assertTrue(bound <= 2 + 1e-2, "1 + r^depth with r = 1, got " + bound);
        NDArray starts = new Rng(2).normal(DType.F64, 0.5, 0.3, 3, 1, S, S);
        var lb = Lipschitz.lowerBound(d::forward, starts, 0.1, 25, 0.5, 3);
        assertTrue(lb.ratio() <= bound * (1 + 1e-9), lb.ratio() + " > " + bound);
    }

    @Test void plainDnCNNIsAResidualMapWithAFiniteCertificate() {
        var d = DnCNN.plain(1, 6, 3, S, S, new Rng(4));
        NDArray x = new Rng(5).normal(DType.F64, 0, 1, 2, 1, S, S);
        try (var ng = GradMode.off()) { assertArrayEquals(x.shape(), d.forward(Tensor.constant(x)).value().shape()); }
        double b = d.lipschitzBound(1e-6);
        var lb = Lipschitz.lowerBound(d::forward, x, 0.1, 15, 0.5, 6);
        assertTrue(Double.isFinite(b) && lb.ratio() <= b * (1 + 1e-9), lb.ratio() + " > " + b);
        assertThrows(IllegalArgumentException.class, () -> DnCNN.spectral(1, 6, 3, S, S, Double.POSITIVE_INFINITY, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> new AveragedDenoiser(1, 4, 2, 1, 1.0, 3, S, S, false, new Rng(1)));
    }

    @Test void aResizedDnCNNRestoresTheTiledImageAsTheTiledRestorationAndKeepsItsBound() {
        for (DnCNN d : new DnCNN[] {DnCNN.plain(1, 4, 3, S, S, new Rng(6)), DnCNN.spectral(1, 4, 3, S, S, 1.0, new Rng(7))}) {
            d.eval();
            DnCNN big = d.resized(2 * S, 2 * S);
            assertFalse(big.isTraining());
            NDArray x = new Rng(8).normal(DType.F64, 0.5, 0.3, 1, 1, S, S);
            try (var ng = GradMode.off()) {
                NDArray small = d.forward(Tensor.constant(x)).value(), large = big.forward(Tensor.constant(AveragedDenoiserTest.tile(x))).value();
                // circular convolutions; the spectral scale belongs to the size, so only the plain network tiles exactly
                if (!d.normalised()) assertArrayEquals(AveragedDenoiserTest.tile(small).data(), large.data(), 1e-12);
            }
            double bound = big.lipschitzBound(1e-6);
            if (d.normalised()) assertTrue(bound <= 2 + 1e-2, "resized spectral DnCNN: " + bound);
            var lb = Lipschitz.lowerBound(big::forward, new Rng(9).normal(DType.F64, 0.5, 0.3, 2, 1, 2 * S, 2 * S), 0.1, 10, 0.5, 10);
            assertTrue(lb.ratio() <= bound * (1 + 1e-9), lb.ratio() + " > " + bound);
        }
    }
}
