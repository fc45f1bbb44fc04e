package org.odeon.models.operator;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * The UNet feature extractor of Conv-FNO (the paper's §5.1): four levels of 16, 32, 64 and 128 channels,
 * each two circular 3×3 convolutions without bias and ReLU; between levels, averages of sample pairs on
 * the way down (a field of odd size is first wrapped by one sample) and, on the way up, linear
 * interpolation to twice the size, cropped to the skip connection's size, where one convolution halves
 * the channels before the skip is concatenated. A last pointwise map without bias gives {@code features}
 * channels (the paper: 32). Works for any field size, 1-D ({@code [B, C, 1, n]}) or 2-D.
 *
 * <p>Alignment: the mean of samples {@code 2j, 2j+1} sits at fine position {@code 2j + ½}, so the way up
 * reads fine sample {@code i} at coarse position {@code (i − ½)/2} — weights ¾, ¼ from the two nearest
 * coarse samples, periodically. Down and up then agree at every level and every size; a resize that put
 * coarse sample {@code j} at {@code 2j} would shift each level by half a fine sample, a shift that grows
 * across the field when the size is odd and that translation-invariant convolutions cannot undo.
 */
public final class UNet extends Module {
    private static final int[] WIDTHS = {16, 32, 64, 128};
    private final int dims;
    private final DoubleConv[] down = new DoubleConv[4], upBlock = new DoubleConv[3];
    private final CircularConv[] reduce = new CircularConv[3];
    private final Pointwise head;

    /** Two circular convolutions, ReLU after each. */
    static final class DoubleConv extends Module {
        private final CircularConv a, b;

        DoubleConv(int dims, int in, int out, Rng rng) {
            a = child("conv0", new CircularConv(dims, in, out, rng));
            b = child("conv1", new CircularConv(dims, out, out, rng));
        }

        @Override public Tensor forward(Tensor x) { return b.forwardRelu(a.forwardRelu(x)); }
    }

    public UNet(int dims, int in, int features, Rng rng) {
        if (dims != 1 && dims != 2) throw new IllegalArgumentException("UNet: dims must be 1 or 2, got " + dims);
        this.dims = dims;
        for (int l = 0; l < 4; l++) down[l] = child("down" + l, new DoubleConv(dims, l == 0 ? in : WIDTHS[l - 1], WIDTHS[l], rng));
        for (int l = 2; l >= 0; l--) {
            reduce[l] = child("reduce" + l, new CircularConv(dims, WIDTHS[l + 1], WIDTHS[l], rng));
            upBlock[l] = child("up" + l, new DoubleConv(dims, 2 * WIDTHS[l], WIDTHS[l], rng));
        }
        head = child("head", new Pointwise(WIDTHS[0], features, false, rng));
    }

    @Override public Tensor forward(Tensor x) {
        Tensor[] skip = new Tensor[4];
        Tensor v = x;
        for (int l = 0; l < 4; l++) {
            skip[l] = down[l].forward(l == 0 ? v : halve(skip[l - 1], dims));
        }
        v = skip[3];
        for (int l = 2; l >= 0; l--) {
            Tensor up = reduce[l].forward(doubled(v, skip[l].dim(2), skip[l].dim(3)));
            v = upBlock[l].forward(Grid.concat(List.of(up, skip[l])));
        }
        return head.forward(v);
    }

    /** Averages pairs of samples along each spatial axis (only W in 1-D). */
    static Tensor halve(Tensor x, int dims) {
        Tensor y = pairMean(x, 3);
        return dims == 2 ? pairMean(y, 2) : y;
    }

    /** The inverse direction of {@link #halve}: each axis that was halved is doubled and cropped to {@code h × w}. */
    private Tensor doubled(Tensor x, int h, int w) {
        Tensor y = upsample(x, 3, w);
        return dims == 2 ? upsample(y, 2, h) : y;
    }

    /**
     * Fine sample {@code i < n} read at coarse position {@code (i − ½)/2} of the {@code m} coarse samples
     * along {@code axis}, periodically: {@code ¾·x[j] + ¼·x[j − 1]} for {@code i = 2j}, {@code ¾·x[j] + ¼·x[j + 1]}
     * for {@code i = 2j + 1}.
     */
    static Tensor upsample(Tensor x, int axis, int n) {
        int m = x.dim(axis);
        if (n > 2 * m || n < 2 * m - 1) throw new IllegalArgumentException("UNet: cannot double " + m + " samples to " + n);
        int[] lo = new int[n], hi = new int[n];
        double[] frac = new double[n];
        for (int i = 0; i < n; i++) {
            int j = i / 2;
            lo[i] = i % 2 == 0 ? (j + m - 1) % m : j;
            hi[i] = i % 2 == 0 ? j : (j + 1) % m;
            frac[i] = i % 2 == 0 ? 0.75 : 0.25;
        }
        return Grid.blend(x, axis, lo, hi, frac);
    }

    private static Tensor pairMean(Tensor x, int axis) {
        Tensor v = x.dim(axis) % 2 == 1 ? x.pad(axis, 0, 1, IndexMap.Pad.CIRCULAR) : x;
        int[] s = v.shape();
        int[] split = new int[5];
        for (int i = 0, j = 0; i < 4; i++) {
            if (i == axis) { split[j++] = s[i] / 2; split[j++] = 2; } else split[j++] = s[i];
        }
        return v.reshape(split).mean(false, axis + 1);
    }
}
