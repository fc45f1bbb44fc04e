package org.odeon.ode;

/**
 * A composition of the exact flows of the two halves of a separable Hamiltonian
 * {@code H = T(p) + V(q)}: kicks {@code p ← p − b_i h ∂V/∂q(q)} and drifts
 * {@code q ← q + a_i h ∂T/∂p(p)}, applied in the order
 * <pre>  K(b_0) D(a_0) K(b_1) D(a_1) … D(a_{m−1}) K(b_m).</pre>
 * Each kick and drift is the exact flow of a Hamiltonian, hence symplectic, and so is every
 * composition of them. Consistency requires {@code Σ a_i = Σ b_i = 1}.
 *
 * <p>This is the single definition of each method, read by the fast {@link SplittingMethod}
 * and by the differentiable tensor form.
 *
 * @param kicks  {@code b_0 … b_m} (zeros are skipped)
 * @param drifts {@code a_0 … a_{m−1}}
 */
public record SplittingScheme(String name, int order, double[] kicks, double[] drifts) {

    public SplittingScheme {
        if (kicks.length != drifts.length + 1)
            throw new IllegalArgumentException(name + ": need one more kick than drifts, got " + kicks.length + " kicks and " + drifts.length + " drifts");
        double sa = 0, sb = 0;
        for (double v : drifts) sa += v;
        for (double v : kicks) sb += v;
        if (Math.abs(sa - 1) > 1e-14 || Math.abs(sb - 1) > 1e-14)
            throw new IllegalArgumentException(name + ": kick and drift coefficients must each sum to 1, got " + sb + " and " + sa);
    }

    /** Symplectic Euler, kick first: {@code p₁ = p₀ − h V_q(q₀)}, {@code q₁ = q₀ + h T_p(p₁)}. */
    public static final SplittingScheme SYMPLECTIC_EULER_KICK_DRIFT =
            new SplittingScheme("SymplecticEuler(p first)", 1, new double[] {1, 0}, new double[] {1});

    /** Symplectic Euler, drift first: {@code q₁ = q₀ + h T_p(p₀)}, {@code p₁ = p₀ − h V_q(q₁)}. */
    public static final SplittingScheme SYMPLECTIC_EULER_DRIFT_KICK =
            new SplittingScheme("SymplecticEuler(q first)", 1, new double[] {0, 1}, new double[] {1});

    /** Störmer–Verlet / leapfrog (velocity form): half kick, drift, half kick. Symmetric, order 2. */
    public static final SplittingScheme STORMER_VERLET =
            new SplittingScheme("StormerVerlet", 2, new double[] {0.5, 0.5}, new double[] {1});

    /** Yoshida's order-4 triple jump: Verlet steps of sizes {@code w₁h, w₀h, w₁h} composed. */
    public static final SplittingScheme YOSHIDA4 = yoshida4();

    private static SplittingScheme yoshida4() {
        double cbrt2 = Math.cbrt(2);
        double w1 = 1 / (2 - cbrt2), w0 = -cbrt2 / (2 - cbrt2);
        // Adjacent half kicks of consecutive Verlet steps merge into one kick.
        return new SplittingScheme("Yoshida4", 4,
                new double[] {w1 / 2, (w1 + w0) / 2, (w0 + w1) / 2, w1 / 2},
                new double[] {w1, w0, w1});
    }
}
