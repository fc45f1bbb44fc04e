package org.odeon.models.operator;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * The UNet feature extractor of Conv-FNO: four levels of 16, 32, 64 and 128 channels, each two
 * circular 3×3 convolutions without bias and GELU; between levels, averages of sample pairs on the
 * way down (a field of odd size is first wrapped by one sample) and linear interpolation back to
 * the skip connection's size on the way up, where one convolution halves the channels before the
 * skip is concatenated. A last pointwise map without bias gives {@code features} channels.
 * Works for any field size, 1-D ({@code [B, C, 1, n]}) or 2-D.
 */
public final class UNet extends Module {
    private static final int[] WIDTHS = {16, 32, 64, 128};
    private final int dims;
    private final DoubleConv[] down = new DoubleConv[4], upBlock = new DoubleConv[3];
    private final CircularConv[] reduce = new CircularConv[3];
    private final Pointwise head;

    /** Two circular convolutions, GELU after each. */
    static final class DoubleConv extends Module {
        private final CircularConv a, b;

        DoubleConv(int dims, int in, int out, Rng rng) {
            a = child("conv0", new CircularConv(dims, in, out, rng));
            b = child("conv1", new CircularConv(dims, out, out, rng));
        }

        @Override public Tensor forward(Tensor x) { return Gelu.apply(b.forward(Gelu.apply(a.forward(x)))); }
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
            skip[l] = down[l].forward(l == 0 ? v : halve(skip[l - 1]));
        }
        v = skip[3];
        for (int l = 2; l >= 0; l--) {
            Tensor up = reduce[l].forward(Grid.PERIODIC.resize(v, skip[l].dim(2), skip[l].dim(3)));
            v = upBlock[l].forward(Grid.concat(List.of(up, skip[l])));
        }
        return head.forward(v);
    }

    /** Averages pairs of samples along each spatial axis (only W in 1-D). */
    private Tensor halve(Tensor x) {
        Tensor y = pairMean(x, 3);
        return dims == 2 ? pairMean(y, 2) : y;
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
