package org.odeon.models.operator;

import org.odeon.autograd.Conv;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Init;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.Rng;

/**
 * A 3-point (1-D) or 3×3 (2-D) convolution with circular padding and no bias,
 * {@code y[o] = Σ_c W[o,c] ⋆ x[c]}: the building block of the Conv-FNO feature extractors. The
 * field keeps its size; 1-D fields {@code [B, C, 1, n]} use a {@code 1×3} kernel.
 */
final class CircularConv extends Module {
    private final Parameter weight;
    private final int dims;

    CircularConv(int dims, int in, int out, Rng rng) {
        this.dims = dims;
        weight = parameter("weight", Init.heUniform().draw(DType.F64, new int[] {out, in, dims == 1 ? 1 : 3, 3}, rng));
    }

    @Override public Tensor forward(Tensor x) {
        // 2-D: the engine wraps the field itself; 1-D: its one padding would also wrap the unit height
        if (dims == 2) return Conv.conv2d(x, weight.tensor(), null, 1, 1, IndexMap.Pad.CIRCULAR);
        return Conv.conv2d(x.pad(3, 1, 1, IndexMap.Pad.CIRCULAR), weight.tensor(), null, 1, 0, IndexMap.Pad.ZERO);
    }

    /** {@code relu(forward(x))} in one pass of the engine (2-D), the UNet's every convolution. */
    Tensor forwardRelu(Tensor x) {
        if (dims == 2) return Conv.conv2dRelu(x, weight.tensor(), null, 1, 1, IndexMap.Pad.CIRCULAR);
        return forward(x).relu();
    }
}
