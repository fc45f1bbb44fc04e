package org.odeon.models.symplectic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.Tensor;
import org.odeon.optim.Adam;
import org.odeon.systems.HarmonicOscillator;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    private static final double[] Z = {0.4, -0.3, 0.2, 0.5};

    @Test void laAndGSympNetsAreSymplecticForRandomParameters() {
        SympNet la = SympNet.la(2, 3, 4, new Rng(1)), g = SympNet.g(2, 4, 10, new Rng(2));
        assertTrue(Symplecticity.defect(la, Z) <= 1e-12);
        assertTrue(Symplecticity.defect(g, Z) <= 1e-12);
    }

    @Test void unstructuredFlowIsTheIdentityAtZeroButNotSymplectic() {
        MlpFlow m = new MlpFlow(2, 16, 2, new Rng(3));
        Tensor z = Tensor.constant(NDArray.of(new int[] {1, 4}, Z.clone()));
        assertEquals(0, m.flow(z, Tensor.of(new int[] {1, 1}, 0)).sub(z).abs().sum().item(), 0);
        assertTrue(Symplecticity.defect(Rollout.stepOf(m, 0.5), Z) > 1e-3);
    }

    @Test void hamiltonianNetVectorFieldIsJTimesTheGradientOfItsEnergy() {
        for (HamiltonianNet net : List.of(HamiltonianNet.general(2, 8, 2, new Rng(4)), HamiltonianNet.separable(2, 8, 2, new Rng(5)))) {
            Tensor z = Tensor.param(NDArray.of(new int[] {1, 4}, Z.clone()));
            double[] g = Autograd.grad(net.energy(z).sum(), z, false).value().toArray();
            double[] f = net.vectorField(z).value().toArray();
            for (int i = 0; i < 4; i++) assertEquals(i < 2 ? g[i + 2] : -g[i - 2], f[i], 1e-14);
        }
    }

    @Test void leapfrogStepOfASeparableNetIsSymplecticAndRk4IsNot() {
        HamiltonianNet net = HamiltonianNet.separable(2, 8, 2, new Rng(6));
        assertTrue(Symplecticity.defect(z -> net.step(z, 0.3, HamiltonianNet.Integrator.LEAPFROG), Z) <= 1e-12);
        assertTrue(Symplecticity.defect(z -> net.step(z, 0.3, HamiltonianNet.Integrator.RK4), Z) > 1e-8);
        var e = assertThrows(IllegalStateException.class,
                () -> HamiltonianNet.general(2, 4, 1, new Rng(0)).step(Tensor.constant(NDArray.zeros(DType.F64, 1, 4)), 0.1, HamiltonianNet.Integrator.LEAPFROG));
        assertTrue(e.getMessage().contains("separable"));
    }

    @Test void baselineLossGradientsMatchFiniteDifferences() {
        Tensor z0 = Tensor.constant(new Rng(7).normal(DType.F64, 0, 1, 4, 2)), z1 = Tensor.constant(new Rng(8).normal(DType.F64, 0, 1, 4, 2));
        HamiltonianNet general = HamiltonianNet.general(1, 4, 1, new Rng(9)), separable = HamiltonianNet.separable(1, 4, 1, new Rng(10));
        SympNet g = SympNet.g(1, 3, 4, new Rng(11)), la = SympNet.la(1, 2, 2, new Rng(12));
        MlpFlow mlp = new MlpFlow(1, 4, 1, new Rng(13));
        Tensor t = Tensor.constant(new Rng(14).uniform(DType.F64, 0, 1, 4, 1));
        assertTrue(LossGradient.error(general, () -> general.vectorFieldLoss(z0, z1)) < 1e-6);
        assertTrue(LossGradient.error(general, () -> general.trajectoryLoss(z0, z1, t, HamiltonianNet.Integrator.RK4)) < 1e-6);
        assertTrue(LossGradient.error(separable, () -> separable.trajectoryLoss(z0, z1, Tensor.scalar(0.2), HamiltonianNet.Integrator.LEAPFROG)) < 1e-6);
        assertTrue(LossGradient.error(g, () -> g.loss(z0, z1)) < 1e-6);
        assertTrue(LossGradient.error(la, () -> la.loss(z0, z1)) < 1e-6);
        assertTrue(LossGradient.error(mlp, () -> FlowLosses.supervised(mlp, z0, t, z1)) < 1e-6);
        KnownHamiltonian oscillator = KnownHamiltonian.of(HarmonicOscillator.standard());
        assertTrue(LossGradient.error(mlp, () -> FlowLosses.unsupervised(mlp, oscillator, new FlowLosses.Batch(z0, t))) < 1e-6);
    }

    @Test void gSympNetLearnsTheHarmonicStepMap() {
        Rng rng = new Rng(11);
        SympNet net = SympNet.g(1, 4, 16, rng);
        Adam opt = new Adam(net.namedParameters(), 1e-2);
        double c = Math.cos(0.1), s = Math.sin(0.1);
        double first = 0, last = 0;
        for (int epoch = 0; epoch < 200; epoch++) {
            NDArray z = rng.uniform(DType.F64, -1, 1, 64, 2);
            double[] zd = z.toArray(), next = new double[zd.length];
            for (int b = 0; b < 64; b++) { next[2 * b] = c * zd[2 * b] + s * zd[2 * b + 1]; next[2 * b + 1] = c * zd[2 * b + 1] - s * zd[2 * b]; }
            opt.zeroGrad();
            Tensor loss = net.loss(Tensor.constant(z), Tensor.of(new int[] {64, 2}, next));
            loss.backward();
            opt.step();
            if (epoch == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < 0.05 * first, first + " → " + last);
    }

    @Test void rolloutComposesTheStepMap() {
        double c = Math.cos(0.25), s = Math.sin(0.25);
        double[][] traj = Rollout.trajectory(z -> {
            Tensor q = z.slice(1, 0, 1), p = z.slice(1, 1, 2);
            return Tensor.cat(List.of(q.mul(c).add(p.mul(s)), p.mul(c).sub(q.mul(s))), 1);
        }, new double[] {1, 0}, 40);
        double[] exact = HarmonicOscillator.standard().exact(10);
        assertEquals(41, traj.length);
        assertEquals(exact[0], traj[40][0], 1e-12);
        assertEquals(exact[1], traj[40][1], 1e-12);
    }
}
