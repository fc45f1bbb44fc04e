package org.odeon.lie;

import org.odeon.autograd.Tensor;
import org.odeon.ode.TensorStepper;

/** Differentiable form of a {@link CommutatorFreeScheme} (e.g. CF4), the same coefficients as {@link CommutatorFree}. */
public final class TensorCommutatorFree implements TensorStepper<TensorLieField> {
    private final CommutatorFreeScheme scheme;

    public TensorCommutatorFree(CommutatorFreeScheme scheme) { this.scheme = scheme; }

    public static TensorCommutatorFree cf4() { return new TensorCommutatorFree(CommutatorFreeScheme.CF4); }

    @Override public String name() { return scheme.name(); }

    @Override public int order() { return scheme.order(); }

    @Override
    public Tensor step(TensorLieField f, double t, double h, Tensor y) {
        TensorHomogeneousSpace space = f.space();
        int s = scheme.c().length;
        Tensor[] frozen = new Tensor[s];
        for (int i = 0; i < s; i++) frozen[i] = f.generator(t + scheme.c()[i] * h, compose(space, scheme.stages()[i], frozen, y)).mul(h);
        return compose(space, scheme.update(), frozen, y);
    }

    /**
     * Applies {@code exp(Σ_j e_j F_j)} for each coefficient list e in turn, starting from y, as
     * {@code y + Σ_k d_k} with {@code d_k = exp(ξ_k)·z_k − z_k}, {@code z_k = y + Σ_{l<k} d_l}: y is
     * rounded once per step, the intermediate points' roundings enter only through the small d_k
     * (see {@link TensorHomogeneousSpace#expActDisplacement}).
     */
    private static Tensor compose(TensorHomogeneousSpace space, double[][] exponentials, Tensor[] frozen, Tensor y) {
        Tensor moved = null;
        for (double[] e : exponentials) {
            Tensor combo = null;
            for (int j = 0; j < e.length; j++)
                if (e[j] != 0) combo = combo == null ? frozen[j].mul(e[j]) : combo.add(frozen[j].mul(e[j]));
            if (combo == null) continue;
            Tensor d = space.expActDisplacement(combo, moved == null ? y : y.add(moved));
            moved = moved == null ? d : moved.add(d);
        }
        return moved == null ? y : y.add(moved);
    }
}
