package org.odeon.examples;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.models.symplectic.FlowLosses;
import org.odeon.models.symplectic.KnownHamiltonian;
import org.odeon.models.symplectic.Rollout;
import org.odeon.models.symplectic.SympFlow;
import org.odeon.optim.Adam;
import org.odeon.optim.Training;
import org.odeon.systems.HamiltonianSystem;
import org.odeon.tensor.Rng;

/**
 * Train a SympFlow, a time-continuous symplectic map, on your own Hamiltonian (here the pendulum
 * {@code H = p²/2 − cos q}) without data, from the residual {@code ‖∂ₜΦ − J∇H(Φ)‖²}, and roll it out.
 */
public final class SympFlowOnHamiltonian {
    /** The pendulum, in the tensor form the losses need: energy and vector field {@code (p, −sin q)}. */
    record Pendulum() implements KnownHamiltonian, HamiltonianSystem {
        @Override public HamiltonianSystem system() { return this; }
        @Override public Tensor energy(Tensor z) { return z.slice(1, 1, 2).square().mul(0.5).sub(z.slice(1, 0, 1).cos()); }
        @Override public Tensor vectorField(Tensor z) { return Tensor.cat(List.of(z.slice(1, 1, 2), z.slice(1, 0, 1).sin().neg()), 1); }
        @Override public String name() { return "pendulum"; }
        @Override public int degreesOfFreedom() { return 1; }
        @Override public double[] initialState() { return new double[] {0.5, 0}; }
        @Override public double energy(double[] y) { return 0.5 * y[1] * y[1] - Math.cos(y[0]); }
        @Override public void evaluate(double t, double[] y, double[] dydt) { dydt[0] = y[1]; dydt[1] = -Math.sin(y[0]); }
    }

    /** The residual before and after training, and the energy drift of the rolled-out trajectory. */
    public record Result(double firstLoss, double lastLoss, double maxEnergyDrift, double[][] trajectory) {}

    public static void main(String[] args) {
        Result r = run(200, 100);
        System.out.printf("residual %.3e -> %.3e%nmax energy drift over %d steps %.3e%nfinal state q=%.4f p=%.4f%n",
                r.firstLoss(), r.lastLoss(), r.trajectory().length - 1, r.maxEnergyDrift(), r.trajectory()[r.trajectory().length - 1][0], r.trajectory()[r.trajectory().length - 1][1]);
    }

    public static Result run(int steps, int rollout) {
        Pendulum h = new Pendulum();
        Rng rng = new Rng(7);
        SympFlow model = new SympFlow(1, 2, 16, 1, rng);   // 1 degree of freedom, 2 layers of width 16, depth-1 potentials
        Adam adam = new Adam(model.namedParameters(), 1e-2);
        double first = 0, last = 0;
        for (int s = 0; s < steps; s++) {
            FlowLosses.Batch batch = FlowLosses.Batch.uniform(64, 1, -1, 1, 1, rng);   // states in [−1, 1]², times in [0, 1]
            last = Training.step(adam, () -> FlowLosses.unsupervised(model, h, batch));
            if (s == 0) first = last;
        }
        double[][] z = Rollout.trajectory(Rollout.stepOf(model, 0.1), h.initialState(), rollout);
        double drift = 0;
        for (double[] zi : z) drift = Math.max(drift, Math.abs(h.energy(zi) - h.energy(z[0])));
        return new Result(first, last, drift, z);
    }
}
