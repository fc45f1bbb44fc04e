package org.odeon.models.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.autograd.Functional;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Attention and blocks: masks are respected exactly, gradients are right to second order, the step obeys η ≤ 2/β. */
class AttentionTest {
    static final int D = 4;

    record Case(String name, Function<Rng, Module> build) {
        @Override public String toString() { return name; }
    }

    static Stream<Case> mixers() {
        return Stream.of(
                new Case("multi-head attention", r -> new MultiHeadAttention(D, 2, r)),
                new Case("gradient-flow attention", r -> new GradientFlowAttention(D, 2, 3, 1.5, 0.9, r)),
                new Case("pre-norm block", r -> new TransformerBlock(D, 2, 6, r)),
                new Case("Lipschitz block", r -> new LipschitzBlock(D, 2, 3, 6, 1.5, 0.5, r)));
    }

    static Tensor run(Module m, NDArray x, NDArray mask) {
        try (var ng = GradMode.off()) { return ((TokenMixer) m).forward(Tensor.constant(x), mask); }
    }

    @ParameterizedTest(name = "{0}") @MethodSource("mixers")
    void aPaddedTokenChangesNoOtherToken(Case c) {
        Rng rng = new Rng(1);
        Module m = c.build().apply(rng);
        NDArray x = rng.normal(DType.F64, 0, 1, 2, 5, D);
        NDArray mask = Masks.padding(new int[] {3, 5}, 5);
        NDArray y = x.copy();
        for (int j = 3; j < 5; j++) for (int d = 0; d < D; d++) y.data()[(j) * D + d] += 10 * (d + 1);   // sample 0's padding only
        double[] a = run(m, x, mask).value().data(), b = run(m, y, mask).value().data();
        for (int i = 0; i < a.length; i++) {
            boolean paddedRow = i < 5 * D && i / D >= 3;
            if (!paddedRow) assertEquals(a[i], b[i], 0.0, c + ": output " + i + " moved with a masked token");
        }
    }

    @ParameterizedTest(name = "{0}") @MethodSource("mixers")
    void aCausalMaskHidesTheFuture(Case c) {
        Rng rng = new Rng(2);
        Module m = c.build().apply(rng);
        NDArray x = rng.normal(DType.F64, 0, 1, 1, 6, D), y = x.copy();
        for (int d = 0; d < D; d++) y.data()[4 * D + d] -= 3;
        double[] a = run(m, x, Masks.causal(6)).value().data(), b = run(m, y, Masks.causal(6)).value().data();
        for (int i = 0; i < 4 * D; i++) assertEquals(a[i], b[i], 0.0, c + ": token " + i / D + " saw token 4");
        boolean later = false;
        for (int i = 4 * D; i < 6 * D; i++) later |= a[i] != b[i];
        assertTrue(later, c + ": tokens 4 and 5 see token 4");
    }

    @ParameterizedTest(name = "{0}") @MethodSource("mixers")
    void gradientsInTokensAndWeightsMatchFiniteDifferencesToSecondOrder(Case c) {
        Rng rng = new Rng(3);
        Module m = c.build().apply(rng);
        NDArray mask = Masks.both(Masks.causal(3), Masks.padding(new int[] {3, 2}, 3));
        List<NDArray> inputs = new ArrayList<>();
        inputs.add(rng.normal(DType.F64, 0, 0.8, 2, 3, D));
        m.parameters().forEach(p -> inputs.add(p.value().copy()));
        Function<List<Tensor>, Tensor> f = t -> {
            List<Tensor> theta = t.subList(1, t.size());
            return m.callWith(theta, t.get(0)).square().sum().add(((TokenMixer) m).forward(t.get(0), mask).sum());
        };
        double first = GradCheck.firstOrder(f, inputs, 4), second = GradCheck.secondOrder(f, inputs, 5);
        assertTrue(first < 1e-6, c + ": first order " + first);
        assertTrue(second < 1e-5, c + ": second order " + second);
        List<NDArray> tokens = List.of(inputs.get(0));
        double maskedFirst = GradCheck.firstOrder(t -> ((TokenMixer) m).forward(t.get(0), mask), tokens, 6);
        double maskedSecond = GradCheck.secondOrder(t -> ((TokenMixer) m).forward(t.get(0), mask), tokens, 7);
        assertTrue(maskedFirst < 1e-6 && maskedSecond < 1e-5, c + " with causal and padding masks: " + maskedFirst + ", " + maskedSecond);
    }

