package org.odeon.models.symplectic;

import java.util.List;
import java.util.function.Supplier;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.NDArray;

/** Checks the parameter gradient of a training loss against central finite differences. */
final class LossGradient {
    private LossGradient() {}

    /** The loss as a function of the model's parameters: {@link Module#callWith} binds them. */
    private static final class LossOf extends Module {
        private final Supplier<Tensor> loss;

        LossOf(Module model, Supplier<Tensor> loss) {
            child("model", model);
            this.loss = loss;
        }

        @Override public Tensor forward(Tensor ignored) { return loss.get(); }
    }

    /** Largest relative error of autograd against finite differences, over every parameter entry. */
    static double error(Module model, Supplier<Tensor> loss) {
        LossOf f = new LossOf(model, loss);
        List<NDArray> theta = model.parameters().stream().map(Parameter::value).toList();
        return GradCheck.firstOrder(ts -> f.callWith(ts, null), theta, 1);
    }
}
