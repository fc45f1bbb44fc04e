package org.odeon.models.lipschitz;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Certified;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The baseline ResNet block {@code x ← x + A₂σ(A₁x + b₁) + b₂} with unconstrained weights.
 * Certificate: {@code Lip ≤ 1 + L_σ‖A₂‖‖A₁‖}; composed over depth it can grow exponentially,
 * which is what the constrained regimes avoid.
 */
public final class ResidualBlock extends Module implements Certified {
    private final Operator first, second;
    private final Activation sigma;
    private final Parameter w1, b1, w2, b2;

    /** {@code first: X → H}, {@code second: H → X}. */
    public ResidualBlock(Operator first, Operator second, Activation sigma, Rng rng) {
        if (!java.util.Arrays.equals(first.outputShape(), second.inputShape()) || !java.util.Arrays.equals(second.outputShape(), first.inputShape()))
            throw new IllegalArgumentException("ResidualBlock: maps " + first + " and " + second + " do not compose to X → X");
        this.first = first;
        this.second = second;
        this.sigma = sigma;
        w1 = parameter("weight1", Init.heUniform().draw(DType.F64, first.weightShape(), rng));
        b1 = parameter("bias1", NDArray.zeros(DType.F64, first.biasShape()));
        w2 = parameter("weight2", Init.lecunUniform().draw(DType.F64, second.weightShape(), rng).mul(0.1));
        b2 = parameter("bias2", NDArray.zeros(DType.F64, second.biasShape()));
    }

    @Override public Tensor forward(Tensor x) {
        Tensor h = sigma.apply(first.apply(x, w1.tensor()).add(b1.tensor()));
        return x.add(second.apply(h, w2.tensor()).add(b2.tensor()));
    }

    @Override public double lipschitzBound(double tol) {
        return 1 + sigma.maxSlope() * first.normBound(w1.value(), tol) * second.normBound(w2.value(), tol);
    }

    @Override public String toString() { return "ResidualBlock(" + first + ", " + second + ")"; }
}
