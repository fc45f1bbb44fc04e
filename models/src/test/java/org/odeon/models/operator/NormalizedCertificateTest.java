package org.odeon.models.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.autograd.Tensor;
import org.odeon.nn.StructureCheck;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A normalised operator's certificate {@code (s_u/σ_a)·L_M}: an upper bound no pair of fields, random or searched,
 * exceeds; what the run's metrics record; and none (a one-line reason) when the inner model has none.
 */
class NormalizedCertificateTest {

    @Test void theBoundScalesTheInnerOneAndHoldsOnRandomAndSearchedPairs() {
        Rng rng = new Rng(40);
        NDArray a = rng.normal(DType.F64, 0, 1, 6, 1, 8, 7).map(v -> v >= 0 ? 12 : 3), u = rng.uniform(DType.F64, 0, 0.05, 6, 1, 8, 7);
        Fno inner = new Fno(new Fno.Config(1, 1, 4, 3, 3, 2, 6, Grid.NODES), rng);
        Normalized net = new Normalized(inner, a, u);
        double[] s = net.statistics();
        double bound = net.lipschitzBound(1e-6);
        assertEquals(s[2] / s[1] * inner.lipschitzBound(1e-6), bound, 1e-12 * bound);
        java.util.function.UnaryOperator<Tensor> f = x -> net.forward(x.reshape(x.dim(0), 1, 8, 7));
        NDArray starts = new Rng(41).normal(DType.F64, 7.5, 4.5, 6, 56);   // around the coefficients' scale
        double random = Lipschitz.lowerBound(f, starts, 1.0, 0, 0.3, 42).ratio(), searched = Lipschitz.lowerBound(f, starts, 1.0, 40, 0.3, 42).ratio();
        assertTrue(random > 0 && searched >= random, "random " + random + ", searched " + searched);
        assertTrue(searched <= bound * (1 + 1e-9), "found ratio " + searched + " above the certificate " + bound);
        double reported = StructureCheck.report(net, 0).get("lipschitz_bound");   // at the report's looser tolerance
        assertTrue(reported >= bound * (1 - 1e-9) && reported <= bound * 1.01, "the metrics carry the certificate: " + reported + " for " + bound);
    }

    @Test void anUncertifiedInnerModelLeavesItUncertified() {
        Rng rng = new Rng(43);
        NDArray a = rng.normal(DType.F64, 0, 1, 2, 1, 8, 8), u = rng.normal(DType.F64, 0, 1, 2, 1, 8, 8);
        Normalized net = new Normalized(new UNet(2, 1, 2, rng), a, u);
        var e = assertThrows(IllegalArgumentException.class, () -> net.lipschitzBound(1e-6));
        assertTrue(e.getMessage().startsWith("no Lipschitz certificate for layer"), e.getMessage());
        assertTrue(StructureCheck.report(net, 0).isEmpty(), "no bound in the metrics");
    }
}
