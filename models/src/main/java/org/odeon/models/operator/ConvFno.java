package org.odeon.models.operator;

import java.util.List;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Buffer;
import org.odeon.nn.Module;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Conv-FNO (Liu, Murari et al., 2025): {@code G = FNO ∘ CAT ∘ CNN}, i.e. {@code G(a) = FNO([a, CNN([a, x])])}:
 * a convolutional feature extractor picks up local spatial features of the input that the FNO's
 * truncated spectrum loses, and the FNO reads them next to the input field (and, as always, its own grid
 * coordinates). The CNN reads the input together with the grid coordinates {@code x} of the grid it runs
 * on (the paper's three UNet input channels for a 2-D scalar field): circular padding wraps the field, so
 * without them a 3×3 stencil could not tell a boundary of the domain from its interior. Build the CNN
 * with {@code inChannels + dims} input channels.
 *
 * <p>A CNN's 3×3 stencil spans a fixed number of samples, so its features change with the grid.
 * Two resizing schemes keep the whole map resolution-invariant, given the training grid
 * {@code [h₀, w₀]} (a buffer of the model, saved with its weights, since it changes the outputs):
 * <ul>
 *   <li>{@link Scheme#INPUT} (scheme 1): the input is resized to the training grid, the whole model
 *       runs there, and the output is resized to the input's grid;</li>
 *   <li>{@link Scheme#FEATURES} (scheme 2): only the CNN sees the input resized to the training grid;
 *       its features are resized back to the input's grid, where the FNO runs on them and the
 *       original input.</li>
 * </ul>
 * At the training grid both are the plain composition. Resizing is linear interpolation on the
 * model's {@link Grid}.
 */
public final class ConvFno extends Module {
    /** How a grid other than the training grid is handled. */
    public enum Scheme { INPUT, FEATURES }

    private final Module cnn;
    private final Fno fno;
    private final Scheme scheme;
    private final Buffer trainingGrid;
    private final int inChannels;

    /** {@code fno} must take {@code inChannels + features} channels, the input's and the CNN's. */
    public ConvFno(Module cnn, Fno fno, int inChannels, Scheme scheme, int h0, int w0) {
        if (fno.config().inChannels() <= inChannels)
            throw new IllegalArgumentException("Conv-FNO: the FNO must read the " + inChannels + " input channels and at least one feature, takes " + fno.config().inChannels());
        this.cnn = child("cnn", cnn);
        this.fno = child("fno", fno);
        this.scheme = scheme;
        if (h0 < 1 || w0 < 1) throw new IllegalArgumentException("Conv-FNO: training grid must be positive, got " + h0 + "×" + w0);
        trainingGrid = buffer("trainingGrid", NDArray.of(DType.F64, new int[] {2}, new double[] {h0, w0}));
        this.inChannels = inChannels;
    }

    public Scheme scheme() { return scheme; }

    @Override public Tensor forward(Tensor a) {
        Fno.requireField(a, inChannels, fno.config().dims());
        int h = a.dim(2), w = a.dim(3);
        Grid grid = fno.config().grid();
        double[] g0 = trainingGrid.value().data();
        Tensor atTrain = grid.resize(a, (int) g0[0], (int) g0[1]);
        if (scheme == Scheme.INPUT)
            return grid.resize(composed(atTrain, features(atTrain)), h, w);
        return composed(a, grid.resize(features(atTrain), h, w));
    }

    /** The CNN's features of a field and its grid coordinates. */
    private Tensor features(Tensor a) {
        int dims = fno.config().dims(), h = a.dim(2), w = a.dim(3);
        return cnn.forward(Grid.concat(List.of(a, fno.config().grid().channels(dims, h, w, a.dtype()).expand(a.dim(0), dims, h, w))));
    }

    private Tensor composed(Tensor a, Tensor features) { return fno.forward(Grid.concat(List.of(a, features))); }
}
