package org.odeon.nn;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;

/**
 * Composition {@code f_{n−1} ∘ ⋯ ∘ f_0}; layer {@code i} is named {@code "i"}.
 * Certificate: {@code Lip(f ∘ g) ≤ Lip(f)·Lip(g)}, so the product of the layers' certificates; a
 * layer without one makes {@link #lipschitzBound} fail with its name. {@link Mlp} is one, built from widths.
 */
public class Sequential extends Module implements Certified {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) { this(List.of(layers)); }

    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) this.layers.add(child(Integer.toString(this.layers.size()), m));
    }

    public Module get(int i) { return layers.get(i); }

    public int size() { return layers.size(); }

    @Override public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.forward(x);
        return x;
    }

    @Override public double lipschitzBound(double tol) {
        double l = 1;
        for (Module m : layers) l *= Certified.of(m, tol);
        return l;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) sb.append(i == 0 ? "" : ", ").append(layers.get(i));
        return sb.append(')').toString();
    }
}
