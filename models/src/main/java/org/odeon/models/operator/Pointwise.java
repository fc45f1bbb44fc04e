package org.odeon.models.operator;

import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.nn.Certified;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * The same affine map at every point of a field, {@code y(x) = W·v(x) + b} with {@code W: [out, in]}
 * (a 1×1 convolution): the local part of a Fourier block and the lifting and projection of an FNO.
 * It has no spatial extent, so it means the same at every resolution, and its ℓ2 Lipschitz
 * constant over a whole field is {@code ‖W‖₂}.
 */
public final class Pointwise extends Module implements Certified {
    private final Parameter weight, bias;

    public Pointwise(int in, int out, boolean withBias, Rng rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Pointwise needs positive sizes, got in=" + in + ", out=" + out);
        weight = parameter("weight", Init.lecunUniform().draw(DType.F64, new int[] {out, in, 1, 1}, rng));
        double a = 1 / Math.sqrt(in);
        bias = withBias ? parameter("bias", Init.uniform(-a, a).draw(DType.F64, new int[] {out}, rng)) : null;
    }

    @Override public Tensor forward(Tensor v) {
        return Conv.conv2d(v, weight.tensor(), bias == null ? null : bias.tensor(), 1, 0, IndexMap.Pad.ZERO);
    }

    @Override public double lipschitzBound(double tol) {
        int[] s = weight.shape();
        return OperatorNorm.matrixBound(weight.value().reshape(s[0], s[1]));
    }

    @Override public String toString() { return "Pointwise(" + weight.shape()[1] + " → " + weight.shape()[0] + ")"; }
}
