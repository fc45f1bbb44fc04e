package org.odeon.models.graph.attack;

import java.util.List;
import java.util.function.UnaryOperator;
import org.odeon.autograd.Autograd;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Losses;
import org.odeon.robust.Attacks;
import org.odeon.robust.Attacks.Norm;
import org.odeon.robust.Lipschitz;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Projected gradient ascent on node features, {@code f: X ↦ logits} with the graph held fixed,
 * on the cross-entropy of the attacked nodes:
 * <pre>
 *   L∞:  X ← Π_{‖X − X₀‖∞ ≤ ε}(X + α·sign ∇ₓL)
 *   L2:  X ← Π_{‖x_i − x₀ᵢ‖₂ ≤ ε ∀i}(X + α·∇ₓL_i/‖∇ₓL_i‖₂)     (per node, rows normalised)
 * </pre>
 * Every node's features may move (an attacker controlling all features within the ball); the
 * features are unbounded reals, so there is no box to clip to.
 */
public final class FeaturePgd {
    private FeaturePgd() {}

    public static NDArray attack(UnaryOperator<Tensor> f, NDArray x0, int[] nodes, NDArray labels, Norm norm, double eps, int steps, double stepSize) {
        if (!(eps >= 0) || steps < 0 || !(stepSize > 0)) throw new IllegalArgumentException("feature PGD needs ε ≥ 0, steps ≥ 0, step > 0, got " + eps + ", " + steps + ", " + stepSize);
        NDArray start = x0.astype(DType.F64), x = start;
        for (int k = 0; k < steps && eps > 0; k++) {
            Tensor t = Tensor.param(x);
            Tensor loss = Losses.crossEntropy(f.apply(t).select(0, nodes), labels);
            NDArray g = Autograd.grad(List.of(loss), List.of(t), null, false).get(0).value();
            NDArray dir = norm == Norm.LINF ? g.sign() : Lipschitz.unitRows(g);
            x = Attacks.projectToBall(start, x.add(dir.mul(stepSize)), norm, eps);
        }
        return x;
    }

    /** Accuracy of {@code f} on {@code nodes} at features {@code x}. */
    public static double accuracy(UnaryOperator<Tensor> f, NDArray x, int[] nodes, NDArray labels) {
        try (var _ = GradMode.off()) { return Losses.accuracy(f.apply(Tensor.constant(x)).select(0, nodes).value(), labels); }
    }
}
