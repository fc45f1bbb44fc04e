package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Derivatives of derivatives: Hessian-vector products, third derivatives, Jacobians. */
class HigherOrderTest {
    private final Rng rng = new Rng(2024);

    private Tensor mlp(Tensor x, NDArray w1, NDArray b1, NDArray w2) {
        return x.matmul(Tensor.constant(w1)).add(Tensor.constant(b1)).tanh().matmul(Tensor.constant(w2)).sum();
    }

    @Test
    void hessianVectorProductOfTanhMlpMatchesFiniteDifferencesTo1e6() {
        NDArray w1 = rng.normal(DType.F64, 0, 1, 5, 16), b1 = rng.normal(DType.F64, 0, 1, 16), w2 = rng.normal(DType.F64, 0, 1, 16, 1);
        NDArray x = rng.normal(DType.F64, 0, 1, 1, 5), v = rng.normal(DType.F64, 0, 1, 1, 5);
        Tensor hv = Functional.hvp(t -> mlp(t, w1, b1, w2), Tensor.constant(x), Tensor.constant(v), false);
        // (∇f(x + εv) − ∇f(x − εv)) / 2ε with exact gradients: an O(ε²) estimate of H·v.
        double eps = 1e-4;
        Tensor xp = Tensor.param(x.add(v.mul(eps))), xm = Tensor.param(x.add(v.mul(-eps)));
        NDArray fd = Autograd.grad(mlp(xp, w1, b1, w2), xp, false).value()
                .sub(Autograd.grad(mlp(xm, w1, b1, w2), xm, false).value()).mul(1 / (2 * eps));
        double rel = fd.sub(hv.value()).norm() / fd.norm();
        assertTrue(rel < 1e-6, "relative error " + rel);
    }

    @Test
    void thirdDerivativeOfTanhMatchesClosedForm() {
        NDArray x = NDArray.of(new int[] {5}, -2, -0.7, 0, 0.3, 1.5);
        Tensor t = Tensor.param(x);
        Tensor d1 = Autograd.grad(t.tanh().sum(), t, true);
        Tensor d2 = Autograd.grad(d1.sum(), t, true);
        Tensor d3 = Autograd.grad(d2.sum(), t, false);
        for (int i = 0; i < 5; i++) {
            double y = Math.tanh(x.data()[i]);
            // tanh''' = −2(1 − y²)(1 − 3y²)
            double expected = -2 * (1 - y * y) * (1 - 3 * y * y);
            assertEquals(expected, d3.value().data()[i], 1e-12);
            assertEquals(-2 * y * (1 - y * y), d2.value().data()[i], 1e-12);
        }
    }

    @Test
    void jvpEqualsJacobianTimesVector() {
        NDArray w = rng.normal(DType.F64, 0, 1, 3, 4);
        java.util.function.UnaryOperator<Tensor> f = x -> x.matmul(Tensor.constant(w)).sin();
        NDArray x = rng.normal(DType.F64, 0, 1, 1, 3), u = rng.normal(DType.F64, 0, 1, 1, 3);
        NDArray jac = Functional.jacobian(f, Tensor.constant(x));           // [4, 3]
        NDArray expected = jac.matmul(u.reshape(3, 1)).reshape(1, 4);
        Tensor jvp = Functional.jvp(f, Tensor.constant(x), Tensor.constant(u), false);
        assertTrue(expected.sub(jvp.value()).norm() < 1e-12);
        Tensor vjp = Functional.vjp(f, Tensor.constant(x), Tensor.constant(NDArray.of(new int[] {1, 4}, 1, 0, 0, 0)), false);
        for (int j = 0; j < 3; j++) assertEquals(jac.get(0, j), vjp.value().get(0, j), 1e-12);
    }

    @Test
    void backwardAccumulatesIntoLeavesAndBuildsNoGraphWithoutCreateGraph() {
        Tensor w = Tensor.param(NDArray.of(new int[] {2}, 1, 2));
        Tensor loss = w.square().sum();
        loss.backward();
        loss.backward();
        assertArrayEquals(new double[] {4, 8}, w.grad().data(), 0);
        Tensor g = Autograd.grad(w.square().sum(), w, false);
        assertFalse(g.requiresGrad(), "a first-order gradient must not carry a graph");
        Tensor gg = Autograd.grad(w.square().sum(), w, true);
        assertTrue(gg.requiresGrad());
    }

    @Test
    void gradPullsBackOnlyAlongPathsToTheRequestedInputs() {
        Tensor x = Tensor.param(NDArray.of(new int[] {2}, 1, 2)), w = Tensor.param(NDArray.of(new int[] {2}, 3, 4));
        List<boolean[]> asked = new java.util.ArrayList<>();
        Tensor y = Tensor.op(x.value().mul(w.value()), (o, g, need) -> {
            asked.add(need.clone());
            return new Tensor[] {need[0] ? g.mul(w) : null, need[1] ? g.mul(x) : null};
        }, x, w);
        Tensor gx = Autograd.grad(y.sum(), x, false);
        assertArrayEquals(new double[] {3, 4}, gx.value().data(), 0);
        assertArrayEquals(new boolean[] {true, false}, asked.get(0), "the weight's gradient is not needed for ∂y/∂x");
        y.sum().backward();
        assertArrayEquals(new boolean[] {true, true}, asked.get(1), "backward() fills every leaf");
        assertArrayEquals(new double[] {1, 2}, w.grad().data(), 0);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor w = Tensor.param(NDArray.of(new int[] {2}, 1, 2));
        try (var ng = GradMode.off()) {
            assertFalse(w.mul(w).requiresGrad());
        }
        assertTrue(w.mul(w).requiresGrad());
    }

    @Test
    void gradientWithRespectToUnusedInputIsZero() {
        Tensor a = Tensor.param(NDArray.of(new int[] {2}, 1, 2)), b = Tensor.param(NDArray.of(new int[] {3}, 1, 2, 3));
        List<Tensor> g = Autograd.grad(List.of(a.sum()), List.of(a, b), null, false);
        assertArrayEquals(new double[3], g.get(1).value().data(), 0);
    }
}