    /** The query Jacobian is I − η·Σₕ Cov_{pₕ}(Aₕȳ): symmetric, with spectrum in [1 − ηβ, 1]. */
    @Test void theQueryJacobianIsIdentityMinusStepTimesTheCovarianceOfAy() {
        Rng rng = new Rng(4);
        int heads = 2, k = 3, m = 5;
        GradientFlowAttention att = new GradientFlowAttention(D, heads, k, 1.0, 1.0, rng);
        NDArray ctx = rng.normal(DType.F64, 0, 0.7, m, D), q0 = rng.normal(DType.F64, 0, 0.2, 1, D);
        NDArray keys = Masks.keys(new boolean[] {true, true, true, true, true, false});
        NDArray jac = Functional.jacobian(q -> att.forward(Tensor.cat(List.of(Tensor.constant(ctx.reshape(1, m, D)), q.reshape(1, 1, D)), 1), keys)
                .select(1, m).reshape(D), Tensor.constant(q0));
        NDArray wq = att.namedParameters().get("query").value(), wk = att.namedParameters().get("key").value();
        double eta = att.stepValue();
        double[] cov = new double[D * D];
        for (int h = 0; h < heads; h++) {
            NDArray a = Tensor.mm(Tensor.constant(wq).reshape(heads, k, D).select(0, h).squeeze(0), true,
                    Tensor.constant(wk).reshape(heads, k, D).select(0, h).squeeze(0), false).value();   // Aₕ = W_Qₕᵀ W_Kₕ
            NDArray ay = Tensor.mm(GradientFlowAttention.project(Tensor.constant(ctx), 1.0), false, Tensor.constant(a), true).value();   // rows Aₕȳⱼ
            double[] s = Tensor.constant(q0).matmul(Tensor.constant(ay).transpose(0, 1)).softmax(1).value().data();
            double[] mean = new double[D];
            for (int j = 0; j < m; j++) for (int d = 0; d < D; d++) mean[d] += s[j] * ay.get(j, d);
            for (int j = 0; j < m; j++)
                for (int d = 0; d < D; d++) for (int e = 0; e < D; e++) cov[d * D + e] += s[j] * (ay.get(j, d) - mean[d]) * (ay.get(j, e) - mean[e]);
        }
        for (int d = 0; d < D; d++)
            for (int e = 0; e < D; e++) {
                assertEquals((d == e ? 1 : 0) - eta * cov[d * D + e], jac.get(d, e), 1e-12, "J[" + d + "," + e + "]");
                assertEquals(jac.get(d, e), jac.get(e, d), 1e-12, "symmetric");
            }
        // vᵀJv ∈ [1 − ηβ, 1]·‖v‖² for random v, with η = 2/β here (step fraction 1): J ⪰ −I, J ⪯ I
        double beta = att.smoothness();
        assertEquals(2 / beta, eta, 1e-12 * eta);
        for (int t = 0; t < 50; t++) {
            double[] v = rng.normal(DType.F64, 0, 1, D).data();
            double quad = 0, vv = 0;
            for (int d = 0; d < D; d++) { vv += v[d] * v[d]; for (int e = 0; e < D; e++) quad += v[d] * jac.get(d, e) * v[e]; }
            assertTrue(quad <= vv * (1 + 1e-12) && quad >= (1 - eta * beta) * vv * (1 + 1e-12), "Rayleigh quotient " + quad / vv);
        }
    }

