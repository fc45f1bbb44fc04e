package org.odeon.models.isometric;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Activation;
import org.odeon.nn.Init;
import org.odeon.nn.Linear;
import org.odeon.nn.Module;
import org.odeon.nn.Sequential;
import org.odeon.nn.StructureCheck;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A deep classifier {@code x ↦ head(body(embed(x)))} on flattened inputs: {@code embed} a linear map
 * {@code n → w} initialised with orthonormal rows (a partial isometry), {@code body} {@code depth} layers of
 * width {@code w} of one {@link Variant}, {@code head} a linear map {@code w → classes}. The body is the
 * part whose Jacobian the variants differ in, and what {@link JacobianSpectrum} and
 * {@link JacobianRegularizer} are applied to.
 */
public final class DeepClassifier extends Module implements StructureCheck {

    /** The body's layers. */
    public enum Variant {
        /**
         * {@link ReflectionLayer} {@code x − 2WᵀReLU(Wx + b)}, {@code W} of rank {@code w/2}, {@code b} starting at −1 (a
         * direction is reflected only where {@code (Wx)ᵢ > 1}): orthogonal Jacobian a.e., close to the identity at first.
         */
        REFLECTION,
        /** {@link OrthogonalLayer} {@code σ(Wx + b)} with the {@link UnitSlope#FOLD} activation: orthogonal Jacobian a.e. */
        ORTHOGONAL,
        /** {@link PartialIsometryLayer} in reflection form, isometric on the first {@code w/2} coordinates. */
        PARTIAL_ISOMETRY,
        /** {@code ReLU(Wx + b)}, {@code W ~ U(±1/√w)} (PyTorch's default). */
        PLAIN,
        /** {@code tanh(Wx + b)}, {@code W} Haar-orthogonal at initialisation (dynamical isometry at initialisation only, approximately). */
        PLAIN_ORTHOGONAL_INIT,
        /** {@code x + W₂ReLU(W₁x + b₁) + b₂}, default initialisation with {@code W₂ = 0} (each block starts as the identity). */
        RESNET
    }

    private final Variant variant;
    private final int width, depth;
    private final Linear embed, head;
    private final Sequential body;

    public DeepClassifier(Variant variant, int inputs, int width, int depth, int classes, OrthogonalWeight.Mode mode, Rng rng) {
        this(variant, inputs, width, depth, classes, mode, 1, rng);
    }

    /** With the reflection bodies' biases starting at {@code −threshold} (see {@link ReflectionLayer}); 1 by default. */
    public DeepClassifier(Variant variant, int inputs, int width, int depth, int classes, OrthogonalWeight.Mode mode, double threshold, Rng rng) {
        if (inputs < 1 || width < 2 || depth < 1 || classes < 2)
            throw new IllegalArgumentException("DeepClassifier needs inputs ≥ 1, width ≥ 2, depth ≥ 1, classes ≥ 2; got " + inputs + ", " + width + ", " + depth + ", " + classes);
        if (!Double.isFinite(threshold)) throw new IllegalArgumentException("DeepClassifier needs a finite reflection threshold, got " + threshold);
        this.variant = variant;
        this.width = width;
        this.depth = depth;
        embed = child("embed", new Linear(inputs, width, true, Init.orthogonal(1), rng));
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i < depth; i++) layers.add(layer(variant, width, mode, threshold, rng));
        body = child("body", new Sequential(layers));
        head = child("head", new Linear(width, classes, rng));
    }

    private static Module layer(Variant v, int width, OrthogonalWeight.Mode mode, double threshold, Rng rng) {
        return switch (v) {
            case ORTHOGONAL -> new OrthogonalLayer(width, UnitSlope.FOLD, mode, rng);
            case REFLECTION -> new ReflectionLayer(width, width / 2, threshold, mode, rng);
            case PARTIAL_ISOMETRY -> new PartialIsometryLayer(width, width / 2, mode, rng);
            case PLAIN -> new Sequential(new Linear(width, width, rng), Activation.relu());
            case PLAIN_ORTHOGONAL_INIT -> new Sequential(new Linear(width, width, true, Init.orthogonal(1), rng), Activation.tanh());
            case RESNET -> new ResidualBlock(width, rng);
        };
    }

    public Variant variant() { return variant; }

    public int width() { return width; }

    public int depth() { return depth; }

    /** The {@code depth} layers of width {@code w}. */
    public Sequential body() { return body; }

    /** The body's input for a batch: the embedded features. */
    public Tensor embed(Tensor x) { return embed.forward(x.reshape(x.dim(0), x.size() / x.dim(0))); }

    @Override public Tensor forward(Tensor x) { return head.forward(body.forward(embed(x))); }

    /** {@code ‖∂L/∂θ_ℓ‖} for each body layer ℓ, from the gradients accumulated by the last {@code backward()}. */
    public double[] layerGradientNorms() {
        double[] out = new double[depth];
        for (int l = 0; l < depth; l++) {
            double s = 0;
            for (var p : body.get(l).parameters())
                if (p.grad() != null) { double n = p.grad().norm(); s += n * n; }
            out[l] = Math.sqrt(s);
        }
        return out;
    }

    /** The largest certified Jacobian defect over the body's layers; NaN for bodies that certify none. */
    public double bodyJacobianDefect() {
        double worst = 0;
        for (int l = 0; l < depth; l++) {
            double d = switch (body.get(l)) {
                case OrthogonalLayer o -> o.jacobianDefect();
                case ReflectionLayer r -> r.jacobianDefect();
                case PartialIsometryLayer p -> p.jacobianDefect();
                default -> Double.NaN;
            };
            if (Double.isNaN(d)) return Double.NaN;
            worst = Math.max(worst, d);
        }
        return worst;
    }

    /**
     * The body's Jacobian defect: certified from the weights (isometric variants only) and measured
     * from exact Jacobians at one probe (every variant: how far a plain body is from isometry).
     */
    @Override public java.util.Map<String, Double> structureDefects(long seed) {
        var out = new java.util.LinkedHashMap<String, Double>();
        double certified = bodyJacobianDefect();
        if (!Double.isNaN(certified)) out.put("jacobian_defect_certified", certified);
        var probe = new Rng(seed).normal(body.parameters().get(0).dtype(), 0, 1, 1, width);
        NDArray basis = variant == Variant.PARTIAL_ISOMETRY ? JacobianSpectrum.coordinateBasis(width, width / 2) : null;
        out.put("jacobian_defect_measured", basis == null ? JacobianSpectrum.orthogonalityDefect(body, probe) : JacobianSpectrum.isometryDefectOn(body, probe, basis));
        return out;
    }

    /** The residual block of the {@link Variant#RESNET} baseline. */
    static final class ResidualBlock extends Module {
        private final Linear inner, outer;

        ResidualBlock(int width, Rng rng) {
            inner = child("inner", new Linear(width, width, rng));
            outer = child("outer", new Linear(width, width, true, Init.zeros(), rng));
        }

        @Override public Tensor forward(Tensor x) { return x.add(outer.forward(inner.forward(x).relu())); }
    }

    @Override public String toString() { return "DeepClassifier(" + variant + ", width " + width + ", depth " + depth + ")"; }
}
