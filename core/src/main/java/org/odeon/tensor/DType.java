package org.odeon.tensor;

/**
 * Element type of an {@link NDArray}.
 *
 * <p>{@code F64} arrays live in a {@code double[]}, {@code F32} arrays in a {@code float[]}.
 * Element-wise kernels are written once over doubles: a float32 block is widened in cache,
 * computed in double and rounded once, which is the correctly rounded float32 result (see
 * {@code Store}); matrix products and convolutions of F32 arrays run in single precision
 * ({@code sgemm}) straight on the float buffers.
 */
public enum DType {
    F32(4), F64(8);

    private final int bytes;

    DType(int bytes) { this.bytes = bytes; }

    /** Size of one element in bytes, as stored in files. */
    public int bytes() { return bytes; }

    /** Rounds {@code v} to a value of this type. */
    public double round(double v) { return this == F32 ? (double) (float) v : v; }

    /** Rounds every element of {@code a} in place; a no-op for F64. */
    public void roundInPlace(double[] a) {
        if (this == F32) Parallel.range(a.length, (lo, hi) -> { for (int i = lo; i < hi; i++) a[i] = (float) a[i]; });
    }

    /** The wider of two types, which a binary op promotes to. */
    public static DType promote(DType a, DType b) { return a == F64 || b == F64 ? F64 : F32; }
}
