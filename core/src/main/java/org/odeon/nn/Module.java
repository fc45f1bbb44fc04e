package org.odeon.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.odeon.autograd.Tensor;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Shape;

/**
 * A layer or model {@code y = f_θ(x)}: a forward map plus a tree of named parameters θ.
 *
 * <p>A subclass registers its parameters and sub-modules in its constructor, in the order they
 * are used; the tree then has stable dotted names ({@code "layers.0.weight"}) that checkpoints
 * and safetensors files use. Own parameters come before those of sub-modules, sub-modules in
 * registration order, and a parameter shared by two modules is listed once, under its first
 * name. A layer whose weights live on a constraint set overrides {@link #constrain()}; an
 * optimizer calls {@link #project()} after each step to put the whole tree back on its sets.
 */
public abstract class Module implements UnaryOperator<Tensor> {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** An empty tree: the subclass's constructor registers the parameters, buffers and sub-modules. */
    protected Module() {}

    /** The map itself. */
    public abstract Tensor forward(Tensor x);

    @Override public final Tensor apply(Tensor x) { return forward(x); }

    // ------------------------------------------------------------------ registration

    /** Registers a parameter initialised to (a copy of) {@code init}. */
    protected final Parameter parameter(String name, NDArray init) {
        checkName(name);
        Parameter p = new Parameter(init);
        params.put(name, p);
        return p;
    }

    /** Registers a buffer (untrained state that changes outputs) initialised to (a copy of) {@code init}. */
    protected final Buffer buffer(String name, NDArray init) {
        checkName(name);
        Buffer b = new Buffer(init);
        buffers.put(name, b);
        return b;
    }

    /** Registers a sub-module. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        if (module == this) throw new IllegalArgumentException("a module cannot be its own child ('" + name + "')");
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException("name '" + name + "' must be non-empty and contain no '.'");
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a member named '" + name + "'");
    }

    // ------------------------------------------------------------------ the tree

    /** Every parameter under its dotted name, in registration order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Parameter> out, Set<Parameter> seen) {
        params.forEach((n, p) -> { if (seen.add(p)) out.put(prefix + n, p); });
        children.forEach((n, m) -> m.collect(prefix + n + ".", out, seen));
    }

    public final List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Every buffer under its dotted name: own buffers first, then those of sub-modules in registration order. */
    public final Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collectBuffers(String prefix, Map<String, Buffer> out) {
        buffers.forEach((n, b) -> out.putIfAbsent(prefix + n, b));
        children.forEach((n, m) -> m.collectBuffers(prefix + n + ".", out));
    }

    /** The direct sub-modules by name. */
    public final Map<String, Module> children() { return Collections.unmodifiableMap(children); }

    /** Number of trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) n += p.size();
        return n;
    }

    public final void zeroGrad() { for (Parameter p : namedParameters().values()) p.zeroGrad(); }

    // ------------------------------------------------------------------ modes and constraints

    /** Sets training (true) or evaluation mode on the whole tree; returns this. */
    public final Module train(boolean on) {
        training = on;
        modeChanged(on);
        for (Module m : children.values()) m.train(on);
        return this;
    }

    /**
     * Called on this layer when the tree is put in training or evaluation mode, and after
     * {@link #loadStateDict}; nothing by default.
     */
    protected void modeChanged(boolean training) {}

    public final Module eval() { return train(false); }

    public final boolean isTraining() { return training; }

    /** Puts every layer of the tree back on its constraint set (see {@link #constrain()}). */
    public final void project() {
        constrain();
        for (Module m : children.values()) m.project();
    }

    /** Projects this layer's own parameters onto its constraint set; unconstrained by default. */
    protected void constrain() {}

    /** Converts every parameter to {@code t} (before an optimizer is built on them); returns this. */
    public final Module to(DType t) {
        for (Parameter p : namedParameters().values()) p.cast(t);
        return this;
    }

    // ------------------------------------------------------------------ values

    /** A copy of every parameter value, then of every buffer, under its dotted name. */
    public final Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.value().copy()));
        namedBuffers().forEach((n, b) -> out.put(n, b.value().copy()));
        return out;
    }

    /** Loads values saved by {@link #stateDict()}; the names and shapes must match exactly. */
    public final void loadStateDict(Map<String, NDArray> state) {
        Map<String, Parameter> named = namedParameters();
        Map<String, Buffer> buffered = namedBuffers();
        for (String n : state.keySet())
            if (!named.containsKey(n) && !buffered.containsKey(n))
                throw new IllegalArgumentException("state has '" + n + "', which the model does not; model has " + named.keySet()
                        + (buffered.isEmpty() ? "" : " and buffers " + buffered.keySet()));
        named.forEach((n, p) -> {
            NDArray v = state.get(n);
            if (v == null) throw new IllegalArgumentException("state lacks parameter '" + n + "'");
            if (!java.util.Arrays.equals(v.shape(), p.shape()))
                throw new IllegalArgumentException("parameter '" + n + "': expected shape " + Shape.str(p.shape()) + ", got " + Shape.str(v.shape()));
            p.assign(v.astype(p.dtype()));
        });
        buffered.forEach((n, b) -> {
            NDArray v = state.get(n);
            if (v == null) throw new IllegalArgumentException("state lacks buffer '" + n + "'");
            b.set(v);
        });
        modesRefreshed();
    }

    /** Lets every layer recompute what its mode derives from the weights, after they were replaced. */
    private void modesRefreshed() {
        modeChanged(training);
        for (Module m : children.values()) m.modesRefreshed();
    }

    /**
     * The model as a function of its parameters: {@code f_θ(x)} with θ replaced by {@code theta}
     * (in {@link #namedParameters()} order) for this one call.
     */
    public final Tensor callWith(List<Tensor> theta, Tensor x) {
        List<Parameter> ps = parameters();
        if (theta.size() != ps.size())
            throw new IllegalArgumentException("callWith: model has " + ps.size() + " parameters, got " + theta.size() + " tensors");
        try {
            for (int i = 0; i < ps.size(); i++) ps.get(i).bind(theta.get(i));
            return forward(x);
        } finally {
            for (Parameter p : ps) p.bind(null);
        }
    }

    @Override public String toString() { return getClass().getSimpleName(); }
}
