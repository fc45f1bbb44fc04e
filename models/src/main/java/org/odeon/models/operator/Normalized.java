package org.odeon.models.operator;

import org.odeon.autograd.Tensor;
import org.odeon.nn.Buffer;
import org.odeon.nn.Certified;
import org.odeon.nn.Module;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * A solution operator learned on normalised fields, {@code G(a) = s_u · M((a − μ_a)/σ_a)}: the input is
 * centred and scaled by the training inputs' mean and standard deviation, and the inner model's output is
 * scaled by the training outputs' root mean square. Darcy's coefficients take the values 3 and 12 and
 * its solutions are of order 10⁻², far from the unit scale at which the layers are initialised; the
 * FNO reference code normalises both for the same reason. The statistics are single numbers (not
 * per-pixel fields, as in that code), so the map means the same at every resolution; they are buffers,
 * saved with the weights, since they change the outputs. Only a scale is applied to the output, no
 * shift, so a zero boundary value stays exactly representable.
 *
 * <p>Certificate: the shift by μ_a cancels in differences, so {@code ‖G(a) − G(b)‖ ≤ (s_u/σ_a)·L_M·‖a − b‖} with
 * {@code L_M} the inner model's certificate, on any grid; an inner model without one leaves this one without.
 */
public final class Normalized extends Module implements Certified {
    private final Module inner;
    private final Buffer stats;

    /** Statistics from the training set: inputs {@code a} and outputs {@code u}, fields {@code [B, C, H, W]}. */
    public Normalized(Module inner, NDArray a, NDArray u) {
        this.inner = child("inner", inner);
        double mean = a.astype(DType.F64).mean(false).item(), std = Math.sqrt(a.astype(DType.F64).add(-mean).square().mean(false).item());
        double rms = Math.sqrt(u.astype(DType.F64).square().mean(false).item());
        if (!(std > 0) || !(rms > 0) || !Double.isFinite(std) || !Double.isFinite(rms))
            throw new IllegalArgumentException("normalisation needs inputs that vary and outputs that are not all zero, finite; got input std " + std + ", output rms " + rms);
        stats = buffer("stats", NDArray.of(DType.F64, new int[] {3}, new double[] {mean, std, rms}));
    }

    public Module inner() { return inner; }

    /** {@code [μ_a, σ_a, s_u]}. */
    public double[] statistics() { return stats.value().data().clone(); }

    /** {@code (s_u/σ_a)·L_M}; one line naming the layer if the inner model has no certificate. */
    @Override public double lipschitzBound(double tol) {
        double[] s = stats.value().data();
        return s[2] / s[1] * Certified.of(inner, tol);
    }

    @Override public Tensor forward(Tensor a) {
        double[] s = stats.value().data();
        return inner.forward(a.sub(s[0]).mul(1 / s[1])).mul(s[2]);
    }

    @Override public String toString() { return "Normalized(" + inner + ")"; }
}
