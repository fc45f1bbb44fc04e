package org.odeon.models.symplectic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.odeon.autograd.Autograd;
import org.odeon.autograd.Tensor;
import org.odeon.systems.DampedOscillator;
import org.odeon.systems.Fput;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.systems.HenonHeiles;
import org.odeon.systems.Pendulum;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class KnownHamiltonianTest {

    static HamiltonianSystem[] systems() {
        return new HamiltonianSystem[] {new HarmonicOscillator(2, 3, 1, 0), HenonHeiles.standard(),
                new DampedOscillator(1, 0.01, 1, 0), new Fput(5, 0.25, 0.1, 1)};
    }

    @ParameterizedTest @MethodSource("systems")
    void tensorFormAgreesWithTheSystemAndWithTheGradientOfItsEnergy(HamiltonianSystem s) {
        KnownHamiltonian h = KnownHamiltonian.of(s);
        int n = s.dimension();
        double[] z = new Rng(7).normal(org.odeon.tensor.DType.F64, 0, 0.5, n).toArray();
        Tensor zt = Tensor.param(NDArray.of(new int[] {1, n}, z));
        assertEquals(s.energy(z), h.energy(zt).item(), 1e-13);
        double[] f = new double[n];
        s.evaluate(0, z, f);
        double[] vf = h.vectorField(zt).value().toArray();
        double[] grad = Autograd.grad(h.energy(zt).sum(), zt, false).value().toArray();
        int d = n / 2;
        for (int i = 0; i < n; i++) {
            assertEquals(f[i], vf[i], 1e-13, "vector field component " + i);
            assertEquals(vf[i], i < d ? grad[i + d] : -grad[i - d], 1e-13, "J∇H component " + i);
        }
    }

    @Test void systemsWithoutTensorFormAreRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> KnownHamiltonian.of(Pendulum.standard()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Pendulum"), e.getMessage());
    }
}
