package org.odeon.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.NDArray;

/** Back-propagation through the differentiable RK4 agrees with finite differences, to first and second order. */
class GradientThroughStepsTest {
    private static final int N = 3, BATCH = 2, STEPS = 100;
    private static final double H = 0.02;

    /** A neural vector field {@code f(y) = tanh(W y + b)} on a batch {@code [B, N]}. */
    private static TensorField neuralField(Tensor w, Tensor b) {
        return (t, y) -> Tensor.mm(y, false, w, true).add(b).tanh();
    }

    /** L = Σ (y(T) ⊙ weights) over the batch, y(T) after 100 RK4 steps. */
    private static Tensor loss(Tensor w, Tensor b, Tensor y0) {
        Tensor yT = TensorRungeKutta.rk4().integrate(neuralField(w, b), 0, y0, STEPS * H, H);
        Tensor weights = Tensor.of(new int[] {BATCH, N}, 1.0, -0.5, 2.0, 0.3, 1.5, -1.0);
        return yT.mul(weights).sum();
    }

    private static NDArray random(Random rnd, int... shape) {
        int size = 1;
        for (int s : shape) size *= s;
        double[] d = new double[size];
        for (int i = 0; i < size; i++) d[i] = rnd.nextGaussian() * 0.7;
        return NDArray.of(shape, d);
    }

    private static NDArray perturbed(NDArray a, int i, double eps) {
        double[] d = a.toArray();
        d[i] += eps;
        return NDArray.of(a.shape(), d);
    }

    @Test
    void gradientsThroughAHundredRk4StepsMatchCentralDifferences() {
        Random rnd = new Random(7);
        NDArray w = random(rnd, N, N), b = random(rnd, N), y0 = random(rnd, BATCH, N);
        Tensor wt = Tensor.param(w), bt = Tensor.param(b), yt = Tensor.param(y0);
        List<Tensor> grads = Autograd.grad(List.of(loss(wt, bt, yt)), List.of(wt, bt, yt), null, false);
        NDArray[] values = {w, b, y0};
        double eps = 1e-6;
        try (var _ = GradMode.off()) {
            for (int which = 0; which < 3; which++)
                for (int i = 0; i < values[which].size(); i++) {
                    NDArray[] plus = values.clone(), minus = values.clone();
                    plus[which] = perturbed(values[which], i, eps);
                    minus[which] = perturbed(values[which], i, -eps);
                    double fd = (lossValue(plus) - lossValue(minus)) / (2 * eps);
                    double ad = grads.get(which).value().data()[i];
                    assertEquals(fd, ad, 1e-7 * Math.max(1, Math.abs(fd)), "input " + which + " entry " + i);
                }
        }
    }

    private static double lossValue(NDArray[] v) {
        return loss(Tensor.constant(v[0]), Tensor.constant(v[1]), Tensor.constant(v[2])).item();
    }

    @Test
    void secondDerivativesThroughRk4StepsMatchDifferencesOfGradients() {
        Random rnd = new Random(8);
        NDArray w = random(rnd, N, N), b = random(rnd, N), y0 = random(rnd, BATCH, N);
        NDArray direction = random(rnd, BATCH, N);
        // Hessian-vector product in y0 by double backward ...
        Tensor wt = Tensor.constant(w), bt = Tensor.constant(b), yt = Tensor.param(y0);
        Tensor g = Autograd.grad(loss(wt, bt, yt), yt, true);
        NDArray hv = Autograd.grad(g.mul(Tensor.constant(direction)).sum(), yt, false).value();
        // ... against central differences of the first-order gradient along the direction.
        double eps = 1e-5;
        NDArray gPlus = gradientAt(w, b, y0.add(direction.mul(eps))), gMinus = gradientAt(w, b, y0.sub(direction.mul(eps)));
        for (int i = 0; i < hv.size(); i++) {
            double fd = (gPlus.data()[i] - gMinus.data()[i]) / (2 * eps);
            assertEquals(fd, hv.data()[i], 1e-6 * Math.max(1, Math.abs(fd)), "entry " + i);
        }
    }

    private static NDArray gradientAt(NDArray w, NDArray b, NDArray y0) {
        Tensor yt = Tensor.param(y0);
        return Autograd.grad(loss(Tensor.constant(w), Tensor.constant(b), yt), yt, false).value();
    }
}
