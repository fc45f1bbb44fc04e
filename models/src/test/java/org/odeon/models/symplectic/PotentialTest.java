package org.odeon.models.symplectic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    @Test void closedFormGradientHasCorrectFirstAndSecondDerivatives() {
        Potential u = new Potential(2, 5, 2, new Rng(3));
        NDArray x = new Rng(4).normal(DType.F64, 0, 1, 4, 2);
        assertTrue(GradCheck.firstOrder(xs -> u.gradient(xs.get(0)), List.of(x), 5) < 1e-7);
        assertTrue(GradCheck.secondOrder(xs -> u.gradient(xs.get(0)), List.of(x), 6) < 1e-6);
    }
}
