package org.odeon.nn;

import org.odeon.autograd.Dense;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.DType;
import org.odeon.tensor.Rng;

/**
 * Affine map {@code y = x·Wᵀ + b} with {@code W: [out, in]}, acting on the last axis of {@code x}.
 * Certificate: {@code Lip = ‖W‖₂}, bounded from above by {@link OperatorNorm#matrixBound} (exact
 * up to rounding, no tolerance).
 */
public final class Linear extends Module implements Certified {
    private final Parameter weight, bias;

    /** Weight drawn by {@code init}, bias (if any) from {@code U(±1/√in)}. */
    public Linear(int in, int out, boolean withBias, Init init, Rng rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear needs positive sizes, got in=" + in + ", out=" + out);
        weight = parameter("weight", init.draw(DType.F64, new int[] {out, in}, rng));
        bias = withBias ? parameter("bias", Init.uniform(-1 / Math.sqrt(in), 1 / Math.sqrt(in)).draw(DType.F64, new int[] {out}, rng)) : null;
    }

    /** With bias, both drawn from {@code U(±1/√in)}. */
    public Linear(int in, int out, Rng rng) { this(in, out, true, Init.lecunUniform(), rng); }

    public Parameter weight() { return weight; }

    /** The bias, or null. */
    public Parameter bias() { return bias; }

    @Override public Tensor forward(Tensor x) {
        return Dense.affine(x, weight.tensor(), bias == null ? null : bias.tensor());
    }

    /** {@code tanh(forward(x))} as one fused op (see {@link Mlp#forward}). */
    Tensor forwardTanh(Tensor x) { return Dense.affineTanh(x, weight.tensor(), bias == null ? null : bias.tensor()); }

    @Override public double lipschitzBound(double tol) { return OperatorNorm.matrixBound(weight.value()); }

    @Override public String toString() {
        int[] s = weight.shape();
        return "Linear(" + s[1] + " → " + s[0] + (bias == null ? ", no bias" : "") + ")";
    }
}
