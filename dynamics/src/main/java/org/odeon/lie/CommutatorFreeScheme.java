package org.odeon.lie;

/**
 * A commutator-free Lie-group method: each stage and the update compose exponentials of linear
 * combinations of the frozen stage vector fields {@code F_j = h ξ(t + c_j h, Y_j)},
 * <pre>  Y_i = exp(Σ_j α_{i,J}^j F_j) ⋯ exp(Σ_j α_{i,1}^j F_j)·y_n,
 *   y_{n+1} = exp(Σ_j β_J^j F_j) ⋯ exp(Σ_j β_1^j F_j)·y_n,</pre>
 * where the exponentials of each list are applied first to last. No commutators are needed.
 * Read by {@link CommutatorFree} and by the differentiable form.
 *
 * @param stages {@code stages[i][e]} are the coefficients over F_0 … F_{i−1} of the e-th
 *               exponential of stage i
 * @param update {@code update[e]} are the coefficients over all F of the e-th exponential of the update
 */
public record CommutatorFreeScheme(String name, int order, double[] c, double[][][] stages, double[][] update) {

    public CommutatorFreeScheme {
        int s = c.length;
        if (stages.length != s)
            throw new IllegalArgumentException(name + ": " + s + " nodes but " + stages.length + " stages");
        for (int i = 0; i < s; i++)
            for (double[] e : stages[i])
                if (e.length != i) throw new IllegalArgumentException(name + ": stage " + i + " exponentials need " + i + " coefficients, got " + e.length);
        for (double[] e : update)
            if (e.length != s) throw new IllegalArgumentException(name + ": update exponentials need " + s + " coefficients, got " + e.length);
    }

    /**
     * CF4 of Celledoni, Marthinsen and Owren: RK4's stages with
     * {@code Y₄ = exp(F₃ − ½F₁)·Y₂} and the update
     * {@code exp((−F₁ + 2F₂ + 2F₃ + 3F₄)/12) exp((3F₁ + 2F₂ + 2F₃ − F₄)/12)·y_n}.
     */
    public static final CommutatorFreeScheme CF4 = new CommutatorFreeScheme("CF4", 4,
            new double[] {0, 0.5, 0.5, 1},
            new double[][][] {
                    {},
                    {{0.5}},
                    {{0, 0.5}},
                    {{0.5, 0, 0}, {-0.5, 0, 1}}},
            new double[][] {{3 / 12.0, 2 / 12.0, 2 / 12.0, -1 / 12.0}, {-1 / 12.0, 2 / 12.0, 2 / 12.0, 3 / 12.0}});
}
