package org.odeon.examples;

import org.odeon.lie.HomogeneousSpace;
import org.odeon.lie.LieVectorField;
import org.odeon.lie.RungeKuttaMuntheKaas;
import org.odeon.lie.Sphere;
import org.odeon.ode.ExplicitRungeKutta;

/**
 * Integrate an ODE on the sphere, {@code y' = ξ(t, y) × y}, with a Lie-group method (RKMK4) that moves
 * along rotations, so {@code |y| = 1} holds to round-off; classical RK4 drifts off the sphere.
 */
public final class LieGroupIntegration {
    /** A direction turned about an axis that turns with time and depends on where it points: {@code ξ(t, y) = (cos t, sin t, y₀)}. */
    static final class Top implements LieVectorField {
        @Override public HomogeneousSpace space() { return Sphere.S2; }
        @Override public void generator(double t, double[] y, double[] xi) { xi[0] = Math.cos(t); xi[1] = Math.sin(t); xi[2] = y[0]; }
        @Override public void evaluate(double t, double[] y, double[] dydt) {
            double[] xi = new double[3];
            generator(t, y, xi);
            Sphere.S2.infinitesimalAction(xi, 0, y, 0, dydt, 0);
        }
    }

    /** How far each method's end point is from the unit sphere after integrating to {@code t = 50}. */
    public record Result(double lieDefect, double rk4Defect, double[] end) {}

    public static void main(String[] args) {
        Result r = run();
        System.out.printf("RKMK4 end point %s%n| |y| - 1 |  RKMK4 %.2e   RK4 %.2e%n", java.util.Arrays.toString(r.end()), r.lieDefect(), r.rk4Defect());
    }

    public static Result run() {
        Top f = new Top();
        double[] lie = {1, 0, 0}, classical = {1, 0, 0};
        RungeKuttaMuntheKaas.rkmk4().integrate(f, 0, lie, 50, 0.1);
        ExplicitRungeKutta.rk4().integrate(f, 0, classical, 50, 0.1);
        return new Result(Math.abs(norm(lie) - 1), Math.abs(norm(classical) - 1), lie);
    }

    static double norm(double[] y) { return Math.sqrt(y[0] * y[0] + y[1] * y[1] + y[2] * y[2]); }
}
