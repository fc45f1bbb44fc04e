package org.odeon.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class LbfgsTest {

    /**
     * f = ½(x − x*)ᵀA(x − x*) with A = QᵀDQ, eigenvalues 1..κ spread geometrically, Q a random orthogonal
     * matrix. Written about its minimiser so that f itself, not only its gradient, resolves x to 1e-10 in doubles.
     */
    static final class Quadratic implements Lbfgs.Function {
        final int n;
        final double[][] a;
        final double[] solution;

        Quadratic(int n, double kappa, long seed) {
            this.n = n;
            Rng rnd = new Rng(seed);
            double[][] q = new double[n][n];
            for (int i = 0; i < n; i++) {  // Gram–Schmidt on random rows
                for (int j = 0; j < n; j++) q[i][j] = rnd.normal();
                for (int k = 0; k < i; k++) {
                    double p = 0;
                    for (int j = 0; j < n; j++) p += q[i][j] * q[k][j];
                    for (int j = 0; j < n; j++) q[i][j] -= p * q[k][j];
                }
                double norm = 0;
                for (int j = 0; j < n; j++) norm += q[i][j] * q[i][j];
                for (int j = 0; j < n; j++) q[i][j] /= Math.sqrt(norm);
            }
            a = new double[n][n];
            for (int k = 0; k < n; k++) {
                double lambda = Math.pow(kappa, k / (n - 1.0));
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) a[i][j] += q[k][i] * lambda * q[k][j];
            }
            solution = new double[n];
            for (int i = 0; i < n; i++) solution[i] = rnd.normal();
        }

        @Override public double valueAndGradient(double[] x, double[] g) {
            double f = 0;
            for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) ax += a[i][j] * (x[j] - solution[j]);
                g[i] = ax;
                f += 0.5 * (x[i] - solution[i]) * ax;
            }
            return f;
        }
    }

    /** Rosenbrock's valley f = Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1). */
    static final Lbfgs.Function ROSENBROCK = (x, g) -> {
        double f = 0;
        java.util.Arrays.fill(g, 0);
        for (int i = 0; i + 1 < x.length; i++) {
            double u = x[i + 1] - x[i] * x[i], v = 1 - x[i];
            f += 100 * u * u + v * v;
            g[i] += -400 * x[i] * u - 2 * v;
            g[i + 1] += 200 * u;
        }
        return f;
    };

    private static Lbfgs solver(int n, int memory) { return solver(n, memory, 0.9); }

    private static Lbfgs solver(int n, int memory, double curvature) {
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("x", new Parameter(NDArray.zeros(DType.F64, n)));
        return new Lbfgs(p, memory, 25, curvature);
    }

    private static double distance(double[] x, double[] y) {
        double d = 0;
        for (int i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
        return d;
    }

    @Test void withANearlyExactLineSearchSolvesAQuadraticToTenDigitsInAboutNIterations() {
        int n = 10;
        Quadratic q = new Quadratic(n, 100, 3);
        Lbfgs opt = solver(n, n, 1e-3);
        double[] x = new double[n];
        int iterations = 0;
        while (distance(x, q.solution) > 1e-10 && iterations < 100) {
            opt.iterate(x, q);
            iterations++;
        }
        assertTrue(distance(x, q.solution) <= 1e-10, "not solved: max error " + distance(x, q.solution));
        assertTrue(iterations <= n + 5, "took " + iterations + " iterations for n = " + n);
    }

    @Test void solvesRosenbrockTo1e8WithEveryLossBelowTheLast() {
        Lbfgs opt = solver(2, 5);
        double[] x = {-1.2, 1};
        double last = ROSENBROCK.valueAndGradient(x.clone(), new double[2]);
        for (int k = 0; k < 200 && distance(x, new double[] {1, 1}) > 1e-8; k++) {
            double f = opt.iterate(x, ROSENBROCK);
            assertTrue(f <= last, "loss rose from " + last + " to " + f + " at iteration " + k);
            last = f;
        }
        assertEquals(1, x[0], 1e-8);
        assertEquals(1, x[1], 1e-8);
        assertTrue(opt.iterations() < 100, "took " + opt.iterations() + " iterations");
    }

    @Test void solvesATenDimensionalRosenbrockWithASmallMemory() {
        Lbfgs opt = solver(10, 3);
        double[] x = new double[10];
        for (int k = 0; k < 500 && distance(x, java.util.stream.DoubleStream.generate(() -> 1).limit(10).toArray()) > 1e-8; k++) opt.iterate(x, ROSENBROCK);
        for (double v : x) assertEquals(1, v, 1e-8);
    }

    @Test void aStepOnParametersMinimisesTheTensorLossAndLeavesTheMinimiserInThem() {
        // least squares ‖W·a − t‖² for a 2×3 W: the minimiser W = t·a⁺ is found through autograd
        Map<String, Parameter> p = new LinkedHashMap<>();
        Parameter w = new Parameter(NDArray.zeros(DType.F64, 2, 3));
        p.put("w", w);
        NDArray a = NDArray.of(new int[] {3, 4}, 1, 2, 0, -1, 0, 1, 3, 2, 2, 0, 1, 1), target = NDArray.of(new int[] {2, 4}, 1, 0, 2, 3, -1, 1, 0, 2);
        Lbfgs opt = new Lbfgs(p);
        double f = Double.NaN;
        for (int k = 0; k < 50; k++) f = opt.step(() -> w.tensor().matmul(Tensor.constant(a)).sub(Tensor.constant(target)).square().sum());
        // normal equations: W·(a·aᵀ) = t·aᵀ
        double[][] residual = new double[2][3];
        double[] wv = w.value().data(), av = a.data(), tv = target.data();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++) {
                    double wa = 0;
                    for (int l = 0; l < 3; l++) wa += wv[i * 3 + l] * av[l * 4 + k];
                    residual[i][j] += (wa - tv[i * 4 + k]) * av[j * 4 + k];
                }
        for (double[] r : residual) for (double v : r) assertEquals(0, v, 1e-9);
        assertEquals(f, w.tensor().matmul(Tensor.constant(a)).sub(Tensor.constant(target)).square().sum().item(), 1e-12, "the returned loss is the parameters' loss");
    }

    @Test void aRestoredStateContinuesExactlyAsTheOriginal() {
        Lbfgs first = solver(10, 4), second = solver(10, 4);
        double[] x = new double[10];
        for (int k = 0; k < 7; k++) first.iterate(x, ROSENBROCK);
        double[] y = x.clone();
        second.loadState(first.state());
        for (int k = 0; k < 5; k++) assertEquals(first.iterate(x, ROSENBROCK), second.iterate(y, ROSENBROCK));
        assertArrayEquals(x, y);
        assertEquals(first.evaluations(), second.evaluations());
        assertEquals(first.pairs(), second.pairs());
    }

    @Test void badSettingsAndStatesAreNamed() {
        Map<String, Parameter> p = Map.of("x", new Parameter(NDArray.zeros(DType.F64, 2)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lbfgs(p, 0, 10, 0.9)).getMessage().contains("memory"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lbfgs(p, 5, 0, 0.9)).getMessage().contains("evaluation"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lbfgs(p, 5, 10, 1)).getMessage().contains("c2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lbfgs(p, 5, 10, Double.NaN)).getMessage().contains("c2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lbfgs(Map.of(), 5, 10, 0.9)).getMessage().contains("parameter"));
        Lbfgs opt = new Lbfgs(p, 5, 10, 0.9);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> opt.iterate(new double[3], ROSENBROCK)).getMessage().contains("2 unknowns"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> opt.iterate(new double[2], (x, g) -> Double.NaN)).getMessage().contains("not finite"));
        Map<String, NDArray> wrong = new LinkedHashMap<>(solver(2, 4).state());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> opt.loadState(wrong)).getMessage().contains("'s'"));
        Map<String, NDArray> bad = new LinkedHashMap<>(opt.state());
        bad.put("pairs", NDArray.scalar(9));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> opt.loadState(bad)).getMessage().contains("pairs"));
    }

    @Test void atAMinimumAStepDoesNotMove() {
        Lbfgs opt = solver(2, 5);
        double[] x = {1, 1};
        assertEquals(0, opt.iterate(x, ROSENBROCK));
        assertArrayEquals(new double[] {1, 1}, x);
    }
}
