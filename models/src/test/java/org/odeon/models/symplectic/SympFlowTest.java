package org.odeon.models.symplectic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.odeon.autograd.Autograd;
import org.odeon.autograd.Tensor;
import org.odeon.optim.Adam;
import org.odeon.systems.HenonHeiles;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

class SympFlowTest {

    private static Tensor times(int n, double t) { return Tensor.constant(NDArray.full(DType.F64, t, n, 1)); }

    private static Tensor states(int n, int dof, long seed) { return Tensor.constant(new Rng(seed).normal(DType.F64, 0, 0.7, n, 2 * dof)); }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double[] x = a.value().toArray(), y = b.value().toArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    @Test void isTheIdentityAtTimeZero() {
        SympFlow model = new SympFlow(2, 3, 16, 2, new Rng(1));
        Tensor z = states(20, 2, 2);
        assertTrue(maxAbsDiff(model.flow(z, times(20, 0)), z) < 1e-15);
        assertTrue(maxAbsDiff(model.flow(z, times(20, 0.8)), z) > 1e-3, "a random model must move the state at t > 0");
    }

    @Test void randomModelIsSymplecticForEveryTime() {
        SympFlow model = new SympFlow(2, 3, 16, 2, new Rng(3));
        double[] z = {0.3, -0.2, 0.5, 0.1};
        for (double t : new double[] {0.1, 0.7, 2.5}) {
            double defect = Symplecticity.defect(x -> model.flow(x, times(1, t)), z);
            assertTrue(defect <= 1e-12, "t=" + t + ": defect " + defect);
        }
    }

    @Test void briefTrainingKeepsTheMapSymplectic() {
        KnownHamiltonian h = KnownHamiltonian.of(HenonHeiles.standard());
        SympFlow model = new SympFlow(2, 2, 8, 1, new Rng(4));
        Adam opt = new Adam(model.namedParameters(), 1e-2);
        Rng rng = new Rng(5);
        double first = 0, last = 0;
        for (int epoch = 0; epoch < 30; epoch++) {
            opt.zeroGrad();
            Tensor loss = FlowLosses.unsupervised(model, h, FlowLosses.Batch.uniform(64, 2, -0.5, 0.5, 1, rng));
            loss.backward();
            opt.step();
            if (epoch == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < 0.5 * first, "training should reduce the residual: " + first + " → " + last);
        double defect = Symplecticity.defect(x -> model.flow(x, times(1, 0.9)), new double[] {0.3, -0.3, 0.3, 0.15});
        assertTrue(defect <= 1e-12, "defect " + defect);
    }

    @Test void inverseUndoesTheFlow() {
        SympFlow model = new SympFlow(1, 4, 12, 2, new Rng(6));
        Tensor z = states(10, 1, 7), t = Tensor.constant(new Rng(8).uniform(DType.F64, 0, 1, 10, 1));
        assertTrue(maxAbsDiff(model.inverse(model.flow(z, t), t), z) < 1e-13);
    }

    @Test void recoveredHamiltonianGeneratesTheModelsFlow() {
        SympFlow model = new SympFlow(2, 3, 10, 2, new Rng(9));
        Tensor z = states(6, 2, 10);
        for (double time : new double[] {0.0, 0.4, 1.0}) {
            Tensor t = Tensor.param(NDArray.full(DType.F64, time, 6, 1));
            SympFlow.Evaluation e = model.evaluate(z, t);
            Tensor dydt = FlowLosses.timeDerivative(e.state(), t);
            // J∇_y H_θ(y, t) at y = Φ(z, t), with H_θ evaluated through the inverse map
            Tensor y = Tensor.param(e.state().value());
            double[] g = Autograd.grad(model.hamiltonian(y, times(6, time)).sum(), y, false).value().toArray();
            double[] v = dydt.value().toArray();
            for (int b = 0; b < 6; b++)
                for (int i = 0; i < 4; i++) {
                    double jgrad = i < 2 ? g[b * 4 + i + 2] : -g[b * 4 + i - 2];
                    assertEquals(jgrad, v[b * 4 + i], 1e-10, "t=" + time + ", sample " + b + ", component " + i);
                }
            // forward mode through the shears gives the same velocity as the double-vjp trick
            assertTrue(maxAbsDiff(model.evaluateWithVelocity(z, t).velocity(), dydt) < 1e-13);
            // the forward-pass sum of ∂_t terms equals H_θ read through the inverse
            assertTrue(maxAbsDiff(e.hamiltonian(), model.hamiltonian(y, times(6, time))) < 1e-12);
        }
    }

    @Test void recoveredHamiltonianIsConservedAlongTheFlowUpToItsExplicitTimeDependence() {
        // dH_θ(Φ(z,t), t)/dt = ∂_t H_θ along the model's own flow; integrate over unit time by Gauss–Legendre
        SympFlow model = new SympFlow(1, 2, 8, 2, new Rng(11));
        Tensor z = states(3, 1, 12);
        double[][] gl = gaussLegendre(16);
        double[] integral = new double[3];
        for (double[] node : gl) {
            double s = 0.5 * (node[0] + 1);
            Tensor y = model.flow(z, times(3, s));
            Tensor ts = Tensor.param(NDArray.full(DType.F64, s, 3, 1));
            double[] dh = Autograd.grad(model.hamiltonian(y, ts).sum(), ts, false).value().toArray();
            for (int b = 0; b < 3; b++) integral[b] += 0.5 * node[1] * dh[b];
        }
        double[] h1 = model.evaluate(z, times(3, 1)).hamiltonian().value().toArray();
        double[] h0 = model.evaluate(z, times(3, 0)).hamiltonian().value().toArray();
        for (int b = 0; b < 3; b++) {
            double drift = h1[b] - h0[b] - integral[b];
            assertTrue(Math.abs(drift) < 1e-10, "sample " + b + ": drift " + drift);
        }
    }

    /** Nodes and weights on [−1, 1]: Newton on the Legendre polynomial P_n from Chebyshev guesses. */
    private static double[][] gaussLegendre(int n) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5)), dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = x;
                for (int k = 2; k <= n; k++) { double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
                dp = n * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) break;
            }
            out[i] = new double[] {x, 2 / ((1 - x * x) * dp * dp)};
        }
        return out;
    }

    @Test void rejectsStatesOfTheWrongWidth() {
        SympFlow model = new SympFlow(2, 1, 4, 1, new Rng(0));
        var e = assertThrows(IllegalArgumentException.class, () -> model.flow(states(3, 1, 0), times(3, 1)));
        assertTrue(e.getMessage().contains("[B, 4]"), e.getMessage());
    }
}
