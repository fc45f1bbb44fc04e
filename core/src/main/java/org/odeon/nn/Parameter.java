package org.odeon.nn;

import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Shape;

/**
 * A trainable array: a {@link Tensor#param} leaf whose value the module owns.
 *
 * <p>The value is a private copy, so an optimizer may update it in place: an F64 value through
 * {@code value().data()}, either type through {@link NDArray#assign} or {@link NDArray#axpyInPlace}
 * (an F32 value's {@code data()} is a widened copy). Layers read the parameter through
 * {@link #tensor()}; {@link Module#callWith} can bind another tensor in its place for one call,
 * which is how a model is evaluated as a function of its parameters.
 */
public final class Parameter {
    private Tensor leaf;
    private Tensor bound;

    public Parameter(NDArray init) { leaf = Tensor.param(init.copy()); }

    /** The tensor a forward pass should use: the leaf, or the tensor bound in its place. */
    public Tensor tensor() { return bound != null ? bound : leaf; }

    /** The owned value (updated in place by optimizers). */
    public NDArray value() { return leaf.value(); }

    /** The gradient accumulated by {@code backward()}, or null before the first one. */
    public NDArray grad() { return leaf.grad(); }

    public void zeroGrad() { leaf.zeroGrad(); }

    public DType dtype() { return leaf.dtype(); }

    public int[] shape() { return leaf.shape(); }

    public int size() { return leaf.size(); }

    /** Copies {@code v} into the value (restoring a checkpoint, projecting onto a constraint). */
    public void assign(NDArray v) {
        if (!java.util.Arrays.equals(v.shape(), shape()))
            throw new IllegalArgumentException("parameter of shape " + Shape.str(shape()) + " cannot take a value of shape " + Shape.str(v.shape()));
        value().assign(v);
    }

    /** Converts the value to another element type; drops the gradient. */
    void cast(DType t) {
        if (t != dtype()) leaf = Tensor.param(value().astype(t).copy());
    }

    void bind(Tensor t) {
        if (t != null && !java.util.Arrays.equals(t.shape(), shape()))
            throw new IllegalArgumentException("cannot bind a tensor of shape " + Shape.str(t.shape()) + " to a parameter of shape " + Shape.str(shape()));
        bound = t;
    }

    @Override public String toString() { return "Parameter(" + dtype() + ", " + Shape.str(shape()) + ")"; }
}
