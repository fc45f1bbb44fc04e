package org.odeon.inverse;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class InverseTest {
    private static double dot(NDArray a, NDArray b) { return a.mul(b).sum().item(); }

    /** A smooth 24×20 test image with an edge. */
    static NDArray scene(int h, int w) {
        double[] d = new double[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) d[y * w + x] = (x > w / 3 && y > h / 4 && y < 3 * h / 4 ? 0.8 : 0.2) + 0.1 * Math.sin(0.3 * x + 0.2 * y);
        return NDArray.of(DType.F64, new int[] {h, w}, d);
    }

    @Test void blurAdjointsAreExact() {
        var rng = new Rng(3);
        for (Blur a : new Blur[] {Blur.gaussian(1.5, 24, 20), Blur.motion(7, 30, 24, 20), Blur.motion(5, 0, 17, 15), Blur.identity(24, 20)}) {
            int h = a.height(), w = a.width();
            NDArray x = rng.normal(DType.F64, 0, 1, 2, h, w), y = rng.normal(DType.F64, 0, 1, 2, h, w);
            assertEquals(dot(a.apply(x), y), dot(x, a.adjoint(y)), 1e-12, a.toString());
        }
    }

    @Test void blurIsTheCircularConvolutionWithItsKernelAndItsNormIsExact() {
        var rng = new Rng(4);
        NDArray k = rng.uniform(DType.F64, 0, 1, 3, 3);
        Blur a = Blur.of("k", k, 8, 9);
        NDArray x = rng.normal(DType.F64, 0, 1, 8, 9), ax = a.apply(x);
        for (int y = 0; y < 8; y++)
            for (int c = 0; c < 9; c++) {
                double s = 0;
                for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) s += k.get(i, j) * x.get(Math.floorMod(y - i + 1, 8), Math.floorMod(c - j + 1, 9));
                assertEquals(s, ax.get(y, c), 1e-12);
            }
        // power iteration on AᵀA from below reaches the claimed norm; no vector exceeds it
        NDArray v = rng.normal(DType.F64, 0, 1, 8, 9);
        for (int i = 0; i < 500; i++) { v = a.adjoint(a.apply(v)); v = v.mul(1 / v.norm()); }
        assertEquals(a.norm(), a.apply(v).norm(), 1e-9);
        assertEquals(1, Blur.gaussian(1, 16, 16).norm(), 1e-12); // normalised positive kernel: |K̂(0)| = 1
        assertEquals(1, Blur.motion(9, 45, 16, 16).norm(), 1e-12);
    }

    @Test void solveNormalInvertsAtAPlusLambda() {
        var rng = new Rng(5);
        Blur a = Blur.motion(6, 60, 12, 14);
        NDArray v = rng.normal(DType.F64, 0, 1, 12, 14), x = a.solveNormal(v, 0.3);
        assertEquals(0, a.adjoint(a.apply(x)).add(x.mul(0.3)).sub(v).norm(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> a.solveNormal(v, 0));
        assertThrows(IllegalArgumentException.class, () -> a.apply(NDArray.zeros(DType.F64, 12, 13)));
    }

    @Test void wienerAndTvImproveOnTheBlurredNoisyImage() {
        NDArray x = scene(32, 32);
        Blur a = Blur.gaussian(1.2, 32, 32);
        NDArray y = Noise.gaussian(a.apply(x), 0.02, new Rng(6));
        double degraded = Noise.psnr(y, x);
        double wiener = Noise.psnr(Classical.wiener(a, y, 0.01), x);
        Restoration tv = Classical.tv(a, y, 0.01, 300, 1e-7);
        assertTrue(wiener > degraded, wiener + " vs " + degraded);
        assertTrue(Noise.psnr(tv.estimate(), x) > degraded, Noise.psnr(tv.estimate(), x) + " vs " + degraded);
    }

    @Test void tvDenoisingBeatsTheNoisyImageAndConverges() {
        NDArray x = scene(32, 32);
        NDArray y = Noise.gaussian(x, 0.1, new Rng(7));
        Restoration tv = Classical.tv(Blur.identity(32, 32), y, 0.08, 2000, 1e-6);
        assertTrue(Noise.psnr(tv.estimate(), x) > Noise.psnr(y, x) + 3);
        assertTrue(tv.converged(), "last residual " + tv.lastResidual());
        assertTrue(Noise.psnr(Classical.gaussianFilter(y, 1), x) > Noise.psnr(y, x));
    }

    @Test void pnpWithAProximalMapConvergesMonotonically() {
        // soft-thresholding-free check: D = prox of ½μ‖x‖², an averaged (firmly non-expansive) map
        NDArray x = scene(16, 16);
        Blur a = Blur.gaussian(1, 16, 16);
        NDArray y = Noise.gaussian(a.apply(x), 0.01, new Rng(8));
        var fbs = PlugAndPlay.forwardBackward(a, y, v -> v.mul(1 / 1.05), 1.0, 2000, 1e-10);
        assertTrue(fbs.converged() && fbs.monotone(1e-9), "FBS residual " + fbs.lastResidual());
        var admm = PlugAndPlay.admm(a, y, v -> v.mul(1 / 1.05), 1.0, 2000, 1e-10);
        assertTrue(admm.converged(), "ADMM residual " + admm.lastResidual());
        // both reach the minimiser of ½‖Ax − y‖² + (0.05/2)‖x‖²: x = (AᵀA + 0.05 I)⁻¹Aᵀy
        NDArray exact = Classical.wiener(a, y, 0.05);
        assertEquals(0, fbs.estimate().sub(exact).norm(), 1e-7);
    }

    @Test void ssimIsOneForIdenticalImagesAndFallsWithNoise() {
        NDArray x = scene(20, 20);
        assertEquals(1, Noise.ssim(x, x), 1e-12);
        double light = Noise.ssim(Noise.gaussian(x, 0.02, new Rng(1)), x), heavy = Noise.ssim(Noise.gaussian(x, 0.2, new Rng(1)), x);
        assertTrue(heavy < light && light < 1, heavy + " " + light);
        assertEquals(10 * Math.log10(1 / 0.01), Noise.psnr(x.add(0.1), x), 1e-9);
    }
}
