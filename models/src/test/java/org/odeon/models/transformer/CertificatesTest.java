package org.odeon.models.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * No random or searched pair exceeds a certified bound: in the query (any context size), in one
 * context token, in every token at once (max over tokens and Euclidean over all), for the
 * attention, the block and the whole network; and the query and context bounds do not grow with
 * the number of context tokens.
 */
@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class CertificatesTest {
    static final int D = 4;
    static final double TOL = 1e-4, SLACK = 1 + 1e-9;

    /** Weights scaled up so the softmax is sharp and β large; the step sits at its limit 2/β. */
    static GradientFlowAttention sharpAttention(long seed) { return sharpAttention(seed, 1); }

    static GradientFlowAttention sharpAttention(long seed, double cap) {
        GradientFlowAttention a = new GradientFlowAttention(D, 2, 3, 1.5, 1.0, cap, new Rng(seed));
        a.namedParameters().forEach((n, p) -> { if (!n.equals("step")) p.value().scaleInPlace(3); });
        a.namedParameters().get("step").value().assign(NDArray.full(DType.F64, 1e9, 1));
        a.project();
        return a;
    }

    /** Queries {@code [N, D]} ↦ their outputs when attending to a fixed context (and not to themselves). */
    static UnaryOperator<Tensor> queryMap(TokenMixer m, NDArray context) {
        int c = context.dim(0);
        boolean[] keep = new boolean[c + 1];
        java.util.Arrays.fill(keep, 0, c, true);
        NDArray mask = Masks.keys(keep);
        return q -> {
            int n = q.dim(0);
            Tensor ctx = Tensor.constant(context.reshape(1, c, D)).expand(n, c, D);
            return m.forward(Tensor.cat(List.of(ctx, q.reshape(n, 1, D)), 1), mask).select(1, c).squeeze(1);
        };
    }

    /** Context token 0 {@code [N, D]} ↦ the output of a fixed query attending to the context. */
    static UnaryOperator<Tensor> contextTokenMap(TokenMixer m, NDArray context, NDArray query) {
        int c = context.dim(0);
        return y -> {
            int n = y.dim(0);
            Tensor rest = Tensor.constant(context.reshape(1, c, D)).slice(1, 1, c).expand(n, c - 1, D);
            Tensor q = Tensor.constant(query.reshape(1, 1, D)).expand(n, 1, D);
            return m.forward(Tensor.cat(List.of(y.reshape(n, 1, D), rest, q), 1), null).select(1, c).squeeze(1);
        };
    }

    /** All T tokens, flattened {@code [N, T·D]}, ↦ all outputs flattened (self-attention). */
    static UnaryOperator<Tensor> allTokens(TokenMixer m, int t) {
        return x -> m.forward(x.reshape(x.dim(0), t, D), null).reshape(x.dim(0), t * D);
    }

    static double searched(UnaryOperator<Tensor> f, NDArray starts) {
        return Math.max(Lipschitz.lowerBound(f, starts, 0.5, 60, 0.3, 11).ratio(), Lipschitz.lowerBound(f, starts, 0.02, 60, 0.3, 12).ratio());
    }

    static double randomPairs(UnaryOperator<Tensor> f, NDArray x, Rng rng) {
        double worst = 0;
        try (var ng = GradMode.off()) {
            for (double spread : new double[] {1e-3, 0.1, 1, 3}) {
                NDArray y = x.add(rng.normal(DType.F64, 0, spread, x.shape()));
                NDArray fx = f.apply(Tensor.constant(x)).value(), fy = f.apply(Tensor.constant(y)).value();
                int n = x.dim(0), m = x.size() / n, k = fx.size() / n;
                for (int i = 0; i < n; i++) {
                    double num = 0, den = 0;
                    for (int j = 0; j < k; j++) num += Math.pow(fx.data()[i * k + j] - fy.data()[i * k + j], 2);
                    for (int j = 0; j < m; j++) den += Math.pow(x.data()[i * m + j] - y.data()[i * m + j], 2);
                    worst = Math.max(worst, Math.sqrt(num / den));
                }
            }
        }
        return worst;
    }

    static void holds(String what, UnaryOperator<Tensor> f, NDArray starts, double bound, Rng rng) {
        double r = randomPairs(f, starts, rng), s = searched(f, starts);
        assertTrue(r <= bound * SLACK, what + ": random pair ratio " + r + " exceeds the bound " + bound);
        assertTrue(s <= bound * SLACK, what + ": searched pair ratio " + s + " exceeds the bound " + bound);
    }

    @ParameterizedTest(name = "{0} context tokens") @ValueSource(ints = {1, 4, 32})
    void attentionIsNonExpansiveInTheQueryForAnyContextSize(int contextTokens) {
        Rng rng = new Rng(contextTokens);
        GradientFlowAttention a = sharpAttention(21);
        assertEquals(1.0, a.queryBound(TOL), 1e-12);
        NDArray ctx = rng.normal(DType.F64, 0, 1, contextTokens, D);
        holds("query, " + contextTokens + " context tokens", queryMap(a, ctx), rng.normal(DType.F64, 0, 1, 8, D), 1.0, rng);
    }

    @ParameterizedTest(name = "{0} context tokens") @ValueSource(ints = {2, 6, 24})
    void oneContextTokenMovesTheOutputByAtMostTheContextBound(int contextTokens) {
        Rng rng = new Rng(100 + contextTokens);
        GradientFlowAttention a = sharpAttention(22);
        NDArray ctx = rng.normal(DType.F64, 0, 1, contextTokens, D), q = rng.normal(DType.F64, 0, 1, D);
        holds("context token", contextTokenMap(a, ctx, q), rng.normal(DType.F64, 0, 1, 8, D), a.contextBound(TOL), rng);
    }

    @ParameterizedTest(name = "T = {0}") @ValueSource(ints = {2, 5, -5})
    void selfAttentionRespectsItsEuclideanAndMaxTokenBounds(int signed) {
        int t = Math.abs(signed);                              // negative: the step capped at κ = 0.1
        Rng rng = new Rng(200 + signed);
        GradientFlowAttention a = sharpAttention(23, signed < 0 ? 0.1 : 1);
        holds("self-attention on " + t + " tokens", allTokens(a, t), rng.normal(DType.F64, 0, 1, 8, t * D), a.tokenBound(t, TOL), rng);
        // max over tokens: every token moved, each output token compared with the largest move
        double bound = a.queryBound(TOL) + a.contextBound(TOL), worst = 0;
        try (var ng = GradMode.off()) {
            for (int trial = 0; trial < 40; trial++) {
                NDArray x = rng.normal(DType.F64, 0, 1, 1, t, D), y = x.add(rng.normal(DType.F64, 0, trial % 2 == 0 ? 0.01 : 0.5, 1, t, D));
                NDArray fx = a.forward(Tensor.constant(x)).value(), fy = a.forward(Tensor.constant(y)).value();
                worst = Math.max(worst, maxRow(fx.sub(fy), t) / maxRow(x.sub(y), t));
            }
        }
        assertTrue(worst <= bound * SLACK, "max-token ratio " + worst + " exceeds " + bound);
    }

    static double maxRow(NDArray a, int t) {
        double m = 0;
        for (int i = 0; i < t; i++) {
            double s = 0;
            for (int d = 0; d < D; d++) s += Math.pow(a.data()[i * D + d], 2);
            m = Math.max(m, Math.sqrt(s));
        }
        return m;
    }

    @Test void theLipschitzBlockIsNonExpansiveInTheQueryAndRespectsItsTokenBound() {
        Rng rng = new Rng(7);
        LipschitzBlock b = new LipschitzBlock(D, 2, 3, 8, 1.5, 1, rng);
        b.namedParameters().forEach((n, p) -> { if (n.endsWith("weight") || n.endsWith("query") || n.endsWith("key")) p.value().scaleInPlace(2); });
        b.namedParameters().forEach((n, p) -> { if (n.endsWith("step")) p.value().assign(NDArray.full(DType.F64, 1e9, 1)); });
        for (int i = 0; i < 5; i++) b.project();
        assertTrue(b.queryBound(TOL) <= 1 + 1e-9, "block query bound " + b.queryBound(TOL));
        holds("block, query", queryMap(b, rng.normal(DType.F64, 0, 1, 6, D)), rng.normal(DType.F64, 0, 1, 8, D), b.queryBound(TOL), rng);
        holds("block, 3 tokens", allTokens(b, 3), rng.normal(DType.F64, 0, 1, 8, 3 * D), b.tokenBound(3, TOL), rng);
    }

    static TokenNet net(TokenNet.Readout readout, int tokens, long seed) {
        TokenNet n = new TokenNet(TokenNet.Kind.LIPSCHITZ, readout, false, new TokenNet.Config(3, D, 2, 2, 2, 6, 2, tokens, 1.0, 1.5, 1.2, 1), new Rng(seed));
        n.eval();
        return n;
    }

    @ParameterizedTest @ValueSource(strings = {"MEAN", "FLATTEN"})
    void theNetworkRespectsItsEndToEndBound(String readout) {
        Rng rng = new Rng(8);
        int t = 4;
        TokenNet n = net(TokenNet.Readout.valueOf(readout), t, 30);
        UnaryOperator<Tensor> f = x -> n.forward(x.reshape(x.dim(0), t, 3));
        holds(readout + " network, all tokens", f, rng.normal(DType.F64, 0, 1, 8, t * 3), n.lipschitzBound(TOL), rng);
        assertTrue(Lipschitz.bound(n, TOL) == n.lipschitzBound(TOL));
    }

    @Test void theConcatenatingReadoutRespectsItsMaxTokenBoundAndNeedsEveryToken() {
        Rng rng = new Rng(10);
        int t = 4;
        TokenNet n = net(TokenNet.Readout.FLATTEN, t, 32);
        NDArray x0 = rng.normal(DType.F64, 0, 1, t, 3);
        // every token moves by the same direction δ (‖δ‖ per token = the max-token norm of the move)
        UnaryOperator<Tensor> f = d -> n.forward(Tensor.constant(x0.reshape(1, t, 3)).add(d.reshape(d.dim(0), 1, 3)));
        holds("concatenating network, every token moved alike", f, rng.normal(DType.F64, 0, 1, 8, 3), n.maxTokenBound(TOL), rng);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> n.forward(Tensor.constant(NDArray.zeros(DType.F64, 2, t - 1, 3))));
        assertTrue(e.getMessage().contains("exactly " + t), e.getMessage());
    }

    @Test void theQueryAndMaxTokenBoundsOfTheNetworkDoNotGrowWithTheContext() {
        Rng rng = new Rng(9);
        TokenNet small = net(TokenNet.Readout.LAST, 4, 31), large = net(TokenNet.Readout.LAST, 64, 31);
        assertEquals(small.queryBound(TOL), large.queryBound(TOL), 0);
        assertEquals(small.maxTokenBound(TOL), large.maxTokenBound(TOL), 0);
        for (int c : new int[] {3, 63}) {
            TokenNet n = c == 3 ? small : large;
            NDArray ctx = rng.normal(DType.F64, 0, 1, c, 3);
            boolean[] keep = new boolean[c + 1];
            java.util.Arrays.fill(keep, 0, c, true);
            NDArray mask = Masks.keys(keep);
            UnaryOperator<Tensor> f = q -> n.forward(Tensor.cat(List.of(Tensor.constant(ctx.reshape(1, c, 3)).expand(q.dim(0), c, 3), q.reshape(q.dim(0), 1, 3)), 1), mask);
            holds("network query, " + c + " context tokens", f, rng.normal(DType.F64, 0, 1, 6, 3), n.queryBound(TOL), rng);
            UnaryOperator<Tensor> g = y -> n.forward(Tensor.cat(List.of(y.reshape(y.dim(0), 1, 3), Tensor.constant(ctx.reshape(1, c, 3)).slice(1, 1, c).expand(y.dim(0), c - 1, 3),
                    Tensor.constant(ctx.reshape(1, c, 3)).slice(1, 0, 1).expand(y.dim(0), 1, 3)), 1), mask);
            holds("network, one context token, " + c + " context tokens", g, rng.normal(DType.F64, 0, 1, 6, 3), n.maxTokenBound(TOL), rng);
        }
    }

    @Test void aReloadedNetworkComputesTheSameOutputsAndCertificate() {
        TokenNet a = net(TokenNet.Readout.MEAN, 4, 40), b = net(TokenNet.Readout.MEAN, 4, 41);
        b.loadStateDict(a.stateDict());
        NDArray x = new Rng(1).normal(DType.F64, 0, 1, 3, 4, 3);
        try (var ng = GradMode.off()) {
            assertEquals(0, a.forward(Tensor.constant(x)).value().sub(b.forward(Tensor.constant(x)).value()).norm(), 0);
        }
        assertEquals(a.lipschitzBound(TOL), b.lipschitzBound(TOL), 0);
        assertTrue(a.stateDict().keySet().stream().anyMatch(k -> k.endsWith("attention.step")), "the attention step is saved: " + a.stateDict().keySet());
    }

    @Test void theStandardNetworkHasNoCertificate() {
        TokenNet s = new TokenNet(TokenNet.Kind.STANDARD, TokenNet.Readout.MEAN, true, new TokenNet.Config(3, D, 1, 2, 2, 6, 2, 4, 1, 1, 1, 1), new Rng(1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> s.lipschitzBound(TOL));
        assertEquals(List.of(2, 2), java.util.Arrays.stream(s.forward(Tensor.constant(NDArray.zeros(DType.F64, 2, 4, 3))).shape()).boxed().toList());
    }

}
