package org.odeon.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scope whose arrays die with it, so their buffers serve the next scope instead of new memory.
 *
 * <p><b>Ownership rule.</b> Whoever opens an arena promises that no array created inside it is
 * reachable once it closes, except copies made with {@link NDArray#copy()} (which never come from
 * a pool). The engine opens one around the leaf-accumulating backward pass
 * ({@code Tensor.backward()}): its gradients are reachable only from the pass's own gradient map
 * and the ops' backward rules, which keep nothing; leaf gradients are copied out before the pass
 * ends. Nothing a user can hold is created there: forward values, parameters, optimizer state and
 * the gradients that {@code Autograd.grad} returns are created outside any arena and never recycled.
 *
 * <p>Only kernels that overwrite every element of their result draw from the pool (GEMM and
 * element-wise outputs), so a recycled buffer needs no zeroing. Buffers are pooled per thread by
 * exact length (a training step repeats its shapes), up to {@link #POOL_BYTES} per thread.
 */
public final class Arena implements AutoCloseable {
    private static final ThreadLocal<Arena> ACTIVE = new ThreadLocal<>();
    private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);
    /** The most a thread keeps pooled: enough for a step's gradients, never a large share of the heap. */
    static final long POOL_BYTES = Math.min(512L << 20, MemoryBudget.HEAP / 8);
    /** Below this many elements a fresh array costs less than the bookkeeping. */
    static final int MIN_ELEMENTS = 4096;

    private final Arena outer;
    private final List<Object> issued = new ArrayList<>();
    private boolean closed;

    private Arena(Arena outer) { this.outer = outer; }

    /** Opens an arena on this thread (nested in the active one, if any); close it in the same thread. */
    public static Arena open() {
        Arena a = new Arena(ACTIVE.get());
        ACTIVE.set(a);
        return a;
    }

    /** Returns every buffer issued inside to this thread's pool. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        if (ACTIVE.get() != this) throw new IllegalStateException("arenas must close in the thread that opened them, innermost first");
        ACTIVE.set(outer);
        Pool pool = POOL.get();
        for (Object b : issued) pool.put(b);
        issued.clear();
    }

    /** Bytes this thread holds pooled (for tests and the benchmark). */
    public static long pooledBytes() { return POOL.get().bytes; }

    /** A float buffer of length {@code n} whose contents are undefined: the caller overwrites all of it. */
    static float[] floats(int n) { return (float[]) buffer(n, true); }

    /** As {@link #floats}, for doubles. */
    static double[] doubles(int n) { return (double[]) buffer(n, false); }

    private static Object buffer(int n, boolean isFloat) {
        Arena a = ACTIVE.get();
        boolean pooled = a != null && n >= MIN_ELEMENTS;
        Object b = pooled ? POOL.get().take(n, isFloat) : null;
        if (b == null) b = isFloat ? new float[n] : new double[n];
        if (pooled) a.issued.add(b);
        return b;
    }

    /** Free buffers by type and exact length. */
    private static final class Pool {
        private final Map<Integer, ArrayDeque<Object>> floats = new HashMap<>(), doubles = new HashMap<>();
        long bytes;

        Object take(int n, boolean isFloat) {
            ArrayDeque<Object> q = (isFloat ? floats : doubles).get(n);
            Object b = q == null ? null : q.poll();
            if (b != null) bytes -= size(b);
            return b;
        }

        void put(Object b) {
            long s = size(b);
            if (bytes + s > POOL_BYTES) return;   // left to the collector
            int n = b instanceof float[] f ? f.length : ((double[]) b).length;
            (b instanceof float[] ? floats : doubles).computeIfAbsent(n, k -> new ArrayDeque<>()).push(b);
            bytes += s;
        }

        private static long size(Object b) { return b instanceof float[] f ? 4L * f.length : 8L * ((double[]) b).length; }
    }
}
