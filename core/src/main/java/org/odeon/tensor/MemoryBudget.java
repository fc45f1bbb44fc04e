package org.odeon.tensor;

import java.util.Locale;

/**
 * The one check between a requested size and the heap: an array that could never fit is refused with a
 * message giving both sizes, before the JVM would fail with an {@code OutOfMemoryError} (which, from a
 * 30000-wide layer or a forged file header, says nothing about what to change).
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /** The JVM's maximum heap; fixed for the life of the process. */
    public static final long HEAP = Runtime.getRuntime().maxMemory();

    /** Thrown for a size that exceeds the budget; callers may add what set it (a flag, a file). */
    public static final class Exceeded extends IllegalArgumentException {
        Exceeded(String message) { super(message); }
    }

    /** Refuses {@code elements} values of {@code bytesEach} bytes for {@code what} if they exceed {@code budget} bytes. */
    public static void require(long elements, int bytesEach, String what, long budget, String budgetName) {
        long bytes = elements * bytesEach;   // elements ≤ 2^31 and bytesEach ≤ 8: no overflow
        if (bytes > budget)
            throw new Exceeded(what + " would take " + gib(bytes) + " in memory, more than " + budgetName + " (" + gib(budget)
                    + "); choose smaller sizes or give Java more memory, e.g. ODEON_JVM_OPTS=-Xmx16g");
    }

    /** Refuses an array of {@code shape} and {@code dtype} larger than the whole heap. */
    static void requireArray(DType dtype, int[] shape, int elements) {
        if ((long) elements * dtype.bytes() > HEAP) require(elements, dtype.bytes(), "an array of shape " + Shape.str(shape), HEAP, "the heap");
    }

    private static String gib(long bytes) { return String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0); }
}
