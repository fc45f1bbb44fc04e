package org.odeon.nn;

import java.util.function.UnaryOperator;
import org.odeon.autograd.Tensor;

/**
 * An element-wise nonlinearity {@code y = σ(x)} with no parameters, and the interval
 * {@code [a, b]} that holds every difference quotient {@code (σ(u) − σ(v))/(u − v)}.
 *
 * <p>Certificate: acting element-wise, {@code |σ(u) − σ(v)| ≤ max(|a|, |b|)·|u − v|} in every
 * coordinate, so {@code Lip ≤ max(|a|, |b|)}. A {@linkplain #monotone() monotone} σ ({@code a ≥ 0})
 * is the derivative of a convex {@code γ}, which is what the gradient-step layers of
 * {@code org.odeon.models.lipschitz} need; their step rules use the upper slope {@code b}.
 */
public final class Activation extends Module implements Certified {
    private final String name;
    private final UnaryOperator<Tensor> sigma;
    private final double minSlope, maxSlope;

    private Activation(String name, UnaryOperator<Tensor> sigma, double minSlope, double maxSlope) {
        this.name = name;
        this.sigma = sigma;
        this.minSlope = minSlope;
        this.maxSlope = maxSlope;
    }

    /** {@code max(x, 0)}: slopes in [0, 1]. */
    public static Activation relu() { return new Activation("ReLU", Tensor::relu, 0, 1); }

    /** {@code x} for {@code x > 0}, {@code slope·x} otherwise: slopes between {@code slope} and 1. */
    public static Activation leakyRelu(double slope) {
        if (!Double.isFinite(slope)) throw new IllegalArgumentException("LeakyReLU slope must be finite, got " + slope);
        return new Activation("LeakyReLU(" + slope + ")", x -> x.leakyRelu(slope), Math.min(slope, 1), Math.max(slope, 1));
    }

    /** Slopes in (0, 1]. */
    public static Activation tanh() { return new Activation("Tanh", Tensor::tanh, 0, 1); }

    /** {@code 1/(1 + e^{−x})}: slopes in (0, 1/4]. */
    public static Activation sigmoid() { return new Activation("Sigmoid", Tensor::sigmoid, 0, 0.25); }

    /** {@code log(1 + e^x)}: slopes in (0, 1). */
    public static Activation softplus() { return new Activation("Softplus", Tensor::softplus, 0, 1); }

    @Override public Tensor forward(Tensor x) { return sigma.apply(x); }

    /** Whether this is {@link #tanh()}, which an {@link Mlp} fuses into the affine layer before it. */
    boolean isTanh() { return name.equals("Tanh"); }

    /** The lower end {@code a} of the slope interval. */
    public double minSlope() { return minSlope; }

    /** The upper end {@code b} of the slope interval. */
    public double maxSlope() { return maxSlope; }

    /** Whether σ is non-decreasing ({@code a ≥ 0}), i.e. the derivative of a convex function. */
    public boolean monotone() { return minSlope >= 0; }

    @Override public double lipschitzBound(double tol) { return Math.max(Math.abs(minSlope), Math.abs(maxSlope)); }

    @Override public String toString() { return name; }
}
