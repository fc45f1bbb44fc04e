package org.odeon.experiments;

import java.util.Map;
import org.odeon.tensor.NDArray;

/**
 * Everything a training loop mutates (parameters, optimizer moments, counters held as arrays), exported by
 * name for a checkpoint and restored in place on resume. {@code restore(save())} must be the identity.
 */
public interface TrainState {
    Map<String, NDArray> save();

    /** Loads arrays saved by {@link #save}; a missing name or a different shape is an error naming it. */
    void restore(Map<String, NDArray> arrays);
}
