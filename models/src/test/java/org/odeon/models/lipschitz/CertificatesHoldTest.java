package org.odeon.models.lipschitz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Flatten;
import org.odeon.nn.GroupSort;
import org.odeon.nn.Init;
import org.odeon.nn.Linear;
import org.odeon.nn.Module;
import org.odeon.nn.Pool2d;
import org.odeon.nn.Sequential;
import org.odeon.robust.Lipschitz;
import org.odeon.robust.Normalize;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every layer type and regime, on random weights: no pair of points — random, or found by
 * gradient ascent on the ratio — has {@code ‖f(x) − f(y)‖/‖x − y‖} above the certified bound, and
 * the regimes that promise non-expansiveness certify at most 1.
 */
@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class CertificatesHoldTest {
    static final double TOL = 1e-4;
    static final Operator DENSE = new Operator.Dense(6, 6);
    static final Operator CONV = Operator.Convolution.same(2, 2, 3, 5, 5);
    static final Operator STRIDED = new Operator.Convolution(2, 3, 3, 2, 1, IndexMap.Pad.CIRCULAR, 6, 6);

    record Case(String name, Function<Rng, Module> build, int[] inputShape, boolean nonExpansive) {
        @Override public String toString() { return name; }
    }

    static Stream<Arguments> layers() {
        Stream.Builder<Case> b = Stream.builder();
        for (Operator op : new Operator[] {DENSE, CONV}) {
            String k = op instanceof Operator.Dense ? "dense" : "conv";
            int[] in = op.inputShape();
            b.add(new Case(k + " potential gradient Aᵀσ(Ax + b)", r -> potential(op, Double.POSITIVE_INFINITY, 0.7, r), in, false));
            b.add(new Case(k + " negative step", r -> GradientStep.negative(potential(op, 1, r), 1.9), in, true));
            b.add(new Case(k + " negative step, unnormalised A", r -> GradientStep.negative(potential(op, Double.POSITIVE_INFINITY, r), 5), in, true));
            b.add(new Case(k + " damped step", r -> GradientStep.damped(potential(op, 1, r), 0.5, 1), in, true));
            b.add(new Case(k + " expansive step", r -> GradientStep.expansive(potential(op, 1, r), 0.7, 0.7), in, false));
            b.add(new Case(k + " unconstrained step", r -> GradientStep.unconstrained(potential(op, Double.POSITIVE_INFINITY, r), -2), in, false));
            for (StepPair.Mixing m : StepPair.Mixing.values())
                b.add(new Case(k + " " + m + " pair", r -> scaled(StepPair.of(m, op, r), 3), in,
                        m == StepPair.Mixing.CONTRACTIVE || m == StepPair.Mixing.PRESCRIBED));
            for (Regime g : Regime.values()) b.add(new Case(k + " " + g + " block", r -> g.block(op, r), in, g.constrained() && g != Regime.FLEXIBLE));
            b.add(new Case(k + " adaptive flow (A scaled ×2)", r -> scaled(new AdaptiveFlow(potential(op, Double.POSITIVE_INFINITY, 0.25, r), 1.5), 2), in, true));
            b.add(new Case(k + " averaged flow α=0.5", r -> new AdaptiveFlow(potential(op, Double.POSITIVE_INFINITY, 0.25, r), 2, 0.5, 64), in, true));
            b.add(new Case(k + " spectral normalised", r -> new SpectralNormalized(op, 1, true, Init.normal(0, 3), r), in, true));
        }
        b.add(new Case("strided circular conv, spectral normalised", r -> new SpectralNormalized(STRIDED, 0.5, true, Init.normal(0, 1), r), STRIDED.inputShape(), true));
        b.add(new Case("dense orthogonal (exp), 6 → 4", r -> new OrthogonalLinear(6, 4, OrthogonalLinear.Map.EXPONENTIAL, true, r), new int[] {6}, true));
        b.add(new Case("dense orthogonal (Cayley), 4 → 6", r -> new OrthogonalLinear(4, 6, OrthogonalLinear.Map.CAYLEY, true, r), new int[] {4}, true));
        b.add(new Case("max pool 2×2", r -> Pool2d.max(2, 2), new int[] {2, 6, 6}, true));
        b.add(new Case("overlapping max pool 3×3 stride 1", r -> Pool2d.max(3, 1), new int[] {1, 5, 5}, false));
        b.add(new Case("average pool 3×3 stride 2", r -> Pool2d.avg(3, 2), new int[] {2, 7, 7}, false));
        b.add(new Case("GroupSort(3)", r -> new GroupSort(3), new int[] {6}, true));
        b.add(new Case("linear 5 → 3", r -> new Linear(5, 3, r), new int[] {5}, false));
        for (IndexMap.Pad pad : IndexMap.Pad.values()) {
            b.add(new Case("conv2d 3×3 stride 2, " + pad + " padding", r -> new org.odeon.nn.Conv2d(2, 3, 3, 2, 1, pad, true, Init.lecunUniform(), r), new int[] {2, 6, 6}, false));
            b.add(new Case("transposed conv2d 3×3 stride 2, " + pad + " padding",
                    r -> new org.odeon.nn.ConvTranspose2d(3, 2, 3, 2, 1, 1, pad, true, Init.lecunUniform(), r), new int[] {3, 3, 3}, false));
        }
        for (Activation a : new Activation[] {Activation.relu(), Activation.leakyRelu(-1.5), Activation.tanh(), Activation.sigmoid(), Activation.softplus()})
            b.add(new Case(a.toString(), r -> a, new int[] {4}, a.lipschitzBound(0) <= 1));
        b.add(new Case("sequential: flatten, linear, tanh, linear", r -> new Sequential(new Flatten(), new Linear(6, 8, r), Activation.tanh(), new Linear(8, 2, r)),
                new int[] {2, 3}, false));
        b.add(new Case("normalisation", r -> new Normalize(new double[] {0.5, 0.2}, new double[] {0.3, 0.6}), new int[] {2, 3, 3}, false));
        b.add(new Case("fixed-width 1-Lipschitz ResNet", r -> new FixedWidthResNet(2, 5, 4, 3, r), new int[] {2}, true));
        return b.build().map(Arguments::of);
    }

    static Potential potential(Operator op, double maxNorm, Rng r) { return potential(op, maxNorm, 1, r); }

    static Potential potential(Operator op, double maxNorm, double std, Rng r) { return new Potential(op, Activation.relu(), maxNorm, Init.normal(0, std), r); }

    /** Multiplies every weight by {@code s} and projects, as a large optimizer step would. */
    static Module scaled(Module m, double s) {
        m.namedParameters().forEach((n, p) -> { if (n.endsWith("weight")) p.value().scaleInPlace(s); });
        for (int i = 0; i < 5; i++) m.project();
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void noPairExceedsTheCertifiedBound(Case c) {
        Rng rng = new Rng(c.name().hashCode());
        Module f = c.build().apply(rng);
        f.eval();
        double bound = Lipschitz.bound(f, TOL);
        NDArray starts = rng.normal(DType.F64, 0.5, 1, batch(12, c.inputShape()));
        double random = randomPairs(f, starts, rng);
        double searched = Lipschitz.lowerBound(f, starts, 0.3, 40, 0.2, 7).ratio();
        assertTrue(random <= bound * (1 + 1e-9), c + ": random pair ratio " + random + " exceeds bound " + bound);
        assertTrue(searched <= bound * (1 + 1e-9), c + ": searched pair ratio " + searched + " exceeds bound " + bound);
        if (c.nonExpansive()) assertTrue(bound <= 1 + 2 * TOL + 0.03, c + ": promises Lip ≤ 1, certified " + bound);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linearMaps")
    void theCertificatesOfLinearMapsAreTight(Case c) {
        Rng rng = new Rng(c.name().hashCode());
        Module f = c.build().apply(rng);
        f.eval();
        double bound = Lipschitz.bound(f, TOL);
        double searched = Lipschitz.lowerBound(f, rng.normal(DType.F64, 0, 1, batch(4, c.inputShape())), 1, 300, 0.5, 3).ratio();
        assertTrue(searched >= 0.97 * bound && searched <= bound * (1 + 1e-9), c + ": searched " + searched + ", certified " + bound);
    }

    static Stream<Arguments> linearMaps() {
        return Stream.of(
                new Case("dense spectral normalised", r -> new SpectralNormalized(DENSE, 1, true, Init.normal(0, 3), r), DENSE.inputShape(), true),
                new Case("conv spectral normalised", r -> new SpectralNormalized(CONV, 1, true, Init.normal(0, 3), r), CONV.inputShape(), true),
                new Case("strided circular conv, unnormalised", r -> new SpectralNormalized(STRIDED, Double.POSITIVE_INFINITY, false, Init.normal(0, 1), r), STRIDED.inputShape(), false),
                new Case("orthogonal (exp)", r -> new OrthogonalLinear(5, 5, OrthogonalLinear.Map.EXPONENTIAL, false, r), new int[] {5}, true),
                new Case("linear 4 → 7", r -> new Linear(4, 7, r), new int[] {4}, false),
                new Case("average pool 2×2", r -> Pool2d.avg(2, 2), new int[] {1, 4, 4}, true))
                .map(Arguments::of);
    }

    static double randomPairs(Module f, NDArray x, Rng rng) {
        double worst = 0;
        try (var ng = GradMode.off()) {
            for (double spread : new double[] {1e-3, 0.1, 2}) {
                NDArray y = x.add(rng.normal(DType.F64, 0, spread, x.shape()));
                NDArray fx = f.forward(Tensor.constant(x)).value(), fy = f.forward(Tensor.constant(y)).value();
                int n = x.dim(0), m = x.size() / n, k = fx.size() / n;
                for (int i = 0; i < n; i++) {
                    double num = 0, den = 0;
                    for (int j = 0; j < k; j++) num += sq(fx.data()[i * k + j] - fy.data()[i * k + j]);
                    for (int j = 0; j < m; j++) den += sq(x.data()[i * m + j] - y.data()[i * m + j]);
                    worst = Math.max(worst, Math.sqrt(num / den));
                }
            }
        }
        return worst;
    }

    static double sq(double v) { return v * v; }

    static int[] batch(int n, int[] s) {
        int[] b = new int[s.length + 1];
        b[0] = n;
        System.arraycopy(s, 0, b, 1, s.length);
        return b;
    }

}
