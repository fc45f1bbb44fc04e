package org.odeon.cli;

import java.util.OptionalDouble;

/**
 * One workload of {@code odeon bench}. Implementations outside this module register through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.odeon.cli.Benchmark}).
 */
public interface Benchmark {
    /** Short id, e.g. {@code matmul-f64-256}. */
    String name();

    /** Builds inputs at the quick or full size and returns the operation to time; setup is not timed. */
    Runnable prepare(boolean quick);

    /** The peer's (e.g. PyTorch's) median seconds for the same workload, when the peer is installed. */
    default OptionalDouble peerMedianSeconds(boolean quick) { return OptionalDouble.empty(); }
}
