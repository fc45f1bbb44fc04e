package org.odeon.systems;

import java.util.List;

/**
 * The Arenstorf orbit of the restricted three-body problem (a light body near the Earth–Moon
 * pair, in the frame rotating with them), state {@code (x, y, x', y')}:
 * <pre>  x'' = x + 2y' − μ'(x + μ)/D₁ − μ(x − μ')/D₂,   y'' = y − 2x' − μ'y/D₁ − μy/D₂,</pre>
 * {@code D₁ = ((x+μ)² + y²)^{3/2}}, {@code D₂ = ((x−μ')² + y²)^{3/2}}, {@code μ' = 1 − μ}, μ = 0.012277471.
 * The standard initial state lies on a periodic orbit of period {@link #PERIOD}. The Jacobi
 * constant {@code C = x² + y² + 2μ'/r₁ + 2μ/r₂ − (x'² + y'²)} is conserved.
 */
public record Arenstorf(double mu) implements OdeSystem {
    /** Period of the standard orbit. */
    public static final double PERIOD = 17.0652165601579625588917206249;

    public static Arenstorf standard() { return new Arenstorf(0.012277471); }

    @Override public String name() { return "Arenstorf"; }
    @Override public int dimension() { return 4; }
    @Override public double[] initialState() { return new double[] {0.994, 0, 0, -2.00158510637908252240537862224}; }

    public double jacobiConstant(double[] s) {
        double x = s[0], y = s[1], mup = 1 - mu;
        double r1 = Math.hypot(x + mu, y), r2 = Math.hypot(x - mup, y);
        return x * x + y * y + 2 * mup / r1 + 2 * mu / r2 - (s[2] * s[2] + s[3] * s[3]);
    }

    @Override
    public List<Invariant> invariants() { return List.of(new Invariant("Jacobi constant", this::jacobiConstant)); }

    @Override
    public void evaluate(double t, double[] s, double[] d) {
        double x = s[0], y = s[1], vx = s[2], vy = s[3], mup = 1 - mu;
        double a = (x + mu) * (x + mu) + y * y, b = (x - mup) * (x - mup) + y * y;
        double d1 = a * Math.sqrt(a), d2 = b * Math.sqrt(b);
        d[0] = vx;
        d[1] = vy;
        d[2] = x + 2 * vy - mup * (x + mu) / d1 - mu * (x - mup) / d2;
        d[3] = y - 2 * vx - mup * y / d1 - mu * y / d2;
    }
}
