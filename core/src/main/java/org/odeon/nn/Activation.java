package org.odeon.nn;

import java.util.function.UnaryOperator;
import org.odeon.autograd.Tensor;

/** An element-wise nonlinearity {@code y = σ(x)} with no parameters. */
public final class Activation extends Module {
    private final String name;
    private final UnaryOperator<Tensor> sigma;

    private Activation(String name, UnaryOperator<Tensor> sigma) {
        this.name = name;
        this.sigma = sigma;
    }

    /** {@code max(x, 0)}. */
    public static Activation relu() { return new Activation("ReLU", Tensor::relu); }

    /** {@code x} for {@code x > 0}, {@code slope·x} otherwise. */
    public static Activation leakyRelu(double slope) { return new Activation("LeakyReLU(" + slope + ")", x -> x.leakyRelu(slope)); }

    public static Activation tanh() { return new Activation("Tanh", Tensor::tanh); }

    /** {@code 1/(1 + e^{−x})}. */
    public static Activation sigmoid() { return new Activation("Sigmoid", Tensor::sigmoid); }

    /** {@code log(1 + e^x)}. */
    public static Activation softplus() { return new Activation("Softplus", Tensor::softplus); }

    @Override public Tensor forward(Tensor x) { return sigma.apply(x); }

    @Override public String toString() { return name; }
}
