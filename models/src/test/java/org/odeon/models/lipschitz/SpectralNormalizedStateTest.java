package org.odeon.models.lipschitz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.nn.Init;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The evaluation scale of spectral normalisation is saved state: a reloaded layer reproduces the
 * evaluated one bit for bit from the file alone, and whatever the file holds, the certificate bounds
 * the map the layer actually computes.
 */
class SpectralNormalizedStateTest {
    static final Operator CONV = Operator.Convolution.same(2, 3, 3, 6, 6);

    /** A conv layer with ‖A_W‖ well above its radius 1, so the evaluation scale matters. */
    static SpectralNormalized layer(long seed) { return new SpectralNormalized(CONV, 1, true, Init.normal(0, 2), new Rng(seed)); }

    static NDArray forward(SpectralNormalized s, NDArray x) {
        try (var off = GradMode.off()) { return s.forward(Tensor.constant(x)).value(); }
    }

    static final NDArray X = new Rng(5).normal(DType.F64, 0, 1, 4, 2, 6, 6);

    @Test void theEvaluationScaleIsInTheStateDictAndAReloadedLayerUsesItBitForBit() {
        SpectralNormalized s = layer(1);
        Map<String, NDArray> init = s.stateDict();
        init.put("bias", new Rng(2).normal(DType.F64, 0, 1, init.get("bias").shape()));
        s.loadStateDict(init);
        s.eval();
        NDArray y = forward(s, X);
        Map<String, NDArray> state = s.stateDict();
        double scale = state.get("eval_norm").item();
        assertTrue(scale > 2, "the weights' norm bound " + scale + " is what normalises them");
        assertEquals(scale, s.evaluationNorm());
        assertEquals(SpectralNormalized.fingerprint(s.weight().value()), state.get("eval_key").item());

        SpectralNormalized loaded = layer(99);
        loaded.loadStateDict(state);
        loaded.eval();
        assertArrayEquals(y.data(), forward(loaded, X).data(), "reloaded outputs, bit for bit");

        // The stored value is used as is, not recomputed: doubling it halves the linear part.
        state.put("eval_norm", NDArray.scalar(2 * scale));
        loaded.loadStateDict(state);
        NDArray b = forward(loaded, NDArray.zeros(DType.F64, 1, 2, 6, 6));
        NDArray half = y.sub(b).mul(0.5).add(b);
        assertArrayEquals(half.data(), forward(loaded, X).data(), 1e-12, "outputs follow the stored scale");
    }

    @Test void newWeightsRefreshTheScaleAndOldFilesFailWithOneLineNamingTheKey() {
        SpectralNormalized s = layer(3);
        for (var e : s.stateDict().entrySet())
            for (double v : e.getValue().data()) assertTrue(Double.isFinite(v), "an unevaluated layer's state is finite (divergence checks read it): " + e.getKey());
        assertNotEquals(SpectralNormalized.fingerprint(s.weight().value()), s.stateDict().get("eval_key").item(), "no scale is claimed before evaluation");
        s.eval();
        double before = s.evaluationNorm();
        s.train(true);
        s.weight().value().scaleInPlace(2);              // an optimizer step
        s.eval();
        assertEquals(2 * before, s.evaluationNorm(), 2 * before * 2e-3, "recomputed for the new weights");
        assertEquals(SpectralNormalized.fingerprint(s.weight().value()), s.stateDict().get("eval_key").item());

        Map<String, NDArray> old = s.stateDict();
        old.remove("eval_norm");
        old.remove("eval_key");
        var e = assertThrows(IllegalArgumentException.class, () -> layer(4).loadStateDict(old));
        assertTrue(e.getMessage().contains("eval_norm") && !e.getMessage().contains("\n"), e.getMessage());

        Map<String, NDArray> bad = s.stateDict();
        bad.put("eval_norm", NDArray.scalar(Double.NaN));
        var nan = assertThrows(IllegalArgumentException.class, () -> layer(4).eval().loadStateDict(bad));
        assertTrue(nan.getMessage().contains("eval_norm"), nan.getMessage());
    }

    /** The norm of the linear part actually applied, from below (power iteration on A with the normalised weight). */
    static double appliedNorm(SpectralNormalized s) {
        NDArray w;
        try (var off = GradMode.off()) { w = s.normalizedWeight().value(); }
        var c = (Operator.Convolution) s.operator();
        return OperatorNorm.power(v -> c.applyBatch(v, w), v -> c.adjointBatch(v, w), new Rng(7).normal(DType.F64, 0, 1, 1, 2, 6, 6), 1e-10, 5000).estimate();
    }

    @Test void aTamperedScaleOrWeightCannotMakeTheCertificateLie() {
        SpectralNormalized honest = layer(6);
        honest.eval();
        Map<String, NDArray> state = honest.stateDict();
        double scale = state.get("eval_norm").item();
        NDArray w3 = state.get("weight").mul(3);
        Map<String, Map<String, NDArray>> tampered = Map.of(
                "scale ÷ 10 (weights applied unnormalised)", Map.of("eval_norm", NDArray.scalar(scale / 10)),
                "scale × 10", Map.of("eval_norm", NDArray.scalar(scale * 10)),
                "weights × 3 with a matching fingerprint", Map.of("weight", w3, "eval_key", NDArray.scalar(SpectralNormalized.fingerprint(w3))),
                "weights × 3 alone", Map.of("weight", w3));
        tampered.forEach((what, change) -> {
            SpectralNormalized s = layer(8);
            s.eval();
            Map<String, NDArray> st = new java.util.HashMap<>(state);
            st.putAll(change);
            s.loadStateDict(st);
            double cert = s.lipschitzBound(1e-9), applied = appliedNorm(s);
            double searched = Lipschitz.lowerBound(x -> s.forward(x), X, 1e-2, 30, 0.5, 9).ratio();
            assertTrue(applied <= cert * (1 + 1e-9) && searched <= cert * (1 + 1e-9),
                    what + ": certificate " + cert + " vs applied norm " + applied + ", searched pairs " + searched);
            if (what.startsWith("scale ÷ 10") || what.startsWith("weights × 3 with"))
                assertTrue(cert > 2, what + ": the certificate owns up to the larger map, " + cert);
        });
    }
}
