package org.odeon.pde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.io.MalformedFileException;
import org.odeon.io.Npz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The PDE data generators against known solutions, and their cache's checks. */
class PdeDataTest {
    /**
     * Cole–Hopf: {@code u = −2ν φ_x/φ} solves Burgers when {@code φ_t = ν φ_xx}; with
     * {@code φ = 1 + ½e^{−4π²νt} cos 2πx} this is {@code u = 4πν·½e^{−4π²νt} sin 2πx / φ}.
     */
    private static double[] coleHopf(double nu, double t, int n) {
        double[] u = new double[n];
        double d = 0.5 * Math.exp(-4 * Math.PI * Math.PI * nu * t);
        for (int j = 0; j < n; j++) {
            double x = j / (double) n;
            u[j] = 4 * Math.PI * nu * d * Math.sin(2 * Math.PI * x) / (1 + d * Math.cos(2 * Math.PI * x));
        }
        return u;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void burgersMatchesTheColeHopfSolutionToT1() {
        double nu = 0.1;
        for (int n : new int[] {256, 8192}) {
            double[] u = new PeriodicBurgers(nu, n).solve(coleHopf(nu, 0, n), 1, 200);
            double err = maxAbsDiff(u, coleHopf(nu, 1, n));
            assertTrue(err < 1e-10, n + " points: max error " + err + " against Cole–Hopf");
        }
    }

    @Test
    void burgersOnGrfDataAgreesWithAFinerGridAndSmallerSteps() {
        double[] fine = new GaussianRandomField(625, 25, 2, 512).periodic(8192, new Rng(3));
        double[] coarse = new double[1024];
        for (int j = 0; j < 1024; j++) coarse[j] = fine[8 * j];
        double[] ref = new PeriodicBurgers(0.1, 8192).solve(fine, 1, 400), u = new PeriodicBurgers(0.1, 1024).solve(coarse, 1, 200);
        double[] refSub = new double[1024];
        for (int j = 0; j < 1024; j++) refSub[j] = ref[8 * j];
        double err = maxAbsDiff(u, refSub);
        assertTrue(err < 1e-8, "1024 points, 200 steps vs 8192 points, 400 steps: " + err);
    }

    /** {@code u = sin πx sin πy · e^x}, {@code a = 2 + sin(2x + y)}, {@code f = −∇·(a∇u)}: second-order convergence. */
    @Test
    void darcyConvergesAtSecondOrderToAManufacturedSolution() {
        double[] errs = new double[2];
        int[] sizes = {33, 65};
        for (int c = 0; c < 2; c++) {
            int s = sizes[c];
            double[] a = new double[s * s], f = new double[s * s], exact = new double[s * s];
            for (int i = 0; i < s; i++)
                for (int j = 0; j < s; j++) {
                    double x = i / (s - 1.0), y = j / (s - 1.0);
                    double sx = Math.sin(Math.PI * x), cx = Math.cos(Math.PI * x), sy = Math.sin(Math.PI * y), cy = Math.cos(Math.PI * y), ex = Math.exp(x);
                    double u = sx * sy * ex, ux = (Math.PI * cx + sx) * sy * ex, uy = Math.PI * sx * cy * ex;
                    double uxx = (-Math.PI * Math.PI * sx + 2 * Math.PI * cx + sx) * sy * ex, uyy = -Math.PI * Math.PI * u;
                    double av = 2 + Math.sin(2 * x + y), ax = 2 * Math.cos(2 * x + y), ay = Math.cos(2 * x + y);
                    a[i * s + j] = av;
                    f[i * s + j] = -(ax * ux + av * uxx + ay * uy + av * uyy);
                    exact[i * s + j] = u;
                }
            errs[c] = maxAbsDiff(new Darcy(s).solve(a, f), exact);
        }
        double order = Math.log(errs[0] / errs[1]) / Math.log(2);
        assertTrue(errs[1] < 1e-3 && order > 1.9 && order < 2.1, "errors " + errs[0] + ", " + errs[1] + ": order " + order);
    }

    @Test
    void randomFieldsHaveTheirCovariance() {
        GaussianRandomField burgers = new GaussianRandomField(625, 25, 2, 64), darcy = new GaussianRandomField(1, 9, 2, 16);
        double expect1 = 0, expect2 = 0;   // pointwise variance Σ_k σ_k² φ_k(x)²
        for (int k = 0; k <= 64; k++) expect1 += (k == 0 ? 1 : 2) * Math.pow(burgers.coefficientStd(4 * Math.PI * Math.PI * k * k), 2);
        for (int k = 0; k < 16; k++)      // at the corner x = y = 0 every cos is 1
            for (int l = 0; l < 16; l++) expect2 += (k == 0 ? 1 : 2) * (l == 0 ? 1 : 2) * Math.pow(darcy.coefficientStd(Math.PI * Math.PI * (k * k + l * l)), 2);
        Rng rng = new Rng(9);
        double v1 = 0, v2 = 0;
        int trials = 4000;
        for (int t = 0; t < trials; t++) {
            v1 += Math.pow(burgers.periodic(32, rng)[5], 2);
            v2 += Math.pow(darcy.neumann(9, rng)[0], 2);
        }
        assertEquals(expect1, v1 / trials, 0.06 * expect1);
        assertEquals(expect2, v2 / trials, 0.06 * expect2);
    }

    @Test
    void dataIsGeneratedOnceAndReusedAndBadFilesAreOneLineErrors(@TempDir Path dir) throws Exception {
        var spec = new OperatorData.BurgersSpec(3, 5, 0.1, 1, 256, 50, 64);
        OperatorData.Pairs first = OperatorData.burgers(dir, spec);
        Path file = dir.resolve(spec.file());
        long stamp = Files.getLastModifiedTime(file).toMillis();
        OperatorData.Pairs again = OperatorData.burgers(dir, spec);
        assertEquals(stamp, Files.getLastModifiedTime(file).toMillis());
        assertArrayEquals(first.u().data(), again.u().data(), 0);
        assertArrayEquals(new int[] {3, 1, 1, 64}, first.a().shape());

        var darcy = new OperatorData.DarcySpec(2, 1, 17, 2);
        OperatorData.Pairs d = OperatorData.darcy(dir, darcy);
        assertArrayEquals(new int[] {2, 1, 9, 9}, d.u().shape());
        for (double v : d.a().data()) assertTrue(v == 3 || v == 12);

        // another spec in the expected file name, a wrong shape, NaN, garbage: one line each
        Map<String, NDArray> arrays = Npz.read(file);
        Npz.write(file, Map.of("a", arrays.get("a"), "u", arrays.get("u"), "spec", NDArray.of(new int[] {7}, 3, 6, 0.1, 1, 256, 50, 64)));
        var other = assertThrows(MalformedFileException.class, () -> OperatorData.burgers(dir, spec));
        assertTrue(other.getMessage().contains("made with settings") && !other.getMessage().contains("\n"), other.getMessage());
        Npz.write(file, Map.of("a", arrays.get("a").reshape(3, 1, 64, 1), "u", arrays.get("u"), "spec", arrays.get("spec")));
        assertTrue(assertThrows(MalformedFileException.class, () -> OperatorData.burgers(dir, spec)).getMessage().contains("array a has shape [3, 1, 64, 1]"));
        double[] withNan = arrays.get("u").toArray();   // data() of a float32 array is a copy: build the array anew
        withNan[7] = Double.NaN;
        NDArray nan = NDArray.of(arrays.get("u").dtype(), arrays.get("u").shape(), withNan);
        Npz.write(file, Map.of("a", arrays.get("a"), "u", nan, "spec", arrays.get("spec")));
        assertTrue(assertThrows(MalformedFileException.class, () -> OperatorData.burgers(dir, spec)).getMessage().contains("non-finite"));
        Files.writeString(file, "not a zip");
        var garbage = assertThrows(MalformedFileException.class, () -> OperatorData.burgers(dir, spec));
        assertTrue(garbage.getMessage().startsWith(file.toString()), garbage.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OperatorData.DarcySpec(2, 1, 17, 3));
    }
}
