package org.odeon.models.denoise;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.models.lipschitz.Operator;
import org.odeon.models.lipschitz.SpectralNormalized;
import org.odeon.nn.Activation;
import org.odeon.nn.Certified;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Sequential;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * DnCNN (Zhang et al. 2017) in residual form {@code D(x) = x − R(x)}, {@code R} = conv–ReLU–…–conv
 * with {@code depth} 3×3 circular convolutions ({@code c → C → … → C → c}). <b>No batch
 * normalisation</b> (unlike the original): its running statistics would make the certificate and the
 * saved model differ between training and evaluation.
 *
 * <p>Two variants. Unconstrained: weights are free and the certificate
 * {@code Lip(D) ≤ 1 + Πₗ‖Wₗ‖} is usually huge. Spectrally normalised ("real SN"): each convolution
 * is rescaled to {@code ‖Wₗ‖ ≤ r} ({@link SpectralNormalized}, norm of the actual circular
 * convolution), so {@code Lip(R) ≤ r^depth} (ReLU is 1-Lipschitz) and {@code Lip(D) ≤ 1 + r^depth} —
 * bounded, but not averaged, so PnP convergence is not certified.
 */
public final class DnCNN extends Module implements Certified {
    private final Sequential body;
    private final boolean normalised;
    private final int channels, width, depth;
    private final double radius;

    private DnCNN(int channels, int width, int depth, int height, int imageWidth, double radius, Rng rng) {
        if (depth < 2) throw new IllegalArgumentException("DnCNN needs at least 2 convolutions, got " + depth);
        this.normalised = Double.isFinite(radius);
        this.channels = channels;
        this.width = width;
        this.depth = depth;
        this.radius = radius;
        List<Module> l = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            int in = i == 0 ? channels : width, out = i == depth - 1 ? channels : width;
            var op = new Operator.Convolution(in, out, 3, 1, 1, IndexMap.Pad.CIRCULAR, height, imageWidth);
            l.add(new SpectralNormalized(op, radius, true, Init.heUniform(), rng));
            if (i < depth - 1) l.add(Activation.relu());
        }
        body = child("body", new Sequential(l));
    }

    /** The unconstrained baseline. */
    public static DnCNN plain(int channels, int width, int depth, int height, int imageWidth, Rng rng) {
        return new DnCNN(channels, width, depth, height, imageWidth, Double.POSITIVE_INFINITY, rng);
    }

    /** Every convolution constrained to spectral norm at most {@code radius}. */
    public static DnCNN spectral(int channels, int width, int depth, int height, int imageWidth, double radius, Rng rng) {
        if (!(radius > 0 && Double.isFinite(radius))) throw new IllegalArgumentException("spectral DnCNN: radius must be positive and finite, got " + radius);
        return new DnCNN(channels, width, depth, height, imageWidth, radius, rng);
    }

    public boolean normalised() { return normalised; }

    /**
     * The trained weights on {@code h×w} images (the circular convolutions' norms, hence the
     * spectral normalisation's scale and the certificate, are recomputed for that size).
     */
    public DnCNN resized(int h, int w) { return Denoisers.withParametersOf(new DnCNN(channels, width, depth, h, w, radius, new Rng(0)), this); }

    @Override public Tensor forward(Tensor x) { return x.sub(body.forward(x)); }

    @Override public double lipschitzBound(double tol) { return 1 + body.lipschitzBound(tol); }

    @Override public String toString() { return (normalised ? "SpectralDnCNN" : "DnCNN") + "(" + body.size() / 2 + " convolutions)"; }
}
