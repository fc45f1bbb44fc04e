package org.odeon.models.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The normalised operator {@code s_u · M((a − μ_a)/σ_a)}: its statistics, its map, and that they travel with the weights. */
class NormalizedTest {
    private static Fno fno(long seed) { return new Fno(new Fno.Config(1, 1, 6, 3, 3, 2, 8, Grid.NODES), new Rng(seed)); }

    @Test void itMapsThroughTheTrainingStatisticsAndTheyAreBuffersOfTheStateDict() {
        Rng rng = new Rng(1);
        NDArray a = rng.normal(DType.F64, 0, 1, 4, 1, 9, 9).map(v -> v >= 0 ? 12 : 3), u = rng.uniform(DType.F64, 0, 0.02, 4, 1, 9, 9);
        Fno inner = fno(2);
        Normalized net = new Normalized(inner, a, u);
        double[] s = net.statistics();
        double mean = java.util.Arrays.stream(a.data()).average().orElseThrow();
        double var = java.util.Arrays.stream(a.data()).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        double rms = Math.sqrt(java.util.Arrays.stream(u.data()).map(v -> v * v).average().orElseThrow());
        assertEquals(mean, s[0], 1e-12);
        assertEquals(Math.sqrt(var), s[1], 1e-12);
        assertEquals(rms, s[2], 1e-15);

        NDArray x = rng.normal(DType.F64, 0, 1, 2, 1, 9, 9).map(v -> v >= 0 ? 12 : 3);
        NDArray want = inner.forward(Tensor.constant(x.add(-s[0]).mul(1 / s[1]))).value().mul(s[2]);
        assertArrayEquals(want.data(), net.forward(Tensor.constant(x)).value().data(), 1e-15);

        assertTrue(net.stateDict().containsKey("stats"), net.stateDict().keySet().toString());
        Normalized other = new Normalized(fno(3), x, x.mul(5));     // other weights and other statistics
        other.loadStateDict(net.stateDict());
        assertArrayEquals(net.forward(Tensor.constant(x)).value().data(), other.forward(Tensor.constant(x)).value().data(), 0,
                "a loaded model is the saved one, statistics included");
    }

    @Test void constantInputsOrZeroOutputsAreOneLineErrors() {
        NDArray ones = NDArray.zeros(DType.F64, 2, 1, 5, 5).add(1);
        var e = assertThrows(IllegalArgumentException.class, () -> new Normalized(fno(4), ones, ones));
        assertTrue(e.getMessage().startsWith("normalisation needs inputs that vary"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Normalized(fno(4), new Rng(5).normal(DType.F64, 0, 1, 2, 1, 5, 5), NDArray.zeros(DType.F64, 2, 1, 5, 5)));
    }
}
