package org.odeon.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.tensor.Arena;
import org.odeon.tensor.NDArray;

/**
 * Reverse-mode differentiation over the graph that {@link Tensor} ops record.
 *
 * <p>Every op's backward is itself written with {@link Tensor} ops, so with
 * {@code createGraph = true} the returned gradients carry a graph of their own and can be
 * differentiated again, to any order. With {@code createGraph = false} the backward pass runs
 * with recording off and builds nothing.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * Gradients of {@code Σ ⟨outputs[i], gradOutputs[i]⟩} with respect to each input; an input the
     * outputs do not depend on gets zeros. {@code gradOutputs} may be null for scalar outputs (ones).
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs, boolean createGraph) {
        Map<Tensor, Tensor> grads = run(outputs, gradOutputs, createGraph, false, inputs);
        List<Tensor> result = new ArrayList<>(inputs.size());
        for (Tensor in : inputs) {
            Tensor g = grads.get(in);
            result.add(g != null ? g : Tensor.constant(NDArray.zeros(in.dtype(), in.shape())));
        }
        return result;
    }

    /** Gradient of a scalar with respect to one input. */
    public static Tensor grad(Tensor output, Tensor input, boolean createGraph) {
        return grad(List.of(output), List.of(input), null, createGraph).get(0);
    }

    /**
     * Accumulates d(loss)/d(leaf) into {@link Tensor#grad()} of every leaf parameter. The pass runs in
     * an {@link Arena}: every gradient it computes is dead when it returns (leaf gradients are
     * copied into {@link Tensor#grad()}), so their buffers serve the next pass.
     */
    static void backward(Tensor loss) {
        if (loss.size() != 1) throw new IllegalArgumentException("backward() needs a scalar loss, got shape " + java.util.Arrays.toString(loss.shape()));
        try (Arena pass = Arena.open()) {
            run(List.of(loss), null, false, true, null);
        }
    }

    /**
     * @param targets the tensors to differentiate for, or null for every leaf parameter; only ops
     *                on a path from the outputs to a target are pulled back through
     */
    private static Map<Tensor, Tensor> run(List<Tensor> outputs, List<Tensor> gradOutputs, boolean createGraph,
                                           boolean intoLeaves, List<Tensor> targets) {
        List<Tensor> order = topologicalOrder(outputs);
        Map<Tensor, Boolean> needed = needed(order, targets);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        try (var mode = GradMode.set(createGraph)) {
            for (int i = 0; i < outputs.size(); i++) {
                Tensor out = outputs.get(i);
                Tensor seed = gradOutputs != null && gradOutputs.get(i) != null ? gradOutputs.get(i) : ones(out);
                if (!java.util.Arrays.equals(seed.shape(), out.shape()))
                    throw new IllegalArgumentException("grad output " + i + " has shape " + java.util.Arrays.toString(seed.shape())
                            + " but output has " + java.util.Arrays.toString(out.shape()));
                accumulate(grads, out, seed);
            }
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.get(t);
                if (g == null || !needed.containsKey(t)) continue;
                Node node = t.node();
                if (node == null) {
                    if (intoLeaves) t.accumulateGrad(g.value());
                    continue;
                }
                Tensor[] ins = node.inputs();
                boolean[] need = new boolean[ins.length];
                for (int k = 0; k < ins.length; k++) need[k] = needed.containsKey(ins[k]);
                Tensor[] gs = node.backward().apply(t, g, need);
                for (int k = 0; k < ins.length; k++)
                    if (need[k] && gs[k] != null) accumulate(grads, ins[k], gs[k]);
                if (intoLeaves) grads.remove(t);  // interior gradients are not needed once propagated
            }
        }
        return grads;
    }

    private static Tensor ones(Tensor out) {
        if (out.size() != 1)
            throw new IllegalArgumentException("a non-scalar output of shape " + java.util.Arrays.toString(out.shape()) + " needs an explicit grad output");
        return Tensor.constant(NDArray.full(out.dtype(), 1.0, out.shape()));
    }

    private static void accumulate(Map<Tensor, Tensor> grads, Tensor t, Tensor g) {
        grads.merge(t, g, Tensor::add);
    }

    /** The tensors of {@code order} with a target among their ancestors (or themselves). */
    private static Map<Tensor, Boolean> needed(List<Tensor> order, List<Tensor> targets) {
        Map<Tensor, Boolean> needed = new IdentityHashMap<>();
        Map<Tensor, Boolean> isTarget = new IdentityHashMap<>();
        if (targets != null) for (Tensor t : targets) isTarget.put(t, Boolean.TRUE);
        for (Tensor t : order) {  // inputs come before the ops that use them
            boolean need = targets == null ? t.node() == null : isTarget.containsKey(t);
            if (!need && t.node() != null)
                for (Tensor in : t.node().inputs()) if (needed.containsKey(in)) { need = true; break; }
            if (need) needed.put(t, Boolean.TRUE);
        }
        return needed;
    }

    /** Tensors reachable from the outputs through recorded ops, inputs before the ops using them. */
    private static List<Tensor> topologicalOrder(List<Tensor> outputs) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();  // {tensor, next input index}
        for (Tensor o : outputs) {
            if (!o.requiresGrad() || visited.containsKey(o)) continue;
            visited.put(o, Boolean.TRUE);
            stack.push(new Object[] {o, 0});
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Tensor t = (Tensor) top[0];
                int next = (Integer) top[1];
                Tensor[] ins = t.node() == null ? new Tensor[0] : t.node().inputs();
                if (next < ins.length) {
                    top[1] = next + 1;
                    Tensor in = ins[next];
                    if (in.requiresGrad() && !visited.containsKey(in)) {
                        visited.put(in, Boolean.TRUE);
                        stack.push(new Object[] {in, 0});
                    }
                } else {
                    stack.pop();
                    order.add(t);
                }
            }
        }
        return order;
    }
}
