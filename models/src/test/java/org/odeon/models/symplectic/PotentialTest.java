package org.odeon.models.symplectic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.odeon.autograd.Functional;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

class PotentialTest {

    @Test void closedFormGradientEqualsReverseModeGradient() {
        Potential u = new Potential(3, 8, 2, new Rng(1));
        Tensor x = Tensor.constant(new Rng(2).normal(DType.F64, 0, 1, 5, 3));
        double[] a = u.gradient(x).value().toArray(), b = u.gradientByAutograd(x).value().toArray();
        for (int i = 0; i < a.length; i++) assertTrue(Math.abs(a[i] - b[i]) < 1e-14, "component " + i + ": " + a[i] + " vs " + b[i]);
    }

    @Test void tangentIsTheDirectionalDerivativeOfTheGradient() {
        Potential u = new Potential(3, 6, 3, new Rng(7));
        Tensor x = Tensor.constant(new Rng(8).normal(DType.F64, 0, 1, 4, 3)), xdot = Tensor.constant(new Rng(9).normal(DType.F64, 0, 1, 4, 3));
        Tensor[] gt = u.gradientAndTangent(x, xdot);
        double[] jvp = Functional.jvp(u::gradient, x, xdot, false).value().toArray(), tan = gt[1].value().toArray();
        double[] g = u.gradient(x).value().toArray(), g2 = gt[0].value().toArray();
        for (int i = 0; i < jvp.length; i++) {
            assertTrue(Math.abs(jvp[i] - tan[i]) < 1e-13, "tangent " + i + ": " + jvp[i] + " vs " + tan[i]);
            assertTrue(Math.abs(g[i] - g2[i]) < 1e-15, "gradient " + i);
        }
        assertTrue(GradCheck.secondOrder(xs -> u.gradientAndTangent(xs.get(0), xs.get(1))[1], List.of(x.value(), xdot.value()), 10) < 1e-6);
    }

    @Test void closedFormGradientHasCorrectFirstAndSecondDerivatives() {
        Potential u = new Potential(2, 5, 2, new Rng(3));
        NDArray x = new Rng(4).normal(DType.F64, 0, 1, 4, 2);
        assertTrue(GradCheck.firstOrder(xs -> u.gradient(xs.get(0)), List.of(x), 5) < 1e-7);
        assertTrue(GradCheck.secondOrder(xs -> u.gradient(xs.get(0)), List.of(x), 6) < 1e-6);
    }
}
