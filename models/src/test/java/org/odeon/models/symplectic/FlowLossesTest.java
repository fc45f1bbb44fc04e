package org.odeon.models.symplectic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.systems.HenonHeiles;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

class FlowLossesTest {

    private final KnownHamiltonian henon = KnownHamiltonian.of(HenonHeiles.standard());
    private final FlowLosses.Batch batch = FlowLosses.Batch.uniform(5, 2, -0.5, 0.5, 1, new Rng(2));

    @Test void unsupervisedLossGradientMatchesFiniteDifferences() {
        SympFlow model = new SympFlow(2, 2, 4, 1, new Rng(1));
        assertTrue(LossGradient.error(model, () -> FlowLosses.unsupervised(model, henon, batch)) < 1e-6);
    }

    @Test void matchingLossGradientMatchesFiniteDifferencesIncludingTheConstant() {
        SympFlow model = new SympFlow(2, 2, 4, 1, new Rng(3));
        assertTrue(LossGradient.error(model, () -> FlowLosses.matching(model, henon, batch, 0.5)) < 1e-6);
    }

    @Test void supervisedLossGradientMatchesFiniteDifferences() {
        SympFlow model = new SympFlow(2, 2, 4, 1, new Rng(4));
        Tensor target = Tensor.constant(new Rng(5).normal(DType.F64, 0, 1, 5, 4));
        assertTrue(LossGradient.error(model, () -> FlowLosses.supervised(model, batch.z(), batch.t(), target)) < 1e-6);
    }

    @Test void timeDerivativeIsTheVelocityOfTheExactFlow() {
        // Φ(z, t) = exact harmonic flow (a rotation) written with tensor ops: ∂_tΦ must equal J∇H(Φ)
        KnownHamiltonian h = KnownHamiltonian.of(HarmonicOscillator.standard());
        TimeFlow rotation = new TimeFlow() {
            public int degreesOfFreedom() { return 1; }

            public Tensor flow(Tensor z, Tensor t) {
                Tensor q = z.slice(1, 0, 1), p = z.slice(1, 1, 2), c = t.cos(), s = t.sin();
                return Tensor.cat(List.of(q.mul(c).add(p.mul(s)), p.mul(c).sub(q.mul(s))), 1);
            }
        };
        FlowLosses.Batch b = FlowLosses.Batch.uniform(7, 1, -1, 1, 3, new Rng(6));
        assertTrue(FlowLosses.unsupervised(rotation, h, b).item() < 1e-28);
    }
}
