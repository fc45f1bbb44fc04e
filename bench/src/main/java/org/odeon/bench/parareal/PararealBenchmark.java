package org.odeon.bench.parareal;

import java.util.List;
import org.odeon.models.flowmap.CoarsePropagator;
import org.odeon.parareal.PararealMeasurement;
import org.odeon.parareal.PararealProblem;

/**
 * Prints the Parareal measurement table (markdown) for problems × coarse propagators:
 * {@code PararealBenchmark [problems=sir,lorenz,...] [coarse=classical,rpnn,mlp] [workers=2] [reps=7] [warmup=10]};
 * each configuration is warmed up and timed for at least two seconds each.
 * A measurement, not a test: run it on a quiet machine.
 */
public final class PararealBenchmark {
    private PararealBenchmark() {}

    public static void main(String[] args) {
        List<String> problems = PararealProblem.NAMES, coarse = CoarsePropagator.NAMES;
        int workers = 2, reps = 7, warmUp = 10;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
            switch (kv[0]) {
                case "problems" -> problems = List.of(kv[1].split(","));
                case "coarse" -> coarse = List.of(kv[1].split(","));
                case "workers" -> workers = Integer.parseInt(kv[1]);
                case "reps" -> reps = Integer.parseInt(kv[1]);
                case "warmup" -> warmUp = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown option '" + kv[0] + "', expected problems, coarse, workers or reps");
            }
        }
        System.out.println(PararealMeasurement.tableHeader());
        for (String problem : problems)
            for (String g : coarse) {
                try {
                    var p = PararealProblem.named(problem);
                    var m = PararealMeasurement.measure(p, g, () -> CoarsePropagator.named(g).build(p, 1), workers, warmUp, reps, 2);
                    System.out.println(m.tableRow());
                } catch (RuntimeException e) {
                    // A coarse propagator can steer F into states where it fails (e.g. Newton in implicit Euler).
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    System.out.println("| " + problem + " | " + g + " | failed: " + cause.getMessage() + " |");
                }
            }
        System.out.println("K* = not converged within " + PararealMeasurement.MAX_ITERATIONS + " iterations. Speed-up: sequential / Parareal wall time with "
                + workers + " workers; S(P): cost-model projection.");
    }
}
