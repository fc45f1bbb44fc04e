package org.odeon.autograd;

/**
 * Whether ops record the graph, per thread. {@code try (var ng = GradMode.off()) { ... }} runs a
 * block without recording (inference, optimizer updates, first-order backward passes).
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private final boolean previous;

    private GradMode(boolean enabled) {
        boolean[] e = ENABLED.get();
        previous = e[0];
        e[0] = enabled;
    }

    public static GradMode off() { return new GradMode(false); }

    public static GradMode set(boolean enabled) { return new GradMode(enabled); }

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    @Override public void close() { ENABLED.get()[0] = previous; }
}
