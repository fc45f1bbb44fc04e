package org.odeon.nn;

import org.odeon.tensor.NDArray;
import org.odeon.tensor.Shape;

/**
 * State of a layer that is not trained but changes its outputs (a power iteration's vector, running
 * statistics). A module registers it by name like a parameter, so it travels in the state dict: a
 * checkpoint resumes bit for bit and a saved model is exactly the evaluated one.
 */
public final class Buffer {
    private NDArray value;

    Buffer(NDArray init) { value = init.copy(); }

    public NDArray value() { return value; }

    /** Replaces the value; the shape is fixed at registration. */
    public void set(NDArray v) {
        if (!java.util.Arrays.equals(v.shape(), value.shape()))
            throw new IllegalArgumentException("buffer of shape " + Shape.str(value.shape()) + " cannot take a value of shape " + Shape.str(v.shape()));
        value = v.astype(value.dtype()).copy();
    }
}