    /**
     * One gradient-flow step is an in-context regression step: with {@code A = diag(a·I_d, c)} on
     * tokens {@code s·(xⱼ, yⱼ)}, the softmax weights are {@code ≈ (1 + a s²⟨x_q, xⱼ⟩)/n}, so the query's
     * value slot moves by {@code ≈ −η c a s³ (1/n)Σⱼ yⱼ⟨xⱼ, x_q⟩} — minus a gradient-descent estimate of
     * {@code y_q}. Read out with the best gain, it halves the error of the zero predictor at n = 2d
     * (least squares would be exact), with the gain the certificate has to pay for.
     */
    @Test void oneStepOnAPromptPredictsTheQueryValueInContext() {
        int d = 5, n = 10, prompts = 2000;
        GradientFlowAttention att = new GradientFlowAttention(d + 1, 1, d + 1, 1.0, 1.0, new Rng(1));
        double[] w = new double[(d + 1) * (d + 1)];
        for (int i = 0; i < d; i++) w[i * (d + 1) + i] = Math.sqrt(8);
        w[d * (d + 1) + d] = 2;
        NDArray a = NDArray.of(new int[] {d + 1, d + 1}, w);
        att.namedParameters().get("query").assign(a);
        att.namedParameters().get("key").assign(a);
        att.namedParameters().get("step").assign(NDArray.full(DType.F64, 1e9, 1));
        att.project();
        LinearPrompts p = LinearPrompts.sample(d, n, n, prompts, new Rng(3));
        NDArray out = run(att, p.tokens().mul(0.4), p.mask()).value();
        double[] u = new double[prompts], y = p.targets().data();
        double uy = 0, uu = 0;
        for (int i = 0; i < prompts; i++) { u[i] = out.get(i, n, d); uy += u[i] * y[i]; uu += u[i] * u[i]; }
        double gain = uy / uu, err = 0;
        for (int i = 0; i < prompts; i++) err += Math.pow(gain * u[i] - y[i], 2) / prompts;
        assertTrue(gain < 0, "the step moves against the estimate: gain " + gain);
        assertTrue(err < 0.6, "error " + err + " of the read-out step (zero predictor: 1)");
        assertTrue(Math.abs(gain) > 10, "the read-out needs a large gain |" + gain + "|: a certified head must allow it");
    }

    /**
     * Two certified steps are two in-context gradient steps, and their estimate must be read out with a large gain.
     * With paired heads {@code A₁ = I}, {@code A₂ = −I} the mean terms of the two softmax expectations cancel and the
     * covariance terms add, so at the whole admissible step {@code η = 2/β = 1/R²} each step moves the value slots of
     * tokens {@code r·(xⱼ, yⱼ)} by {@code ≈ −η_eff (1/n)Σᵢ yᵢ⟨xᵢ, xⱼ⟩·r} with {@code η_eff = 2r²/R²} — the value slots
     * hold residuals, the query's minus the estimate (von Oswald et al.'s construction, certified). At r = 0.3 that
     * is a step of 0.18, and the two-step estimate is so shrunk that its best read-out gain is above 10: a head of
     * norm 4 (the Lipschitz model's former r_out, at r_in = 0.3) leaves more than twice the error.
     */
    @Test void twoCertifiedStepsWithPairedHeadsAreTwoInContextGradientStepsNeedingALargeGain() {
        int d = 5, n = 10, prompts = 2000;
        GradientFlowAttention att = new GradientFlowAttention(d + 1, 2, d + 1, 1.0, 1.0, new Rng(1));
        double[] q = new double[2 * (d + 1) * (d + 1)], k = new double[q.length];
        for (int h = 0; h < 2; h++)
            for (int i = 0; i <= d; i++) {
                q[(h * (d + 1) + i) * (d + 1) + i] = 1;
                k[(h * (d + 1) + i) * (d + 1) + i] = h == 0 ? 1 : -1;
            }
        att.namedParameters().get("query").assign(NDArray.of(new int[] {2 * (d + 1), d + 1}, q));
        att.namedParameters().get("key").assign(NDArray.of(new int[] {2 * (d + 1), d + 1}, k));
        double eta = att.stepValue();   // 2/β with β = R²(‖A₁‖² + ‖A₂‖²) = 2 from certified upper bounds of the norms
        assertTrue(eta <= 1 && eta > 0.99, "η = " + eta);
        LinearPrompts p = LinearPrompts.sample(d, n, n, prompts, new Rng(3));
        NDArray once = run(att, p.tokens().mul(0.3), p.mask()).value(), twice = run(att, once, p.mask()).value();
        double[] y = p.targets().data();
        double[][] fit = new double[2][];
        for (int s = 0; s < 2; s++) {
            NDArray out = s == 0 ? once : twice;
            double uy = 0, uu = 0;
            for (int i = 0; i < prompts; i++) { double u = out.get(i, n, d); uy += u * y[i]; uu += u * u; }
            double gain = uy / uu, err = 0, capped = 0, g4 = Math.copySign(Math.min(Math.abs(gain), 4), gain);
            for (int i = 0; i < prompts; i++) {
                err += Math.pow(gain * out.get(i, n, d) - y[i], 2) / prompts;
                capped += Math.pow(g4 * out.get(i, n, d) - y[i], 2) / prompts;
            }
            fit[s] = new double[] {gain, err, capped};
        }
        assertTrue(fit[0][0] < 0 && fit[1][0] < 0, "the query's slot holds minus the estimate: gains " + fit[0][0] + ", " + fit[1][0]);
        assertTrue(fit[1][1] < fit[0][1] - 0.05, "the second step improves the estimate: " + fit[0][1] + " → " + fit[1][1]);
        assertTrue(fit[1][1] < 0.33, "two steps of 0.18 (idealised gradient descent with the best gain: 0.31), got " + fit[1][1]);
        assertTrue(-fit[1][0] > 10, "read-out gain " + -fit[1][0]);
        assertTrue(fit[1][2] > 2 * fit[1][1], "a gain capped at 4 gives " + fit[1][2] + " against " + fit[1][1]);
    }

