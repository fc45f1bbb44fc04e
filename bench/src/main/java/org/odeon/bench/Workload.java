package org.odeon.bench;

/**
 * One timed unit of work with a twin in the PyTorch peer script ({@code peer_torch.py}), built
 * with the same shapes and dtype. {@link #run()} is what is timed; set-up happens before.
 */
public interface Workload {
    /** Key shared with the peer script. */
    String name();

    /** One line for tables. */
    String description();

    void run();

    /** Floating-point operations of one run spent in matrix products, or 0 when not meaningful. */
    default double gemmFlops() { return 0; }

    /** How it is timed; the peer script times its twin the same way. */
    default BenchSuite.Protocol protocol(boolean quick) { return BenchSuite.Protocol.step(quick); }
}
