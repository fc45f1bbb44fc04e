package org.odeon.models.flowmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.Functional;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.models.isometric.JacobianSpectrum;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.ode.ButcherTableau;
import org.odeon.optim.Adam;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The flow-map activation and the shallow network never stretch a pair beyond their certificates. */
@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class FlowMapCertificateTest {
    static NDArray points(long seed, int batch, int dim, double scale) { return new Rng(seed).normal(DType.F64, 0, scale, batch, dim); }

    /** The largest ratio ‖f(x) − f(y)‖/‖x − y‖ over random pairs at several distances. */
    static double randomPairs(Module f, int dim, long seed) {
        double best = 0;
        try (var ng = GradMode.off()) {
            for (double spread : new double[] {1e-3, 0.1, 1, 4}) {
                NDArray x = points(seed, 400, dim, 2), y = x.add(points(seed + 1, 400, dim, spread));
                double[] fx = f.forward(Tensor.constant(x)).value().data(), fy = f.forward(Tensor.constant(y)).value().data();
                int m = fx.length / 400;
                for (int i = 0; i < 400; i++) {
                    double num = 0, den = 0;
                    for (int j = 0; j < m; j++) num += (fx[i * m + j] - fy[i * m + j]) * (fx[i * m + j] - fy[i * m + j]);
                    for (int j = 0; j < dim; j++) den += (x.data()[i * dim + j] - y.data()[i * dim + j]) * (x.data()[i * dim + j] - y.data()[i * dim + j]);
                    best = Math.max(best, Math.sqrt(num / den));
                }
            }
        }
        return best;
    }

    static double searched(Module f, int dim, long seed) {
        return Lipschitz.lowerBound(f, points(seed, 24, dim, 2), 0.3, 40, 0.2, seed).ratio();
    }

    /** A few Adam steps towards a random target, so the certificate is checked at trained weights too. */
    static void train(Module m, int in, int out, int steps) {
        Adam opt = new Adam(m.namedParameters(), 5e-2);
        opt.projecting(m);
        NDArray x = points(77, 32, in, 1), t = points(78, 32, out, 2);
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            m.forward(Tensor.constant(x)).sub(Tensor.constant(t)).square().mean().backward();
            opt.step();
        }
    }

    static void assertCertified(Module f, int dim, String what) {
        double bound = Lipschitz.bound(f, 1e-9);
        double random = randomPairs(f, dim, 5), search = searched(f, dim, 6);
        assertTrue(random <= bound * (1 + 1e-12), what + ": random pair ratio " + random + " > certificate " + bound);
        assertTrue(search <= bound * (1 + 1e-12), what + ": searched pair ratio " + search + " > certificate " + bound);
    }

    @Test void theActivationsCertificateHoldsForEveryMethodConstraintAndDimension() {
        Rng rng = new Rng(1);
        for (ButcherTableau tab : List.of(ButcherTableau.EULER, ButcherTableau.HEUN, ButcherTableau.RK4))
            for (double mu : new double[] {Double.NaN, 0.5, -0.3})
                for (int dim : new int[] {1, 3})
                    for (int steps : new int[] {2, 16}) {
                        FlowMapActivation phi = new FlowMapActivation(dim, 8, 1.0, steps, tab, mu, rng);
                        String what = phi.toString();
                        assertCertified(phi, dim, what);
                        train(phi, dim, dim, 5);
                        assertCertified(phi, dim, what + " after training");
                        if (!Double.isNaN(mu)) assertTrue(phi.fieldCertificate()[0] <= mu + 1e-12, what + ": field μ " + phi.fieldCertificate()[0]);
                    }
    }

    @Test void theFieldsOneSidedLipschitzCertificateHoldsPointwise() {
        Rng rng = new Rng(2);
        for (double mu : new double[] {Double.NaN, 0.2, -1}) {
            FlowMapActivation phi = new FlowMapActivation(4, 6, 1.0, 4, ButcherTableau.HEUN, mu, rng);
            double[] ml = phi.fieldCertificate();
            NDArray zs = points(3, 200, 4, 3);
            for (int i = 0; i < 200; i++) {
                NDArray z = NDArray.of(DType.F64, new int[] {1, 4}, java.util.Arrays.copyOfRange(zs.data(), 4 * i, 4 * i + 4));
                NDArray jac = Functional.jacobian(phi::field, Tensor.constant(z));
                NDArray sym = jac.add(org.odeon.tensor.Blas.matmul(jac, true, NDArray.eye(DType.F64, 4), false)).mul(0.5);
                double lambdaMax = JacobianSpectrum.singularValues(sym.add(NDArray.eye(DType.F64, 4).mul(100)))[0] - 100;   // λ_max of a symmetric matrix, shifted positive
                assertTrue(lambdaMax <= ml[0] + 1e-12, "μ(DF) = " + lambdaMax + " above certificate " + ml[0]);
                assertTrue(JacobianSpectrum.singularValues(jac)[0] <= ml[1] + 1e-12, "‖DF‖ above certificate " + ml[1]);
            }
        }
    }

    @Test void theDiscreteCertificateTendsToTheContinuousOne() {
        FlowMapActivation coarse = new FlowMapActivation(1, 8, 1.0, 4, ButcherTableau.EULER, 0.3, new Rng(4));
        FlowMapActivation fine = new FlowMapActivation(1, 8, 1.0, 4000, ButcherTableau.EULER, 0.3, new Rng(4));
        assertEquals(coarse.continuousBound(), fine.continuousBound(), 0);
        assertTrue(coarse.continuousBound() <= Math.exp(0.3) + 1e-12);
        assertTrue(fine.lipschitzBound(0) < coarse.lipschitzBound(0));
        assertEquals(fine.continuousBound(), fine.lipschitzBound(0), 0.02 * fine.continuousBound());
        assertTrue(fine.lipschitzBound(0) >= fine.continuousBound(), "the discrete bound of a consistent method does not undercut e^{Tμ}");
    }

    @Test void theNetworksCertificateHoldsWithEachConstraintAndBoth() {
        Rng rng = new Rng(5);
        for (boolean unit : new boolean[] {false, true})
            for (double mu : new double[] {Double.NaN, 0.0})
                for (int dim : new int[] {1, 2}) {
                    FlowMapNetwork f = new FlowMapNetwork(3, 6, 2, new FlowMapActivation(dim, 5, 1.0, 8, ButcherTableau.RK4, mu, rng), unit, rng);
                    assertCertified(f, 3, f.toString());
                    train(f, 3, 2, 5);
                    assertCertified(f, 3, f + " after training");
                    if (unit) {
                        for (String name : List.of("embed", "project"))
                            assertEquals(1, JacobianSpectrum.singularValues(f.namedParameters().get(name).value())[0], 1e-12, name + " keeps unit norm");
                        if (!Double.isNaN(mu)) assertTrue(f.lipschitzBound(1e-9) <= f.activation().lipschitzBound(0) * 1.01);
                    }
                }
    }

    static void gradCheck(Module m, NDArray x) {
        List<NDArray> in = new ArrayList<>();
        in.add(x);
        for (Parameter p : m.parameters()) in.add(p.value().copy());
        double first = GradCheck.firstOrder(ts -> m.callWith(ts.subList(1, ts.size()), ts.get(0)), in, 1);
        double second = GradCheck.secondOrder(ts -> m.callWith(ts.subList(1, ts.size()), ts.get(0)), in, 2);
        assertTrue(first < 1e-6, m + ": first-order error " + first);
        assertTrue(second < 1e-5, m + ": second-order error " + second);
    }

    @Test void gradientsMatchFiniteDifferencesAtFirstAndSecondOrder() {
        Rng rng = new Rng(6);
        gradCheck(new FlowMapActivation(1, 4, 1.0, 3, ButcherTableau.RK4, Double.NaN, rng), points(1, 5, 1, 1));
        gradCheck(new FlowMapActivation(2, 3, 0.7, 3, ButcherTableau.HEUN, -0.2, rng), points(2, 4, 2, 1));   // damping active
        gradCheck(new FlowMapNetwork(2, 3, 1, new FlowMapActivation(1, 3, 1.0, 2, ButcherTableau.RK4, 0.1, rng), false, rng), points(3, 4, 2, 1));
    }

    @Test void badSettingsAreRejectedWithOneLine() {
        Rng rng = new Rng(7);
        assertThrows(IllegalArgumentException.class, () -> new FlowMapActivation(1, 4, -1, 3, ButcherTableau.EULER, 0, rng));
        assertThrows(IllegalArgumentException.class, () -> new FlowMapActivation(1, 4, 1, 0, ButcherTableau.EULER, 0, rng));
        assertThrows(IllegalArgumentException.class, () -> new FlowMapActivation(1, 4, 1, 3, ButcherTableau.DOPRI5, 0, rng));
        assertThrows(IllegalArgumentException.class, () -> new FlowMapActivation(3, 4, 1, 3, ButcherTableau.EULER, 0, rng).forward(Tensor.constant(points(1, 2, 2, 1))));
    }
}