    @Test void theStepIsClampedToTwoOverBeta() {
        GradientFlowAttention att = new GradientFlowAttention(D, 2, 3, 2.0, 0.5, new Rng(5));
        double limit = att.stepLimit();
        assertEquals(2 / att.smoothness(), limit, 0);
        att.namedParameters().get("step").value().assign(NDArray.full(DType.F64, 100 * limit, 1));
        assertEquals(limit, att.stepValue(), 0);
        assertEquals(1.0, att.queryBound(1e-4), 1e-12);
        att.project();
        assertEquals(1.0, att.namedParameters().get("step").value().item(), 0);   // φ, the fraction of the limit
        att.namedParameters().get("step").value().assign(NDArray.full(DType.F64, -3, 1));
        assertEquals(0, att.stepValue(), 0);
        assertEquals(0, att.contextBound(1e-4), 0);
    }

    @Test void aStepCapShrinksTheStepAndTheContextBoundAlike() {
        GradientFlowAttention full = new GradientFlowAttention(D, 2, 3, 2.0, 1.0, 1.0, new Rng(5)), capped = new GradientFlowAttention(D, 2, 3, 2.0, 1.0, 0.25, new Rng(5));
        assertEquals(0.25 * full.stepLimit(), capped.stepLimit(), 1e-15 * full.stepLimit());
        assertEquals(0.25 * full.contextBound(1e-4), capped.contextBound(1e-4), 1e-12);
        assertEquals(1.0, capped.queryBound(1e-4), 0);
        assertThrows(IllegalArgumentException.class, () -> new GradientFlowAttention(D, 2, 3, 2.0, 1.0, 1.5, new Rng(5)));
    }

    @Test void badShapesAndSettingsAreRejectedWithOneLine() {
        Rng rng = new Rng(6);
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(5, 2, rng));
        assertThrows(IllegalArgumentException.class, () -> new GradientFlowAttention(4, 1, 2, 0, 0.5, rng));
        assertThrows(IllegalArgumentException.class, () -> new GradientFlowAttention(4, 1, 2, 1, 1.5, rng));
        assertThrows(IllegalArgumentException.class, () -> new GradientFlowAttention(4, 1, 2, 1, 0.5, rng).forward(Tensor.constant(NDArray.zeros(DType.F64, 2, 3, 5))));
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(4, 2, rng).forward(Tensor.constant(NDArray.zeros(DType.F64, 3, 4))));
        assertThrows(IllegalArgumentException.class, () -> Masks.padding(new int[] {4}, 3));
        assertThrows(IllegalArgumentException.class, () -> new Patches(3).forward(Tensor.constant(NDArray.zeros(DType.F64, 1, 1, 4, 4))));
    }

    @Test void patchesAreARowMajorPermutationOfThePixels() {
        NDArray img = NDArray.arange(DType.F64, 2 * 4 * 4).reshape(1, 2, 4, 4);
        NDArray t = new Patches(2).forward(Tensor.constant(img)).value();
        assertEquals(List.of(1, 4, 8), java.util.Arrays.stream(t.shape()).boxed().toList());
        // token 1 = the top-right patch: channel 0 pixels (0,2),(0,3),(1,2),(1,3), then channel 1's
        double[] expect = {2, 3, 6, 7, 18, 19, 22, 23};
        for (int i = 0; i < 8; i++) assertEquals(expect[i], t.get(0, 1, i), 0);
    }
}
