package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.Erf;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * GELU's fused backward {@code g·(Φ(x) + x·φ(x))} and its float32 kernels: the same values as the composed
 * formula, float32 results within float32 rounding of the float64 ones, and gradients to second order
 * through the fused kernel (its x-part uses {@code gelu″ = φ(2 − x²)}, its g-part itself).
 */
class GeluKernelTest extends GradientCases {

    private static NDArray n(long seed, int... shape) { return new Rng(seed).normal(DType.F64, 0, 1.5, shape); }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("gelu", t -> t.get(0).gelu(), List.of(n(21, 3, 4))),
                new Case("gelu of a product (both factors get gelu′)", t -> t.get(0).mul(t.get(1)).gelu().sum(), List.of(n(22, 2, 5), n(23, 2, 5))),
                new Case("gelu of gelu", t -> t.get(0).gelu().gelu(), List.of(n(24, 4, 3))));
    }

    private static double[] grid(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * i / (n - 1);
        return x;
    }

    @Test void theFusedGradientIsTheComposedFormula() {
        double[] xs = grid(-12, 12, 4801), gs = new Rng(25).normal(DType.F64, 0, 1, xs.length).data();
        double[] fused = NDArray.of(new int[] {xs.length}, gs).geluGrad(NDArray.of(new int[] {xs.length}, xs)).data();
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i], phi = 0.5 * (1 + Erf.erf(x / Math.sqrt(2))), pdf = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            double want = gs[i] * (phi + x * pdf);
            assertEquals(want, fused[i], 4e-16 * Math.abs(gs[i]) * (1 + Math.abs(x * pdf)), "g·gelu′(" + x + ")");
        }
    }

    @Test void float32KernelsAreWithinFloat32RoundingOfFloat64() {
        double[] xs = grid(-9, 9, 3601);
        NDArray x64 = NDArray.of(new int[] {xs.length}, xs), x32 = x64.astype(DType.F32);
        NDArray g32 = new Rng(26).normal(DType.F32, 0, 1, xs.length), g64 = g32.astype(DType.F64);
        double[] x = x32.astype(DType.F64).data();   // the float32 inputs exactly
        double[] gelu64 = x32.astype(DType.F64).gelu().data(), gelu32 = x32.gelu().astype(DType.F64).data();
        double[] grad64 = g64.geluGrad(x32.astype(DType.F64)).data(), grad32 = g32.geluGrad(x32).astype(DType.F64).data();
        assertEquals(DType.F32, x32.gelu().dtype());
        for (int i = 0; i < x.length; i++) {
            assertEquals(gelu64[i], gelu32[i], 1.2e-7 * Math.abs(gelu64[i]) + 1e-45, "gelu(" + x[i] + ") in float32");
            assertEquals(grad64[i], grad32[i], 1.2e-7 * Math.abs(grad64[i]) + 1e-45, "g·gelu′(" + x[i] + ") in float32");
        }
    }

    @Test void theFloat32CdfAndSlopeAreAccurateBelowFloat32Rounding() {
        double worst = 0;
        double slope = 0;
        for (double x : grid(-13, 8, 20001)) {
            worst = Math.max(worst, Math.abs(Erf.normalCdfFloat(x) / Erf.normalCdf(x) - 1));
            double exact = Erf.normalCdf(x) + x * Erf.normalPdf(x);
            slope = Math.max(slope, Math.abs(Erf.geluSlopeFloat(x) - exact) / Math.max(Math.abs(exact), 1e-300));
        }
        assertTrue(worst < 1e-9, "relative error of the float32 Φ: " + worst);
        assertTrue(slope < 3e-8, "relative error of the float32 gelu′: " + slope);
    }

    @Test void theValueAndSlopeInOnePassAreGeluAndItsFusedGradient() {
        double[] xs = grid(-12, 12, 4801);
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            NDArray x = NDArray.of(new int[] {xs.length}, xs).astype(t), ones = NDArray.full(t, 1.0, xs.length);
            NDArray[] ys = x.geluWithSlope();
            assertEquals(t, ys[0].dtype());
            assertEquals(t, ys[1].dtype());
            assertTrue(java.util.Arrays.equals(x.gelu().astype(DType.F64).data(), ys[0].astype(DType.F64).data()), "gelu in one pass, " + t);
            assertTrue(java.util.Arrays.equals(ones.geluGrad(x).astype(DType.F64).data(), ys[1].astype(DType.F64).data()), "gelu′ in one pass, " + t);
        }
    }

    @Test void theFloat32BackwardThroughTheKeptSlopeIsTheFusedKernel() {
        NDArray x = n(29, 40, 50).astype(DType.F32), g = n(30, 40, 50).astype(DType.F32);
        Tensor p = Tensor.param(x);
        p.gelu().mulConst(g).sum().backward();
        double[] want = g.geluGrad(x).astype(DType.F64).data(), got = p.grad().astype(DType.F64).data();
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1.2e-7 * Math.abs(want[i]) + 1e-45, "g·gelu′ at " + i);
    }

    @Test void theFusedBackwardIsWhatTensorGeluUses() {
        NDArray x = n(27, 5, 6), g = n(28, 5, 6);
        Tensor p = Tensor.param(x);
        p.gelu().mulConst(g).sum().backward();
        assertTrue(java.util.Arrays.equals(g.geluGrad(x).data(), p.grad().data()), "backward of gelu = the fused kernel");
    }
}
