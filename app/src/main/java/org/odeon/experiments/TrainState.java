package org.odeon.experiments;

import java.util.Map;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.odeon.nn.Module;
import org.odeon.optim.Optimizer;
import org.odeon.tensor.NDArray;

/**
 * Everything a training loop mutates (parameters, optimizer moments, counters held as arrays), exported by
 * name for a checkpoint and restored in place on resume. {@code restore(save())} must be the identity.
 */
public interface TrainState {
    Map<String, NDArray> save();

    /** Loads arrays saved by {@link #save}; a missing name or a different shape is an error naming it. */
    void restore(Map<String, NDArray> arrays);

    /**
     * This state and one more part, whose arrays are saved under {@code prefix} (e.g. the best weights
     * so far of a loop that keeps them): on restore, the entries under {@code prefix} go to {@code restore},
     * the rest to this state.
     */
    default TrainState and(String prefix, Supplier<Map<String, NDArray>> save, Consumer<Map<String, NDArray>> restore) {
        TrainState base = this;
        return new TrainState() {
            @Override public Map<String, NDArray> save() {
                var out = new LinkedHashMap<>(base.save());
                save.get().forEach((k, v) -> out.put(prefix + k, v));
                return out;
            }

            @Override public void restore(Map<String, NDArray> arrays) {
                var own = new LinkedHashMap<String, NDArray>();
                var rest = new LinkedHashMap<String, NDArray>();
                arrays.forEach((k, v) -> {
                    if (k.startsWith(prefix)) own.put(k.substring(prefix.length()), v);
                    else rest.put(k, v);
                });
                base.restore(rest);
                restore.accept(own);
            }
        };
    }

    /** A model's parameters ({@code model.<name>}) and its optimizer's state ({@code optim.<name>}). */
    static TrainState of(Module model, Optimizer optimizer) {
        return new TrainState() {
            @Override public Map<String, NDArray> save() {
                var out = new LinkedHashMap<String, NDArray>();
                model.stateDict().forEach((k, v) -> out.put("model." + k, v));
                optimizer.state().forEach((k, v) -> out.put("optim." + k, v));
                return out;
            }

            @Override public void restore(Map<String, NDArray> arrays) {
                var params = new LinkedHashMap<String, NDArray>();
                var optim = new LinkedHashMap<String, NDArray>();
                arrays.forEach((k, v) -> {
                    if (k.startsWith("model.")) params.put(k.substring(6), v);
                    else if (k.startsWith("optim.")) optim.put(k.substring(6), v);
                    else throw new IllegalArgumentException("unexpected entry '" + k + "' (neither model. nor optim.)");
                });
                model.loadStateDict(params);
                optimizer.loadState(optim);
            }
        };
    }
}
