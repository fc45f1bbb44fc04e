package org.odeon.bench.ode;

import java.util.Arrays;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.ode.HipparchusReference;
import org.odeon.systems.Lorenz;

/**
 * Throughput of the plain-double RK4 loop on Lorenz (σ, ρ, β) = (10, 28, 8/3) from (1, 1, 1),
 * T = 10, Δt = 10/14500. Warms up, then times repeated full integrations and reports the median
 * steps per second and the error at T against a Hipparchus DOP853 reference (rtol = atol = 1e-13).
 * Prints one JSON object. Run through bench/ode/run.sh.
 */
public class LorenzRk4Bench {
    public static void main(String[] args) {
        int steps = 14_500, reps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double t1 = 10, h = t1 / steps;
        Lorenz lorenz = Lorenz.standard();
        ExplicitRungeKutta rk4 = ExplicitRungeKutta.rk4();
        double[] y = lorenz.initialState();
        for (int i = 0; i < 50; i++) {  // JIT warm-up
            y = lorenz.initialState();
            rk4.integrate(lorenz, 0, y, t1, h);
        }
        double[] seconds = new double[reps];
        for (int r = 0; r < reps; r++) {
            y = lorenz.initialState();
            long start = System.nanoTime();
            rk4.integrate(lorenz, 0, y, t1, h);
            seconds[r] = (System.nanoTime() - start) * 1e-9;
        }
        Arrays.sort(seconds);
        double median = seconds[reps / 2];
        double[] ref = HipparchusReference.tight().solve(lorenz, 0, lorenz.initialState(), t1);
        double err = 0;
        for (int i = 0; i < 3; i++) err = Math.max(err, Math.abs(y[i] - ref[i]));
        System.out.printf("{\"impl\": \"java-rk4\", \"steps\": %d, \"median_seconds\": %.6e, \"steps_per_second\": %.4e, "
                        + "\"max_abs_error\": %.3e, \"final\": [%.12f, %.12f, %.12f], \"reference\": [%.12f, %.12f, %.12f]}%n",
                steps, median, steps / median, err, y[0], y[1], y[2], ref[0], ref[1], ref[2]);
    }
}
