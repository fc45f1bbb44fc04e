package org.odeon.models.operator;

import java.util.ArrayList;
import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.tensor.Rng;

/**
 * The plain feature extractor of Conv-FNO: {@code layers} circular 3×3 (1-D: 3-point) convolutions
 * without bias, GELU between them, {@code in → hidden → … → features} channels. Its receptive field is
 * {@code 2·layers + 1} samples: it sees local structure that the FNO's truncated spectrum cannot.
 */
public final class Cnn extends Module {
    private final List<CircularConv> convs = new ArrayList<>();

    public Cnn(int dims, int in, int hidden, int features, int layers, Rng rng) {
        if (layers < 1 || hidden < 1 || features < 1 || (dims != 1 && dims != 2))
            throw new IllegalArgumentException("Cnn: bad sizes dims=" + dims + " hidden=" + hidden + " features=" + features + " layers=" + layers);
        for (int i = 0; i < layers; i++)
            convs.add(child("conv" + i, new CircularConv(dims, i == 0 ? in : hidden, i == layers - 1 ? features : hidden, rng)));
    }

    @Override public Tensor forward(Tensor x) {
        Tensor v = x;
        for (int i = 0; i < convs.size(); i++) {
            v = convs.get(i).forward(v);
            if (i < convs.size() - 1) v = Gelu.apply(v);
        }
        return v;
    }
}
