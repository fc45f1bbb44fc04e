package org.odeon.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.Rng;

/**
 * The multilayer perceptron {@code x ↦ W_m σ(⋯ σ(W_1 x + b_1) ⋯) + b_m} on widths
 * {@code n_0 → n_1 → ⋯ → n_m}: affine layers with the activation σ between them and none after the last.
 *
 * <p>It is the {@link Sequential} of those layers (so its state dict names them {@code "0"}, {@code "2"}, ... and
 * its certificate is the product of theirs), drawn in order, each weight then its bias, from one generator.
 */
public final class Mlp extends Sequential {
    private final int[] widths;

    /**
     * @param widths     {@code n_0, n_1, …, n_m}: input size, hidden widths, output size (at least two entries)
     * @param activation a fresh activation for each hidden layer
     * @param init       how each weight is drawn (biases from {@code U(±1/√n_in)}, as {@link Linear})
     */
    public Mlp(int[] widths, Supplier<? extends Module> activation, Init init, Rng rng) {
        super(layers(widths, activation, init, rng));
        this.widths = widths.clone();
    }

    private static List<Module> layers(int[] widths, Supplier<? extends Module> activation, Init init, Rng rng) {
        if (widths.length < 2) throw new IllegalArgumentException("an MLP needs at least an input and an output width, got " + Arrays.toString(widths));
        for (int w : widths)
            if (w < 1) throw new IllegalArgumentException("MLP widths must be positive, got " + Arrays.toString(widths));
        List<Module> layers = new ArrayList<>();
        for (int k = 0; k + 1 < widths.length; k++) {
            if (k > 0) layers.add(activation.get());
            layers.add(new Linear(widths[k], widths[k + 1], true, init, rng));
        }
        return layers;
    }

    /** Tanh hidden layers and PyTorch's default initialisation ({@code U(±1/√n_in)}). */
    public static Mlp tanh(Rng rng, int... widths) { return new Mlp(widths, Activation::tanh, Init.lecunUniform(), rng); }

    /** {@code in → width → ⋯ → width → out} with {@code depth} hidden layers. */
    public static int[] widths(int in, int width, int depth, int out) {
        if (depth < 1) throw new IllegalArgumentException("an MLP needs at least one hidden layer, got depth " + depth);
        int[] w = new int[depth + 2];
        Arrays.fill(w, width);
        w[0] = in;
        w[depth + 1] = out;
        return w;
    }

    /** {@code in → hidden[0] → ⋯ → hidden[k−1] → out}. */
    public static int[] widths(int in, List<Integer> hidden, int out) {
        int[] w = new int[hidden.size() + 2];
        w[0] = in;
        for (int i = 0; i < hidden.size(); i++) w[i + 1] = hidden.get(i);
        w[w.length - 1] = out;
        return w;
    }

    /** The layers in order, each affine layer followed by tanh run as one fused op (the same values, one pass fewer). */
    @Override public Tensor forward(Tensor x) {
        for (int i = 0; i < size(); i++) {
            if (get(i) instanceof Linear l && i + 1 < size() && get(i + 1) instanceof Activation a && a.isTanh()) {
                x = l.forwardTanh(x);
                i++;   // the tanh is done
            } else x = get(i).forward(x);
        }
        return x;
    }

    /** {@code n_0, …, n_m}. */
    public int[] widths() { return widths.clone(); }

    /** The affine layers, first to last (every other layer). */
    public List<Linear> linears() {
        List<Linear> out = new ArrayList<>();
        for (int i = 0; i < size(); i += 2) out.add((Linear) get(i));
        return out;
    }

    @Override public String toString() {
        return "Mlp(" + String.join(" → ", Arrays.stream(widths).mapToObj(Integer::toString).toList()) + (size() > 1 ? ", " + get(1) : "") + ")";
    }
}
