package org.odeon.models.pixel;

import java.util.Map;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Buffer;
import org.odeon.nn.Conv2d;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.StructureCheck;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The pixel network of Celledoni, Jackaman, Murari and Owren: a time step {@code Δt} made of
 * {@code m} (default three) explicit Euler sub-steps of a learned method-of-lines field,
 *
 * <pre>
 *   U ← U + (Δt/m)·F(U),    F(U) = K₂ ⋆ σ(K₁ ⋆ U + b₁) + b₂,
 * </pre>
 *
 * {@code K₁, K₂} convolutions with circular padding (the periodic grid's difference stencils),
 * {@code σ = ReLU} with two hidden channels and no {@code b₂} for heat and advection,
 * {@code σ = ReLU²} with ten hidden channels for Fisher–KPP. Because a difference stencil is a
 * circular convolution, the explicit scheme of any stencil field of radius ≤ 2 (plus a logistic
 * reaction) is one choice of weights ({@link ExactScheme}).
 *
 * <p><b>Norm-preserving variant</b> (for advection, whose exact flow is an isometry): each sub-step
 * uses the projected field {@code F − U⟨U, F⟩/⟨U, U⟩} (tangent to the sphere through U) and then
 * rescales {@code U} to the norm the rollout started from, so {@code ‖U_k‖ = ‖U_0‖} for every k up
 * to rounding, whatever the weights ({@link PixelMetrics#normDrift} measures it). It is undefined
 * for the zero field, which has no sphere to stay on.
 *
 * <p>{@code Δt} and {@code m} are buffers, so a saved network carries its time step. A learned model
 * is best trained with {@code Δt} = one frame: the last layer is linear, so rescaling {@code K₂, b₂}
 * is the same as rescaling {@code Δt}, and Adam, whose steps have a fixed size, reaches weights of
 * order one sooner than weights of order {@code Δt⁻¹} ({@code α/h²} for heat).
 */
public final class PixelNet extends Module implements NextFrame, StructureCheck {

    /** The hidden nonlinearity. */
    public enum Nonlinearity { RELU, RELU_SQUARED }

    /** Layer sizes: hidden channels, kernel width (odd), nonlinearity, whether {@code F} has an output bias. */
    public record Shape(int hidden, int kernel, Nonlinearity sigma, boolean outputBias) {
        public Shape {
            if (hidden < 1 || kernel < 1 || kernel % 2 == 0 || kernel > 15)
                throw new IllegalArgumentException("pixel net needs ≥ 1 hidden channel and an odd kernel ≤ 15, got hidden=" + hidden + " kernel=" + kernel);
        }

        /** Heat and advection: 5×5, 1 → 2 → 1, ReLU, no output bias. */
        public static Shape linear() { return new Shape(2, 5, Nonlinearity.RELU, false); }

        /** Fisher–KPP: 5×5, 1 → 10 → 1, ReLU², output bias. */
        public static Shape fisher() { return new Shape(10, 5, Nonlinearity.RELU_SQUARED, true); }
    }

    private final Shape shape;
    private final Buffer step;  // [Δt, m]
    private final boolean keepsNorm;
    private final Conv2d lift, readout;

    public PixelNet(Shape shape, double dt, int substeps, boolean keepsNorm, Rng rng) {
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("pixel net: time step must be positive and finite, got " + dt);
        if (substeps < 1 || substeps > 1000) throw new IllegalArgumentException("pixel net: sub-steps must be in 1..1000, got " + substeps);
        this.shape = shape;
        this.step = buffer("step", NDArray.of(new int[] {2}, dt, substeps));
        this.keepsNorm = keepsNorm;
        int pad = shape.kernel() / 2;
        lift = child("lift", new Conv2d(1, shape.hidden(), shape.kernel(), 1, pad, IndexMap.Pad.CIRCULAR, true, Init.lecunUniform(), rng));
        readout = child("readout", new Conv2d(shape.hidden(), 1, shape.kernel(), 1, pad, IndexMap.Pad.CIRCULAR, shape.outputBias(), Init.lecunUniform(), rng));
        // Start near the identity step with every hidden unit switched on: a linear field lives in
        // the ReLU's linear regime (see ExactScheme), and a small F keeps early rollouts bounded.
        lift.bias().assign(NDArray.full(DType.F64, 1, shape.hidden()));
        readout.weight().assign(readout.weight().value().mul(0.1));
    }

    /** Three sub-steps, no norm preservation. */
    public PixelNet(Shape shape, double dt, Rng rng) { this(shape, dt, 3, false, rng); }

    public Shape shape() { return shape; }
    public double dt() { return step.value().data()[0]; }

    public int substeps() {
        double m = step.value().data()[1];
        if (m != Math.rint(m) || m < 1 || m > 1000) throw new IllegalArgumentException("pixel net: loaded sub-step count " + m + " is not an integer in 1..1000");
        return (int) m;
    }

    public boolean keepsNorm() { return keepsNorm; }
    Conv2d lift() { return lift; }
    Conv2d readout() { return readout; }

    /** The learned field {@code F(U)} (projected tangent to the sphere for the norm-preserving variant). */
    public Tensor field(Tensor u) {
        Tensor z = lift.forward(u);
        Tensor f = readout.forward(shape.sigma() == Nonlinearity.RELU ? z.relu() : z.relu().square());
        if (!keepsNorm) return f;
        Tensor uf = u.mul(f).sum(true, 1, 2, 3), uu = u.square().sum(true, 1, 2, 3);
        return f.sub(u.mul(uf.div(uu)));
    }

    @Override public Tensor forward(Tensor u) { return next(u, null); }

    @Override
    public Tensor next(Tensor u, Tensor startNorm) {
        requireFrames(u);
        Tensor target = !keepsNorm ? null : startNorm != null ? startNorm.reshape(startNorm.size(), 1, 1, 1) : u.norm(true, 1, 2, 3);
        int m = substeps();
        double h = dt() / m;
        for (int s = 0; s < m; s++) {
            u = u.add(field(u).mul(h));
            if (keepsNorm) u = u.mul(target.div(u.norm(true, 1, 2, 3)));
        }
        return u;
    }

    /**
     * The norm-preserving variant's promise, measured: {@code norm_drift}, the largest relative
     * change of ‖U‖ over 1,000 steps from two random fields. Empty for the plain network, which
     * promises no invariant.
     */
    @Override public Map<String, Double> structureDefects(long seed) {
        if (!keepsNorm) return Map.of();
        NDArray u0 = new Rng(seed).normal(DType.F64, 0, 1, 2, 1, 12, 12);
        return Map.of("norm_drift", PixelMetrics.normDrift(PixelMetrics.rollout(this, u0, 1000)));
    }

    static void requireFrames(Tensor u) {
        int[] s = u.shape();
        if (s.length != 4 || s[1] != 1)
            throw new IllegalArgumentException("pixel models take frames [N, 1, n, n], got " + org.odeon.tensor.Shape.str(s));
    }

    @Override public String toString() {
        return "PixelNet(" + shape + ", dt=" + dt() + ", substeps=" + substeps() + (keepsNorm ? ", norm-preserving" : "") + ")";
    }
}
