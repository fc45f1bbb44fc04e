package org.odeon.models.denoise;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.inverse.Blur;
import org.odeon.nn.Activation;
import org.odeon.inverse.Noise;
import org.odeon.inverse.PlugAndPlay;
import org.odeon.inverse.Restoration;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The averaged denoiser keeps its promises on randomly initialised (untrained) weights: the
 * certificates hold for random and adversarially searched pairs, and PnP with it converges.
 */
class AveragedDenoiserTest {
    static final int S = 12;
    static final double TOL = 1e-6;

    static AveragedDenoiser net(boolean residual, long seed) {
        return new AveragedDenoiser(1, 4, 2, 1.0, 0.5, 3, S, S, residual, new Rng(seed));
    }

    static NDArray eval(AveragedDenoiser t, NDArray x) {
        try (var ng = GradMode.off()) { return t.forward(Tensor.constant(x)).value(); }
    }

    /** {@code N = (T − (1 − α)I)/α}: T is α-averaged iff N is non-expansive. */
    static Tensor nonexpansivePart(AveragedDenoiser t, double alpha, Tensor x) { return t.forward(x).sub(x.mul(1 - alpha)).mul(1 / alpha); }

    @Test void certificatesAreAveragedAndNonExpansive() {
        var t = net(false, 1);
        double a = t.coreAveragedness(TOL);
        assertTrue(a > 0 && a < 1, "α = " + a);
        assertEquals(1, t.lipschitzBound(TOL));
        assertEquals(a, t.averagedness(TOL));
    }

    @Test void averagednessInequalityHoldsOnRandomPairs() {
        {
            var t = net(false, 2);
            double a = t.averagedness(TOL), bound = t.lipschitzBound(TOL);
            var rng = new Rng(3);
            for (int i = 0; i < 20; i++) {
                double scale = i < 10 ? 1 : 0.01;
                NDArray x = rng.normal(DType.F64, 0.5, 0.3, 1, 1, S, S), y = x.add(rng.normal(DType.F64, 0, scale, 1, 1, S, S));
                NDArray tx = eval(t, x), ty = eval(t, y);
                double lhs = tx.sub(ty).square().sum().item();
                double rhs = x.sub(y).square().sum().item() - (1 - a) / a * x.sub(tx).sub(y.sub(ty)).square().sum().item();
                assertTrue(lhs <= rhs + 1e-12 * x.sub(y).square().sum().item(), "pair " + i + ": " + lhs + " > " + rhs);
                assertTrue(Math.sqrt(lhs) <= bound * x.sub(y).norm() * (1 + 1e-12));
            }
        }
    }

    @Test void searchedPairsNeverBeatTheCertificates() {
        var t = net(false, 4);
        double a = t.coreAveragedness(TOL);
        NDArray starts = new Rng(5).normal(DType.F64, 0.5, 0.3, 3, 1, S, S);
        var lip = Lipschitz.lowerBound(t::forward, starts, 0.1, 25, 0.5, 6);
        assertTrue(lip.ratio() <= t.lipschitzBound(TOL) * (1 + 1e-9), "Lipschitz ratio " + lip.ratio());
        var avg = Lipschitz.lowerBound(x -> nonexpansivePart(t, a, x), starts, 0.1, 25, 0.5, 7);
        assertTrue(avg.ratio() <= 1 + 1e-9, "averagedness: (T − (1−α)I)/α reached ratio " + avg.ratio());
        assertTrue(avg.ratio() > 0.1, "search found no signal: " + avg.ratio());
    }

