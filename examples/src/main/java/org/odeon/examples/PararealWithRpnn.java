package org.odeon.examples;

import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.ode.VectorField;
import org.odeon.parareal.LocalExecutor;
import org.odeon.parareal.Parareal;
import org.odeon.parareal.Propagator;
import org.odeon.parareal.RandomProjectionPropagator;
import org.odeon.parareal.StepperPropagator;

/**
 * Parareal on your own vector field, with a random projection neural network (RPNN) as the coarse
 * propagator: on each interval it fits {@code y(t) ≈ y₀ + Σ c_l (tanh(w_l t + b_l) − tanh b_l)} to the
 * ODE by Gauss–Newton, and the parallel fine RK4 solves correct it until the start values stop moving.
 */
public final class PararealWithRpnn {
    /** Iterations used and the largest distance to the sequential fine solution. */
    public record Result(int iterations, boolean converged, double error) {}

    public static void main(String[] args) {
        Result r = run();
        System.out.printf("converged %s after %d iterations; max error vs sequential fine solve %.2e%n", r.converged(), r.iterations(), r.error());
    }

    public static Result run() {
        // A van der Pol oscillator, μ = 1: any VectorField (t, y, dy/dt) will do.
        VectorField vanDerPol = (t, y, dy) -> { dy[0] = y[1]; dy[1] = (1 - y[0] * y[0]) * y[1] - y[0]; };
        double[] y0 = {2, 0};
        int intervals = 20;
        double horizon = 10;
        Propagator fine = new StepperPropagator(vanDerPol, ExplicitRungeKutta::rk4, 1e-3);
        double[][] reference = Parareal.sequential(fine, 0, y0, horizon, intervals);
        try (var workers = new LocalExecutor(fine, 2)) {
            Parareal.Result result = new Parareal(new RandomProjectionPropagator(vanDerPol), workers, intervals, 1e-9, intervals).solve(0, y0, horizon);
            double error = 0;
            for (int n = 0; n <= intervals; n++) error = Math.max(error, Parareal.maxDistance(reference[n], result.solution()[n]));
            return new Result(result.iterations(), result.converged(), error);
        }
    }
}
