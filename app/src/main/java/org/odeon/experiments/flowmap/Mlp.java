package org.odeon.experiments.flowmap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A tanh multilayer perceptron on row batches, {@code h ← tanh(h Wᵢᵀ + bᵢ)} with no activation after the
 * last layer. Weights start as {@code N(0, 1/fan_in)}, biases at zero. Written here because
 * {@code org.odeon.nn} has not landed yet; it goes when that does.
 */
final class Mlp {
    private final List<Tensor> weights = new ArrayList<>(), biases = new ArrayList<>();

    Mlp(Rng rng, int... widths) {
        for (int i = 0; i + 1 < widths.length; i++) {
            weights.add(Tensor.param(rng.normal(DType.F64, 0, Math.sqrt(1.0 / widths[i]), widths[i + 1], widths[i])));
            biases.add(Tensor.param(NDArray.zeros(DType.F64, widths[i + 1])));
        }
    }

    Tensor apply(Tensor x) {
        Tensor h = x;
        for (int i = 0; i < weights.size(); i++) {
            h = Tensor.mm(h, false, weights.get(i), true).add(biases.get(i));
            if (i + 1 < weights.size()) h = h.tanh();
        }
        return h;
    }

    List<Tensor> params() {
        var p = new ArrayList<Tensor>();
        for (int i = 0; i < weights.size(); i++) {
            p.add(weights.get(i));
            p.add(biases.get(i));
        }
        return p;
    }

    /** Parameters by PyTorch's naming of an {@code nn.Sequential} of linears and tanhs: {@code 0.weight, 0.bias, 2.weight, ...}. */
    Map<String, NDArray> stateDict() {
        var out = new LinkedHashMap<String, NDArray>();
        for (int i = 0; i < weights.size(); i++) {
            out.put(2 * i + ".weight", weights.get(i).value().copy());
            out.put(2 * i + ".bias", biases.get(i).value().copy());
        }
        return out;
    }
}