    @Test void theRelaxedDenoiserIsThetaAlphaAveragedForThetaBelowOneOverAlpha() {
        var t = net(false, 13);
        double a = t.averagedness(TOL);
        var d = Denoisers.of(t, 1);
        var rng = new Rng(14);
        for (double theta : new double[] {0.5, 1.0, 0.99 / a}) {
            double at = theta * a;
            assertTrue(at < 1, "θα = " + at);
            var dt = Denoisers.relaxed(d, theta);
            for (int i = 0; i < 10; i++) {
                NDArray x = rng.normal(DType.F64, 0.5, 0.3, S, S), y = x.add(rng.normal(DType.F64, 0, i < 5 ? 1 : 0.01, S, S));
                NDArray tx = dt.apply(x), ty = dt.apply(y);
                double dxy = x.sub(y).square().sum().item();
                double rhs = dxy - (1 - at) / at * x.sub(tx).sub(y.sub(ty)).square().sum().item();
                assertTrue(tx.sub(ty).square().sum().item() <= rhs + 1e-12 * dxy, "θ = " + theta + ", pair " + i);
            }
            // searched pairs: (D_θ − (1 − θα)I)/(θα) stays non-expansive
            NDArray starts = new Rng(15).normal(DType.F64, 0.5, 0.3, 2, 1, S, S);
            var search = Lipschitz.lowerBound(x -> t.forward(x).mul(theta).add(x.mul(1 - theta)).sub(x.mul(1 - at)).mul(1 / at), starts, 0.1, 15, 0.5, 16);
            assertTrue(search.ratio() <= 1 + 1e-9, "θ = " + theta + ": ratio " + search.ratio());
        }
        assertThrows(IllegalArgumentException.class, () -> Denoisers.relaxed(d, 0));
        assertThrows(IllegalArgumentException.class, () -> Denoisers.relaxed(d, Double.NaN));
    }

