package org.odeon.ode;

/**
 * Fast form of an explicit symplectic {@link SplittingScheme} for a separable Hamiltonian,
 * on {@code y = (q, p)}: alternates kicks {@code p ← p + b_i h·(−∂V/∂q)} and drifts
 * {@code q ← q + a_i h·∂T/∂p}. Its one-step map satisfies {@code JᵀΩJ = Ω} exactly.
 */
public final class SplittingMethod implements Stepper<SeparableHamiltonian> {
    private final SplittingScheme scheme;
    private final double[] kicks, drifts;
    private double[] work = new double[0];

    public SplittingMethod(SplittingScheme scheme) {
        this.scheme = scheme;
        this.kicks = scheme.kicks();
        this.drifts = scheme.drifts();
    }

    public static SplittingMethod symplecticEulerKickDrift() { return new SplittingMethod(SplittingScheme.SYMPLECTIC_EULER_KICK_DRIFT); }
    public static SplittingMethod symplecticEulerDriftKick() { return new SplittingMethod(SplittingScheme.SYMPLECTIC_EULER_DRIFT_KICK); }
    public static SplittingMethod stormerVerlet() { return new SplittingMethod(SplittingScheme.STORMER_VERLET); }
    public static SplittingMethod yoshida4() { return new SplittingMethod(SplittingScheme.YOSHIDA4); }

    public SplittingScheme scheme() { return scheme; }

    @Override public String name() { return scheme.name(); }

    @Override public int order() { return scheme.order(); }

    @Override
    public void step(SeparableHamiltonian f, double t, double h, double[] y) {
        int d = f.degreesOfFreedom();
        if (y.length != 2 * d)
            throw new IllegalArgumentException(name() + ": state must have length 2d = " + 2 * d + ", got " + y.length);
        if (work.length != y.length) work = new double[y.length];
        for (int i = 0; i < kicks.length; i++) {
            if (kicks[i] != 0) {
                f.force(y, work);
                double c = kicks[i] * h;
                for (int m = d; m < 2 * d; m++) y[m] += c * work[m];
            }
            if (i < drifts.length && drifts[i] != 0) {
                f.velocity(y, work);
                double c = drifts[i] * h;
                for (int m = 0; m < d; m++) y[m] += c * work[m];
            }
        }
    }
}
