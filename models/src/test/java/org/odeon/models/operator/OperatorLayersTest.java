package org.odeon.models.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Fourier layers, FNO and Conv-FNO: resolution invariance, exact resizing, gradients, clear errors. */
class OperatorLayersTest {
    /** A 1-D field sampled at n periodic points with frequencies below 3: Σ c_ξ cos(2πξx + φ_ξ), per channel. */
    private static Tensor bandLimited1d(int channels, int n, long seed) {
        Rng r = new Rng(seed);
        double[] c = r.normal(DType.F64, 0, 1, channels, 3, 2).data();
        double[] v = new double[channels * n];
        for (int ch = 0; ch < channels; ch++)
            for (int j = 0; j < n; j++)
                for (int f = 0; f < 3; f++)
                    v[ch * n + j] += c[(ch * 3 + f) * 2] * Math.cos(2 * Math.PI * f * j / n + c[(ch * 3 + f) * 2 + 1]);
        return Tensor.of(new int[] {1, channels, 1, n}, v);
    }

    /** A 2-D periodic field with |ξ₁| ≤ 2, ξ₂ ≤ 2: products of two 1-D band-limited factors, summed. */
    private static Tensor bandLimited2d(int channels, int h, int w, long seed) {
        double[] a = bandLimited1d(2 * channels, h, seed).value().data(), b = bandLimited1d(2 * channels, w, seed + 1).value().data();
        double[] v = new double[channels * h * w];
        for (int ch = 0; ch < channels; ch++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                    v[(ch * h + i) * w + j] = a[2 * ch * h + i] * b[2 * ch * w + j] + a[(2 * ch + 1) * h + i] * b[(2 * ch + 1) * w + j];
        return Tensor.of(new int[] {1, channels, h, w}, v);
    }

    private static double maxDiffOnSharedSamples(Tensor coarse, Tensor fine) {
        Tensor sub = fine.slice(3, 0, fine.dim(3), 2);
        if (fine.dim(2) > 1) sub = sub.slice(2, 0, fine.dim(2), 2);
        return sub.value().sub(coarse.value()).abs().maxValue();
    }

    @Test
    void aSpectralChainGivesTheSameFunctionAtTwoResolutions() {
        Rng rng = new Rng(1);
        List<Module> chain = List.of(new Pointwise(2, 4, true, rng), new FourierBlock(4, 4, 0, false, rng), new FourierBlock(4, 4, 0, false, rng));
        Function<Tensor, Tensor> g = x -> { for (Module m : chain) x = m.forward(x); return x; };
        Tensor at16 = g.apply(bandLimited1d(2, 16, 7)), at64 = g.apply(bandLimited1d(2, 64, 7));
        double fineEvery4 = at64.slice(3, 0, 64, 4).value().sub(at16.value()).abs().maxValue();
        assertTrue(fineEvery4 < 1e-12, "1-D chain differs by " + fineEvery4 + " between 16 and 64 points");

        List<Module> chain2 = List.of(new Pointwise(1, 3, true, rng), new FourierBlock(3, 3, 3, false, rng), new FourierBlock(3, 3, 3, false, rng));
        Function<Tensor, Tensor> g2 = x -> { for (Module m : chain2) x = m.forward(x); return x; };
        double d = maxDiffOnSharedSamples(g2.apply(bandLimited2d(1, 8, 10, 3)), g2.apply(bandLimited2d(1, 16, 20, 3)));
        assertTrue(d < 1e-12, "2-D chain differs by " + d + " between 8×10 and 16×20 points");
    }

    @Test
    void fnoIsAFunctionOfTheSampledFieldNotOfTheGrid() {
        // With GELU the hidden fields are no longer band-limited, so two grids agree only up to aliasing:
        // the gap must shrink as both grids are refined.
        Fno fno = new Fno(new Fno.Config(1, 1, 8, 4, 0, 3, 16, Grid.PERIODIC), new Rng(2));
        double coarse = maxDiffOnSharedSamples(fno.forward(bandLimited1d(1, 16, 5)), fno.forward(bandLimited1d(1, 32, 5)));
        double fine = maxDiffOnSharedSamples(fno.forward(bandLimited1d(1, 64, 5)), fno.forward(bandLimited1d(1, 128, 5)));
        assertTrue(fine < coarse / 4 && fine < 1e-3, "aliasing gap " + coarse + " at 16/32 points, " + fine + " at 64/128");
    }

    @Test
    void resizingCopiesSharedSamplesAndIsExactOnLinearFunctions() {
        Tensor x = bandLimited1d(2, 16, 9);
        assertArrayEquals(x.slice(3, 0, 16, 2).value().data(), Grid.PERIODIC.resize(x, 1, 8).value().data(), 0);
        // Nodes j/(n−1): 9 → 17 → 9 returns the input, and a linear function is interpolated exactly.
        double[] lin = new double[9];
        for (int j = 0; j < 9; j++) lin[j] = 3 * j / 8.0 - 1;
        Tensor l = Tensor.of(new int[] {1, 1, 1, 9}, lin);
        Tensor up = Grid.NODES.resize(l, 1, 17);
        for (int j = 0; j < 17; j++) assertEquals(3 * j / 16.0 - 1, up.value().data()[j], 1e-14);
        assertArrayEquals(lin, Grid.NODES.resize(up, 1, 9).value().data(), 1e-14);
    }

    @Test
    void convFnoSchemesAgreeAtTheTrainingGridAndScheme1IsInterpolationElsewhere() {
        Rng rng = new Rng(4);
        Fno fno = new Fno(new Fno.Config(1 + 4, 1, 8, 3, 3, 2, 8, Grid.NODES), rng);
        Cnn cnn = new Cnn(2, 1 + 2, 8, 4, 2, rng);
        ConvFno s1 = new ConvFno(cnn, fno, 1, ConvFno.Scheme.INPUT, 9, 9), s2 = new ConvFno(cnn, fno, 1, ConvFno.Scheme.FEATURES, 9, 9);
        Tensor a9 = Tensor.constant(new Rng(5).normal(DType.F64, 0, 1, 1, 1, 9, 9));
        assertArrayEquals(s1.forward(a9).value().data(), s2.forward(a9).value().data(), 0);
        Tensor a17 = Grid.NODES.resize(a9, 17, 17);
        Tensor y17 = s1.forward(a17);
        assertArrayEquals(new int[] {1, 1, 17, 17}, y17.shape());
        assertArrayEquals(Grid.NODES.resize(s1.forward(a9), 17, 17).value().data(), y17.value().data(), 1e-12);
        assertArrayEquals(new int[] {1, 1, 17, 17}, s2.forward(a17).shape());
        // the training grid travels with the weights
        assertArrayEquals(new double[] {9, 9}, s1.stateDict().get("trainingGrid").data(), 0);
    }

    @Test
    void badFieldsAreOneLineErrors() {
        Fno fno = new Fno(new Fno.Config(1, 1, 4, 8, 0, 1, 4, Grid.PERIODIC), new Rng(6));
        var tooCoarse = assertThrows(IllegalArgumentException.class, () -> fno.forward(bandLimited1d(1, 12, 1)));
        assertTrue(tooCoarse.getMessage().contains("at least 16 points, got 12"), tooCoarse.getMessage());
        var channels = assertThrows(IllegalArgumentException.class, () -> fno.forward(bandLimited1d(2, 16, 1)));
        assertTrue(channels.getMessage().contains("[B, 1, 1, W], got [1, 2, 1, 16]"), channels.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Fno.Config(1, 1, 0, 4, 0, 1, 4, Grid.PERIODIC));
    }

    record Case(String name, Module m, NDArray x) {
        @Override public String toString() { return name; }
    }

    static Stream<Case> layers() {
        Rng r = new Rng(8);
        return Stream.of(
                new Case("SpectralConv 1-D", SpectralConv.of1d(2, 3, 3, r), r.normal(DType.F64, 0, 1, 2, 2, 1, 7)),
                new Case("SpectralConv 2-D", SpectralConv.of2d(2, 2, 2, 2, r), r.normal(DType.F64, 0, 1, 1, 2, 5, 4)),
                new Case("FourierBlock 2-D", new FourierBlock(2, 2, 2, true, r), r.normal(DType.F64, 0, 1, 1, 2, 4, 4)),
                new Case("FNO 1-D", new Fno(new Fno.Config(1, 1, 3, 2, 0, 2, 4, Grid.PERIODIC), r), r.normal(DType.F64, 0, 1, 2, 1, 1, 6)),
                new Case("Cnn 2-D", new Cnn(2, 1, 3, 2, 2, r), r.normal(DType.F64, 0, 1, 1, 1, 4, 5)),
                new Case("UNet 1-D", new UNet(1, 1, 2, r), r.normal(DType.F64, 0, 1, 1, 1, 1, 9)));
    }

    /** Gradients in the input and in every parameter, first and second order. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void layerGradientsMatchFiniteDifferences(Case c) {
        List<NDArray> inputs = new ArrayList<>(List.of(c.x()));
        boolean small = c.m().parameterCount() < 200;
        if (small) c.m().parameters().forEach(p -> inputs.add(p.value()));
        Function<List<Tensor>, Tensor> f = t -> small ? c.m().callWith(t.subList(1, t.size()), t.get(0)) : c.m().forward(t.get(0));
        double first = GradCheck.firstOrder(f, inputs, 1), second = GradCheck.secondOrder(f, inputs, 2);
        assertTrue(first < 1e-6, c + ": first-order error " + first);
        assertTrue(second < 1e-5, c + ": second-order error " + second);
    }

    /** The certificate is an upper bound: no pair of fields, random or searched, stretches further. */
    @Test
    void certifiedLipschitzBoundsHoldOnRandomAndSearchedPairs() {
        Rng r = new Rng(30);
        SpectralConv one = SpectralConv.of1d(3, 2, 4, r);
        Fno fno = new Fno(new Fno.Config(1, 1, 4, 3, 3, 2, 6, Grid.NODES), r);
        record C(String name, org.odeon.nn.Certified m, java.util.function.UnaryOperator<Tensor> f, int[] shape) {}
        for (C c : List.of(new C("SpectralConv 1-D", one, x -> one.forward(x.reshape(x.dim(0), 3, 1, 12)), new int[] {6, 36}),
                new C("FNO 2-D", fno, x -> fno.forward(x.reshape(x.dim(0), 1, 8, 7)), new int[] {6, 56}))) {
            double bound = c.m().lipschitzBound(1e-6);
            double searched = org.odeon.robust.Lipschitz.lowerBound(c.f(), new Rng(31).normal(DType.F64, 0, 1, c.shape()), 0.5, 40, 0.3, 32).ratio();
            assertTrue(searched <= bound * (1 + 1e-9), c.name() + ": found ratio " + searched + " above the certificate " + bound);
        }
        // the spectral layer's bound is attained: a single kept mode along the top singular vector of its R_ξ
        assertTrue(org.odeon.robust.Lipschitz.lowerBound(x -> one.forward(x.reshape(x.dim(0), 3, 1, 12)), new Rng(33).normal(DType.F64, 0, 1, 8, 36), 0.5, 200, 0.3, 34).ratio()
                > 0.9 * one.lipschitzBound(1e-6));
    }
}
