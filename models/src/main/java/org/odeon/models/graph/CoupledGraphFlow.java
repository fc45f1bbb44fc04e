package org.odeon.models.graph;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.GraphGradient;
import org.odeon.autograd.Tensor;
import org.odeon.graph.Graph;
import org.odeon.nn.Linear;
import org.odeon.nn.Buffer;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.nn.Certified;
import org.odeon.linalg.OperatorNorm;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Node features and edge weights evolving by coupled dynamical systems, the feature flow
 * contractive for every graph (after Eliasof, Murari, Sherry and Schönlieb, "Resilient Graph
 * Neural Networks: A Coupled Dynamical Systems Approach"). Encode {@code X₀ = x·Eᵀ + e}, start the
 * edge weights at the graph's {@code a₀}, take {@code S} steps in each of {@code P} time pieces
 * (parameters constant on a piece), decode {@code Z = X_T·Dᵀ + d}. Step {@code k} in piece {@code p}:
 * <pre>
 *   X ← (1 − hμ)·X − h·∇ᴬᵀ σ(∇ᴬ X K) K                                  (feature step, σ = tanh)
 *   a ← Π[a̲, 1]( a − γ·∇ₐE(a; X) ),  E(a; X) = Σ_e κ·(d_e/d̄ − θ)·a_e + ½(a_e − a⁰_e)²   (edge-weight step)
 * </pre>
 * with {@code d_e = mean_f (X_j − X_i)²_f} the squared distance of the current features across edge
 * {@code e = (i, j)} (or, {@code decoded}, {@code mean_k ((X_j − X_i)Dᵀ)²_k} in the decoder's class
 * coordinates: only the directions the classifier reads), {@code d̄} its mean over the edges, {@code a⁰} the given weights and
 * {@code Π[a̲, 1]} the clip to {@code [a̲, 1]}, {@code a̲ = }{@value #MIN_WEIGHT} (the graph gradient's
 * square root needs {@code a > 0}). E charges weight on an edge whose endpoints differ more than
 * θ times the mean edge and pulls every weight back toward the given graph; its minimiser for fixed
 * X is {@code a* = Π(a⁰ − κ(d_e/d̄ − θ))}, so an edge {@code 1/κ} mean distances past θ is cut: the
 * edge flow's job under a structure attack, whose inserted edges join nodes whose features (as the
 * flow has smoothed them) disagree. γ ∈ (0, 1], κ ≥ 0 and θ are fixed settings, kept as buffers;
 * κ = 0 leaves the given graph.
 * with {@code ∇ᴬ} the degree-normalised graph gradient of the current weights
 * ({@link GraphGradient}), {@code K = BᵀB/b̄² + εI} symmetric positive definite ({@code c × c},
 * acting on channels; {@code b̄ ≥ ‖B‖} from {@link OperatorNorm#matrixBound}, held constant in the
 * derivative, so {@code ‖K‖ ≤ 1 + ε}: the scale of the features is the encoder's to learn), {@code μ ≥ 0} a fixed damping, {@code γ = sigmoid(θ_γ) ∈ (0, 1)},
 * Both steps read the state before the step.
 *
 * <p><b>Why the feature step contracts.</b> It is the gradient step {@code X − h∇Ψ(X)} of
 * {@code Ψ(X) = μ/2‖X‖² + Σ_{e,f} log cosh((∇ᴬXK)_{ef})}: with {@code σ = tanh = (log cosh)'},
 * {@code ∇Ψ(X) = μX + ∇ᴬᵀσ(∇ᴬXK)K} because K is symmetric. The second term is the gradient of a
 * convex function composed with the linear map {@code X ↦ ∇ᴬXK} of norm {@code ≤ ‖∇ᴬ‖‖K‖}, and
 * σ' ∈ [0, 1], so Ψ is μ-strongly convex with an {@code (μ + ‖∇ᴬ‖²‖K‖²)}-Lipschitz gradient. For
 * such Ψ and {@code 0 ≤ h ≤ 2/(μ + L)}, {@code L = ‖∇ᴬ‖²‖K‖²}, the gradient step is Lipschitz with
 * constant {@code ρ = max(|1 − hμ|, |1 − h(μ + L)|) ≤ 1} (&lt; 1 when {@code μ > 0, h > 0}). The
 * normalised gradient has {@code ‖∇ᴬ‖² ≤ 2} on every graph and every weight, so the bound holds with
 * {@code L̄ = 2·k̄²}, {@code k̄ = 1 + ε ≥ ‖K‖}.
 *
 * <p><b>Constraint.</b> In every forward pass, {@code h = sigmoid(θ_h)·2/(μ + L̄)}: the step size
 * can never leave {@code (0, 2/(μ + L̄))}, whatever the optimiser does and whatever graph (clean or
 * attacked) comes in. {@link #stepContraction} returns ρ of a piece's step, {@link #flowContraction}
 * the product over all steps: the Lipschitz constant of {@code X₀ ↦ X_T} for any fixed graph with
 * nonnegative weights, and for the coupled flow along any fixed trajectory of edge weights (every
 * weight the edge step produces lies in {@code [a̲, 1]}). For fixed features the weight step is the
 * projected gradient step of the 1-strongly convex, 1-smooth E with step γ ≤ 1, so it contracts by
 * {@code 1 − γ} ({@link #weightContraction}; the clip is non-expansive).
 */
public final class CoupledGraphFlow extends GraphModule implements Certified {
    private final Linear encoder, decoder;
    private final List<Piece> pieces = new ArrayList<>();
    private final int stepsPerPiece;
    private final double damping, epsilon;
    private final boolean coupled;
    private final Buffer edgeRate, edgeSharpness, edgeThreshold, edgeDecoded;

    /** The smallest edge weight the edge step leaves (the graph gradient takes {@code √a}). */
    public static final double MIN_WEIGHT = 1e-4;

    /**
     * The edge flow's settings: step γ ∈ (0, 1], sharpness κ ≥ 0, threshold θ (in mean edge distances),
     * and whether distances are taken in the decoder's class coordinates.
     */
    public record EdgeFlow(double rate, double sharpness, double threshold, boolean decoded) {
        public EdgeFlow {
            if (!(rate > 0 && rate <= 1) || !(sharpness >= 0) || !Double.isFinite(sharpness) || !Double.isFinite(threshold))
                throw new IllegalArgumentException("edge flow needs rate in (0, 1], finite sharpness ≥ 0 and a finite threshold, got "
                        + rate + ", " + sharpness + ", " + threshold);
        }
    }

    /** The parameters of one time piece. */
    static final class Piece extends Module {
        final Parameter root, step;

        Piece(int channels, Rng rng) {
            NDArray b = NDArray.eye(DType.F64, channels).add(rng.normal(DType.F64, 0, 0.1 / Math.sqrt(channels), channels, channels));
            root = parameter("root", b);
            step = parameter("step", NDArray.full(DType.F64, 2, 1));     // h at 88 % of its bound
        }

        @Override public Tensor forward(Tensor x) { throw new UnsupportedOperationException("a flow piece is applied by CoupledGraphFlow"); }
    }

    /**
     * @param damping  μ ≥ 0 (0: non-expansive steps; μ &gt; 0: strict contraction)
     * @param epsilon  ε &gt; 0 in {@code K = BᵀB/b̄² + εI}
     * @param coupled  whether the edge weights evolve (false: the feature flow on the fixed graph)
     * @param edge     the edge flow's γ, κ, θ
     */
    public CoupledGraphFlow(int features, int channels, int classes, int pieces, int stepsPerPiece, double damping, double epsilon, boolean coupled,
                            EdgeFlow edge, Rng rng) {
        if (pieces < 1 || stepsPerPiece < 1) throw new IllegalArgumentException("coupled flow needs pieces ≥ 1 and steps ≥ 1, got " + pieces + ", " + stepsPerPiece);
        if (!(damping >= 0) || !(epsilon > 0)) throw new IllegalArgumentException("coupled flow needs damping ≥ 0 and ε > 0, got " + damping + ", " + epsilon);
        encoder = child("encoder", new Linear(features, channels, rng));
        for (int p = 0; p < pieces; p++) this.pieces.add(child("piece" + p, new Piece(channels, rng)));
        decoder = child("decoder", new Linear(channels, classes, rng));
        this.stepsPerPiece = stepsPerPiece;
        this.damping = damping;
        this.epsilon = epsilon;
        this.coupled = coupled;
        edgeRate = buffer("edgeRate", NDArray.full(DType.F64, edge.rate(), 1));
        edgeSharpness = buffer("edgeSharpness", NDArray.full(DType.F64, edge.sharpness(), 1));
        edgeThreshold = buffer("edgeThreshold", NDArray.full(DType.F64, edge.threshold(), 1));
        edgeDecoded = buffer("edgeDecoded", NDArray.full(DType.F64, edge.decoded() ? 1 : 0, 1));
    }

    /** The edge flow's settings, as held in the state dict. */
    public EdgeFlow edgeFlow() {
        return new EdgeFlow(edgeRate.value().item(), edgeSharpness.value().item(), edgeThreshold.value().item(), edgeDecoded.value().item() != 0);
    }

    /** The graph gradient of an adjacency and its edge weights. */
    private record Edges(GraphGradient gradient, NDArray weights) {}

    private Edges edges(Graph g) {
        return derived(g.adjacency(), a -> {
            GraphGradient grad = GraphGradient.of(a);
            return new Edges(grad, NDArray.of(new int[] {grad.edges()}, grad.weights(a)));
        });
    }

    @Override public Tensor forward(Graph g, Tensor x) { return decoder.forward(flow(g, encoder.forward(x), coupled)); }

    /** The encoded features {@code X₀} of input features {@code x}. */
    public Tensor encode(Tensor x) { return encoder.forward(x); }

    /** {@code X_T} from {@code X₀}; the edge weights evolve only if {@code evolveWeights}. */
    public Tensor flow(Graph g, Tensor x0, boolean evolveWeights) { return integrate(g, x0, evolveWeights).x(); }

    /** The state at the end of the flow: features {@code X_T} and edge weights {@code a_T}. */
    private record State(Tensor x, Tensor a) {}

    /**
     * The edge weights {@code a_T} at the end of the coupled flow from input features {@code x}, one per
     * edge {@code e = (sources()[e], targets()[e])} of {@link GraphGradient#of}{@code (g.adjacency())}
     * (each undirected edge once): what the flow has made of each edge, e.g. of an attacker's inserted ones.
     */
    public NDArray edgeWeights(Graph g, Tensor x) { return integrate(g, encoder.forward(x), coupled).a().value(); }

    private State integrate(Graph g, Tensor x0, boolean evolveWeights) {
        Edges e = edges(g);
        GraphGradient grad = e.gradient();
        Tensor a0 = Tensor.constant(e.weights()), a = a0, x = x0;
        for (Piece p : pieces) {
            double b = OperatorNorm.matrixBound(p.root.value());
            Tensor k = p.root.tensor().transpose(0, 1).matmul(p.root.tensor()).div(b * b).add(Tensor.constant(NDArray.eye(DType.F64, p.root.shape()[0]).mul(epsilon)));
            Tensor h = p.step.tensor().sigmoid().mul(maxStep(p));
            for (int s = 0; s < stepsPerPiece; s++) {
                Tensor c = grad.coefficients(a);
                Tensor force = grad.adjoint(c, grad.apply(c, x).matmul(k).tanh()).matmul(k);
                Tensor next = x.sub(x.mul(h).mul(damping)).sub(force.mul(h));
                if (evolveWeights) a = weightStep(grad, a0, x, a);
                x = next;
            }
        }
        return new State(x, a);
    }

    /** {@code Π[a̲, 1](a − γ(κ(d_e/d̄ − θ) + a − a⁰))}: one edge-weight step for features {@code x}. */
    Tensor weightStep(GraphGradient grad, Tensor a0, Tensor x, Tensor a) {
        EdgeFlow f = edgeFlow();
        Tensor diff = x.select(0, grad.targets()).sub(x.select(0, grad.sources()));
        if (f.decoded()) diff = diff.matmul(decoder.weight().tensor().transpose(0, 1));
        Tensor d = diff.square().mean(false, 1);
        Tensor charge = d.div(d.mean(false).add(1e-12)).sub(f.threshold()).mul(f.sharpness());
        return a.sub(charge.add(a).sub(a0).mul(f.rate())).clamp(MIN_WEIGHT, 1);
    }

    /** {@code k̄ = 1 + ε ≥ ‖K‖ = ‖B‖²/b̄² + ε}. */
    private double normK(Piece p) { return 1 + epsilon; }

    /** {@code 2/(μ + L̄)} with {@code L̄ = 2k̄²}: the largest step that keeps the feature step non-expansive. */
    private double maxStep(Piece p) {
        double k = normK(p);
        return 2 / (damping + 2 * k * k);
    }

    /** The step size h of piece {@code p}. */
    public double stepSize(int p) { return sigmoid(pieces.get(p).step.value().item()) * maxStep(pieces.get(p)); }

    /** {@code ρ = max(|1 − hμ|, |1 − h(μ + L̄)|)}: the Lipschitz constant of one feature step of piece {@code p}, any graph. */
    public double stepContraction(int p) {
        double h = stepSize(p), k = normK(pieces.get(p));
        return Math.max(Math.abs(1 - h * damping), Math.abs(1 - h * (damping + 2 * k * k)));
    }

    /** The product of the step factors: the Lipschitz constant of {@code X₀ ↦ X_T} along any fixed weight trajectory. */
    public double flowContraction() {
        double r = 1;
        for (int p = 0; p < pieces.size(); p++) r *= Math.pow(stepContraction(p), stepsPerPiece);
        return r;
    }

    /** {@code 1 − γ}: the contraction factor (Lipschitz constant in the weights) of the edge-weight step for fixed features. */
    public double weightContraction() { return 1 - edgeRate.value().item(); }

    /**
     * {@code ‖D‖·flowContraction·‖E‖}: a Lipschitz bound of the logits in the input features for a
     * fixed graph (the uncoupled flow, or the coupled one along a fixed weight trajectory).
     */
    @Override public double lipschitzBound(double tol) {
        return OperatorNorm.matrixBound(decoder.weight().value()) * flowContraction() * OperatorNorm.matrixBound(encoder.weight().value());
    }

    public int pieces() { return pieces.size(); }

    public int stepsPerPiece() { return stepsPerPiece; }

    private static double sigmoid(double v) { return 1 / (1 + Math.exp(-v)); }
}