    @Test void startingAtAChosenNormKeepsEveryCertificateAndUsesFewerSubSteps() {
        var t = new AveragedDenoiser(1, 4, 2, 1.0, 0.5, 4, S, S, false, Activation.leakyRelu(0.01), 1.0, new Rng(21));
        for (double e : t.normEstimates()) assertEquals(1.0, e, 1e-12);
        // n = ⌈T·L_σ(1.02‖A‖)²/(2α₀)⌉ = 2 at ‖A‖ = 1; the budget ‖A‖ ≤ 1.96 would take 4
        assertArrayEquals(new int[] {2, 2}, t.subSteps());
        double a = t.averagedness(TOL);
        assertTrue(a > 0 && a < 1, "α = " + a);
        var rng = new Rng(22);
        for (int i = 0; i < 10; i++) {
            NDArray x = rng.normal(DType.F64, 0.5, 0.3, 1, 1, S, S), y = x.add(rng.normal(DType.F64, 0, i < 5 ? 1 : 0.01, 1, 1, S, S));
            NDArray tx = eval(t, x), ty = eval(t, y);
            double dxy = x.sub(y).square().sum().item();
            double rhs = dxy - (1 - a) / a * x.sub(tx).sub(y.sub(ty)).square().sum().item();
            assertTrue(tx.sub(ty).square().sum().item() <= rhs + 1e-12 * dxy, "pair " + i);
        }
        var search = Lipschitz.lowerBound(x -> nonexpansivePart(t, a, x), new Rng(23).normal(DType.F64, 0.5, 0.3, 2, 1, S, S), 0.1, 20, 0.5, 24);
        assertTrue(search.ratio() <= 1 + 1e-9, "ratio " + search.ratio());
        var e = assertThrows(IllegalArgumentException.class, () -> new AveragedDenoiser(1, 4, 2, 1.0, 0.5, 4, S, S, false, Activation.relu(), 2.5, new Rng(1)));
        assertTrue(e.getMessage().contains("initNorm"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AveragedDenoiser(1, 4, 2, 1.0, 0.5, 4, S, S, false, Activation.relu(), -1, new Rng(1)));
    }

    /** Every unit of every block switched off by a large negative bias: the weights' gradient. */
    static double gradientWhenSwitchedOff(Activation sigma) {
        var t = new AveragedDenoiser(1, 4, 2, 1.0, 0.5, 4, S, S, false, sigma, 1.0, new Rng(25));
        t.namedParameters().forEach((k, p) -> { if (k.endsWith("bias")) java.util.Arrays.fill(p.value().data(), -100); });
        NDArray x = new Rng(26).normal(DType.F64, 0.5, 0.1, 2, 1, S, S);
        t.forward(Tensor.constant(x)).square().mean().backward();
        double g = 0;
        for (var e : t.namedParameters().entrySet()) if (e.getKey().endsWith("weight")) g += e.getValue().grad() == null ? 0 : e.getValue().grad().norm();
        return g;
    }

    @Test void aSwitchedOffReluBlockGetsNoGradientButALeakyOneDoes() {
        assertEquals(0, gradientWhenSwitchedOff(Activation.relu()));
        assertTrue(gradientWhenSwitchedOff(Activation.leakyRelu(0.01)) > 0);
    }

    /** The {@code 2×2} periodic tiling of a {@code [1, 1, n, n]} image. */
    static NDArray tile(NDArray x) {
        int n = x.shape()[3];
        double[] d = new double[4 * n * n];
        for (int r = 0; r < 2 * n; r++)
            for (int c = 0; c < 2 * n; c++) d[r * 2 * n + c] = x.data()[(r % n) * n + c % n];
        return NDArray.of(DType.F64, new int[] {1, 1, 2 * n, 2 * n}, d);
    }

    @Test void aResizedCopyKeepsTheTrainedWeightsAndCertifiesItselfAtTheNewSize() {
        var t = new AveragedDenoiser(1, 4, 2, 0.05, 0.5, 3, S, S, false, new Rng(17)); // short flows: one sub-step at either size
        var big = t.resized(2 * S, 2 * S, 300);
        t.namedParameters().forEach((k, p) -> assertArrayEquals(p.value().data(), big.namedParameters().get(k).value().data(), 0, k));
        double a = big.averagedness(TOL);
        assertTrue(a < 1, "α at the new size = " + a);
        // circular convolutions: the tiled image's restoration is the tiled restoration
        var rng = new Rng(18);
        NDArray x = rng.normal(DType.F64, 0.5, 0.3, 1, 1, S, S);
        assertArrayEquals(tile(eval(t, x)).data(), eval(big, tile(x)).data(), 1e-12);
        for (int i = 0; i < 10; i++) { // the averagedness inequality with the new size's α
            NDArray u = rng.normal(DType.F64, 0.5, 0.3, 1, 1, 2 * S, 2 * S), v = u.add(rng.normal(DType.F64, 0, i < 5 ? 1 : 0.01, 1, 1, 2 * S, 2 * S));
            NDArray tu = eval(big, u), tv = eval(big, v);
            double duv = u.sub(v).square().sum().item();
            double rhs = duv - (1 - a) / a * u.sub(tu).sub(v.sub(tv)).square().sum().item();
            assertTrue(tu.sub(tv).square().sum().item() <= rhs + 1e-12 * duv, "pair " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> eval(big, x));
    }

    @Test void residualFormIsCertifiedHalfAveragedWhenTheCoreIs() {
        var t = new AveragedDenoiser(1, 4, 1, 0.2, 0.2, 2, S, S, true, new Rng(8));
        assertTrue(t.coreAveragedness(TOL) <= 0.5, "core α = " + t.coreAveragedness(TOL));
        assertEquals(0.5, t.averagedness(TOL));
        var lip = Lipschitz.lowerBound(x -> nonexpansivePart(t, 0.5, x), new Rng(9).normal(DType.F64, 0.5, 0.3, 2, 1, S, S), 0.1, 20, 0.5, 10);
        assertTrue(lip.ratio() <= 1 + 1e-9, "ratio " + lip.ratio());
    }

    @Test void pnpForwardBackwardWithTheUntrainedAveragedDenoiserConverges() {
        var t = net(false, 11);
        double[] d = new double[S * S];
        for (int i = 0; i < d.length; i++) d[i] = (i % S > S / 3 ? 0.8 : 0.2);
        NDArray x = NDArray.of(DType.F64, new int[] {S, S}, d);
        Blur a = Blur.gaussian(1, S, S);
        NDArray y = Noise.gaussian(a.apply(x), 0.02, new Rng(12));
        Restoration r = PlugAndPlay.forwardBackward(a, y, Denoisers.of(t, 1), 1.0 / (a.norm() * a.norm()), 5000, 1e-6);
        assertTrue(r.converged(), "residual " + r.lastResidual() + " after " + r.iterations());
        assertTrue(r.monotone(1e-9), "residuals increased");
        assertTrue(r.lastResidual() <= 1e-6);
        System.out.println("PnP-FBS, untrained averaged denoiser: " + r.iterations() + " iterations, residual " + r.lastResidual());
    }
}
