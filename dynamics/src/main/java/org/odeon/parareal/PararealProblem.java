package org.odeon.parareal;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.odeon.ode.ExplicitRungeKutta;
import org.odeon.ode.ImplicitEuler;
import org.odeon.systems.Arenstorf;
import org.odeon.systems.Brusselator;
import org.odeon.systems.Burgers;
import org.odeon.systems.FisherKpp2D;
import org.odeon.systems.Lorenz;
import org.odeon.systems.OdeSystem;
import org.odeon.systems.Sir;

/**
 * One Parareal test problem of the RPNN paper: a system, initial state, horizon {@code [0, T]}
 * split into {@code N} coarse intervals, the fine propagator F, the classical coarse propagator G
 * (a few steps of a cheaper method) and the Parareal tolerance. The paper fixes N for SIR, Lorenz
 * and Burgers; for Arenstorf (T = 17, 500 intervals) and the Brusselator (T = 12, 64 intervals)
 * the interval counts are ours, the smallest at which five random features resolve a coarse
 * interval away from close approaches.
 *
 * @param classicalSteps steps of the classical coarse method per coarse interval
 * @param tolerance      Parareal stops once {@code max_n ‖U_n^{k+1} − U_n^k‖∞ ≤ tolerance}
 * @param bandwidth      half-bandwidth of {@code ∂f/∂y}, −1 if dense
 */
public record PararealProblem(String name, OdeSystem system, double[] initialState, double horizon, int intervals,
                              Propagator fine, Propagator classical, int classicalSteps, double tolerance, int bandwidth) {

    public PararealProblem {
        initialState = initialState.clone();
    }

    /** A fresh copy of the initial state. */
    @Override public double[] initialState() { return initialState.clone(); }

    public double coarseStep() { return horizon / intervals; }

    /**
     * The RPNN coarse propagator with the paper's defaults; its collocation residual is solved to
     * 10⁻⁴ of the Parareal tolerance: the random features are ill-conditioned, so a residual r moves
     * the end state by up to ‖J⁺‖·r, and the fit should never be the limiting error.
     */
    public RandomProjectionPropagator rpnn() {
        var settings = RandomProjectionPropagator.Settings.defaults().withTolerance(tolerance * 1e-4);
        return new RandomProjectionPropagator(system, bandwidth >= 0 ? settings.withBandwidth(bandwidth) : settings);
    }

    /** The problem names accepted by {@link #named}. */
    public static final List<String> NAMES = List.of(
            "sir", "lorenz", "arenstorf", "brusselator", "burgers-poly", "burgers-sin", "burgers-mix");

    /**
     * Problems whose fine solve is expensive enough for distributed workers (seconds, not the sub-millisecond
     * solves of {@link #NAMES}); accepted by {@link #named} but left out of the benchmark table over {@link #NAMES}.
     */
    public static final List<String> EXPENSIVE = List.of("fisher-kpp");

    public static PararealProblem named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fisher-kpp" -> fisherKpp();
            case "sir" -> {
                // β = γ = 0.1 from 1 % infected, T = 100, RK4 Δt = 1e-2.
                Sir sir = new Sir(0.1, 0.1, 0.99, 0.01, 0);
                yield explicit("sir", sir, sir.initialState(), 100, 100, 1e-2, 1, 1e-8);
            }
            case "lorenz" -> {
                Lorenz lorenz = new Lorenz(10, 28, 8.0 / 3, 20, 5, -5);
                yield explicit("lorenz", lorenz, lorenz.initialState(), 10, 250, 10.0 / 14500, 4, 1e-6);
            }
            case "arenstorf" -> {
                Arenstorf arenstorf = Arenstorf.standard();
                yield explicit("arenstorf", arenstorf, arenstorf.initialState(), 17, 500, 17.0 / 80000, 4, 1e-6);
            }
            case "brusselator" -> {
                Brusselator b = Brusselator.standard();
                yield explicit("brusselator", b, b.initialState(), 12, 64, 12.0 / 640, 2, 1e-8);
            }
            case "burgers-poly" -> burgers("burgers-poly", x -> x * (1 - x));
            case "burgers-sin" -> burgers("burgers-sin", x -> Math.sin(2 * Math.PI * x));
            case "burgers-mix" -> burgers("burgers-mix",
                    x -> Math.sin(2 * Math.PI * x) + Math.cos(4 * Math.PI * x) - Math.cos(8 * Math.PI * x));
            default -> throw new IllegalArgumentException("unknown Parareal problem '" + name + "', expected one of " + NAMES + " or " + EXPENSIVE);
        };
    }

    private static PararealProblem explicit(String name, OdeSystem system, double[] y0, double T, int N, double h,
                                            int classicalSteps, double tol) {
        var fine = new StepperPropagator(system, ExplicitRungeKutta::rk4, h);
        var coarse = new StepperPropagator(system, ExplicitRungeKutta::rk4, T / N / classicalSteps);
        return new PararealProblem(name, system, y0, T, N, fine, coarse, classicalSteps, tol, -1);
    }

    /**
     * Burgers with ν = 1/50 on 51 points, T = 1, 50 intervals; F is implicit Euler with Δt = 1e-3,
     * the classical G one implicit Euler step per interval.
     */
    private static PararealProblem burgers(String name, DoubleUnaryOperator u0) {
        Burgers burgers = Burgers.standard();
        double[] y0 = new double[burgers.points()];
        // Exactly zero at the fixed ends; the profiles vanish there up to round-off.
        for (int i = 1; i < y0.length - 1; i++) y0[i] = u0.applyAsDouble(i * burgers.spacing());
        var fine = new StepperPropagator(burgers, ImplicitEuler::new, 1e-3);
        var coarse = new StepperPropagator(burgers, ImplicitEuler::new, 1.0 / 50);
        return new PararealProblem(name, burgers, y0, 1, 50, fine, coarse, 1, 1e-4, 1);
    }

    /**
     * An epidemic-like front on a 64 × 64 periodic grid: 2-D Fisher–KPP ({@code D = 10⁻³, r = 1}) seeded with a bump
     * of height 10⁻³ and width 0.1, T = 10 on 20 intervals. F is RK4 with Δt = 10⁻⁴ (5,000 steps of 4096 unknowns per
     * interval, ≈ 0.3 s: the expensive solve, so that Spark's few milliseconds a task do not matter), G is RK4 with Δt = 0.05 (10 steps, stable: Δt·8D/Δx² ≈ 1.6 < 2.78), tolerance
     * 10⁻⁸. G's error grows with the seed, which grows exponentially: the first iteration changes the start values by
     * 2·10⁻¹¹ at interval 1 up to 10⁻⁷ at the end, so it fixes about the first half of them, the second iteration
     * re-solves only the later intervals and changes nothing by more than 10⁻¹³ (K = 2). Two workers then do
     * 30 fine solves in the time of about 15 — the work saving that lets Parareal beat the sequential solve with K = 2.
     */
    private static PararealProblem fisherKpp() {
        var kpp = new FisherKpp2D(64, 1e-3, 1);
        double T = 10;
        int N = 20;
        var fine = new StepperPropagator(kpp, ExplicitRungeKutta::rk4, 1e-4);
        var coarse = new StepperPropagator(kpp, ExplicitRungeKutta::rk4, 0.05);
        return new PararealProblem("fisher-kpp", kpp, kpp.bump(1e-3, 0.1), T, N, fine, coarse, 10, 1e-8, -1);
    }
}
