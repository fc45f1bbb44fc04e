package org.odeon.models.denoise;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.models.lipschitz.AdaptiveFlow;
import org.odeon.models.lipschitz.Operator;
import org.odeon.nn.Activation;
import org.odeon.nn.Certified;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * The averaged non-expansive denoiser of Sherry et al., "Designing Stable Neural Networks using
 * Convex Analysis and ODEs": {@code T = P ∘ F_n ∘ … ∘ F_1 ∘ E} on {@code [N, c, H, W]} images, with
 * <ul>
 *   <li>{@code E} the zero-padding of the {@code c} image channels to {@code C} channels,</li>
 *   <li>{@code F_i} an {@link AdaptiveFlow}: {@code m_i} explicit Euler steps
 *       {@code z ← z − h·Aᵢᵀ ReLU(Aᵢz + bᵢ)} of the convex potential's gradient flow, {@code Aᵢ} a
 *       circular 3×3 convolution {@code C → C}, {@code m_i} chosen so that {@code h‖Aᵢ‖²/2 ≤ α₀},</li>
 *   <li>{@code P} keeping the first {@code c} channels;</li>
 * </ul>
 * optionally in residual form {@code x ↦ x − T(x)}.
 *
 * <p><b>Certificate.</b> {@code ∇Vᵢ} is {@code 1/‖Aᵢ‖²}-cocoercive (Baillon–Haddad), so each Euler
 * step is {@code h‖Aᵢ‖²/2}-averaged and each block {@code αᵢ}-averaged (see
 * {@link AdaptiveFlow#averagedness}, computed from an upper bound on {@code ‖Aᵢ‖}). Averaged maps
 * compose (Combettes–Yamada): with {@code κ = Σᵢ αᵢ/(1 − αᵢ)}, {@code F_n ∘ … ∘ F_1} is
 * {@code κ/(1 + κ)}-averaged. Padding and projection keep the constant: if
 * {@code F = (1 − α)I + αN} with {@code N} non-expansive, then {@code PFE = (1 − α)PE + α·PNE =
 * (1 − α)I + α·PNE} since {@code PE = I}, and {@code PNE} is non-expansive because {@code ‖P‖ = ‖E‖ = 1}.
 * So {@code T} is α-averaged with {@code α = κ/(1 + κ) < 1}, hence 1-Lipschitz. In residual form,
 * {@code α ≤ 1/2} makes {@code T} firmly non-expansive and so is {@code I − T} (½-averaged,
 * 1-Lipschitz); for {@code α > 1/2} only {@code Lip(I − T) = α·Lip(I − N) ≤ 2α} is certified.
 *
 * <p>The convolutions, hence the certificate, are for {@code H×W} images (circular padding makes
 * the norm depend on the size); build one denoiser per image size.
 *
 * <p><b>Trainability.</b> Two choices, both outside the certificate (which only needs {@code σ}
 * monotone with slopes in {@code [0, L_σ]}, and the norm bounds): (i) each {@code Aᵢ} can start at
 * a chosen norm {@code initNorm} (the authors start at 1) instead of the budget: a randomly drawn
 * {@code A} projected onto its budget makes every block a full-strength flow, far from the identity,
 * so training first has to undo the initial distortion; (ii) a LeakyReLU {@code σ} (the authors'
 * choice) keeps a gradient through blocks whose units are all switched off — with ReLU such a block
 * is exactly the identity on the batch and receives no gradient at all.
 */
public final class AveragedDenoiser extends Module implements Certified {
    private final int channels, width, height, imageWidth, maxSteps;
    private final double time, alpha, initNorm;
    private final boolean residual;
    private final Activation sigma;
    private final List<AdaptiveFlow> blocks = new ArrayList<>();

    /**
     * @param channels image channels {@code c}
     * @param width    lifted channels {@code C ≥ c}
     * @param depth    number of blocks
     * @param time     integration time {@code T} of each block
     * @param alpha    per-step averagedness {@code α₀ ∈ (0, 1)} each block keeps
     * @param maxSteps sub-step budget of each block; the norm of {@code Aᵢ} is constrained so it suffices
     */
    public AveragedDenoiser(int channels, int width, int depth, double time, double alpha, int maxSteps, int height, int imageWidth, boolean residual, Rng rng) {
        this(channels, width, depth, time, alpha, maxSteps, height, imageWidth, residual, Activation.relu(), Double.NaN, rng);
    }

    /**
     * As above with activation {@code sigma} (monotone) and each {@code Aᵢ} rescaled at
     * initialisation to norm {@code initNorm} (at most the budget {@link AdaptiveFlow#normBudget};
     * {@code NaN}: the random draw, projected onto the budget).
     */
    public AveragedDenoiser(int channels, int width, int depth, double time, double alpha, int maxSteps, int height, int imageWidth, boolean residual,
                            Activation sigma, double initNorm, Rng rng) {
        if (channels < 1 || width < channels) throw new IllegalArgumentException("averaged denoiser: need 1 ≤ channels ≤ width, got " + channels + ", " + width);
        if (depth < 1) throw new IllegalArgumentException("averaged denoiser: depth must be at least 1, got " + depth);
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("averaged denoiser: α must lie in (0, 1), got " + alpha);
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.imageWidth = imageWidth;
        this.residual = residual;
        this.time = time;
        this.alpha = alpha;
        this.maxSteps = maxSteps;
        this.sigma = sigma;
        this.initNorm = initNorm;
        double budget = AdaptiveFlow.normBudget(sigma, time, alpha, maxSteps);
        if (!Double.isNaN(initNorm) && !(initNorm > 0 && initNorm <= budget))
            throw new IllegalArgumentException("averaged denoiser: initNorm must lie in (0, " + budget + "] (the norm budget of T = " + time + ", α = " + alpha
                    + ", " + maxSteps + " sub-steps), got " + initNorm);
        var op = new Operator.Convolution(width, width, 3, 1, 1, IndexMap.Pad.CIRCULAR, height, imageWidth);
        for (int i = 0; i < depth; i++) {
            var block = child("block" + i, AdaptiveFlow.budgeted(op, sigma, time, alpha, maxSteps, Init.heUniform(), rng));
            if (!Double.isNaN(initNorm)) block.potential().scaleTo(initNorm, 100);
            blocks.add(block);
        }
    }

    @Override public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != channels || s[2] != height || s[3] != imageWidth)
            throw new IllegalArgumentException("averaged denoiser built for [N, " + channels + ", " + height + ", " + imageWidth + "], got " + java.util.Arrays.toString(s));
        Tensor z = width == channels ? x : Tensor.cat(List.of(x, Tensor.constant(NDArray.zeros(DType.F64, s[0], width - channels, height, imageWidth))), 1);
        for (AdaptiveFlow b : blocks) z = b.forward(z);
        Tensor t = width == channels ? z : z.slice(1, 0, channels);
        return residual ? x.sub(t) : t;
    }

    /**
     * This denoiser's trained weights on {@code h×w} images. A circular convolution's norm is the
     * largest singular value of its kernel's symbol over the {@code h×w} frequency grid, so it changes
     * with the size (on a multiple of the size the grid contains the old one, and the norm can only
     * grow). The copy keeps every weight and bias as trained — no projection — and re-estimates each
     * norm by {@code powerIterations} power iterations, which sets its sub-step counts; its own
     * {@link #averagedness} (from upper bounds on the norms at the new size) is then its certificate,
     * which stays below 1 as long as every Euler step keeps {@code h·L_σ‖A‖² < 2}.
     */
    public AveragedDenoiser resized(int h, int w, int powerIterations) {
        var copy = Denoisers.withParametersOf(new AveragedDenoiser(channels, width, blocks.size(), time, alpha, maxSteps, h, w, residual, sigma, Double.NaN, new Rng(0)), this);
        for (AdaptiveFlow b : copy.blocks) b.potential().refreshEstimate(powerIterations);
        return copy;
    }

    /** The certified averagedness of {@code T} (without the residual form); values ≥ 1 certify nothing. */
    public double coreAveragedness(double tol) {
        double kappa = 0;
        for (AdaptiveFlow b : blocks) {
            double a = b.averagedness(tol);
            if (!(a < 1)) return Double.POSITIVE_INFINITY;
            kappa += a / (1 - a);
        }
        return kappa / (1 + kappa);
    }

    /**
     * The certified averagedness of the denoiser as evaluated: {@link #coreAveragedness}, or ½ in
     * residual form when that is at most ½ (infinite — nothing certified — otherwise).
     */
    public double averagedness(double tol) {
        double a = coreAveragedness(tol);
        if (!residual) return a;
        return a <= 0.5 ? 0.5 : Double.POSITIVE_INFINITY;
    }

    /**
     * 1 when {@code T} is certified averaged (and, in residual form, {@code α ≤ ½}); {@code 2α} in
     * residual form with {@code ½ < α < 1}; otherwise the product of the blocks' certificates
     * ({@code +1} in residual form).
     */
    @Override public double lipschitzBound(double tol) {
        double a = coreAveragedness(tol);
        if (a < 1) return !residual || a <= 0.5 ? 1 : 2 * a;
        double l = 1;
        for (AdaptiveFlow b : blocks) l *= b.lipschitzBound(tol);
        return residual ? 1 + l : l;
    }

    public boolean residual() { return residual; }

    /** The sub-step count {@code nᵢ} of each block. */
    public int[] subSteps() { return blocks.stream().mapToInt(AdaptiveFlow::steps).toArray(); }

    /** The power-iteration estimate of each {@code ‖Aᵢ‖}. */
    public double[] normEstimates() { return blocks.stream().mapToDouble(b -> b.potential().normEstimate()).toArray(); }

    @Override public String toString() {
        return "AveragedDenoiser(" + channels + "→" + width + " channels, " + blocks.size() + " blocks, " + sigma + ", " + height + "x" + imageWidth + (residual ? ", residual" : "") + ")";
    }
}
