package org.odeon.bench;

import org.odeon.tensor.Blas;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The machine's BLAS throughput on a large square product: the ceiling for the engine's GEMMs. */
public final class GemmPeak {
    private GemmPeak() {}

    /** GFLOP/s of {@code n×n · n×n} in the given precision, median of a few runs. */
    public static double gflops(DType t, int n) {
        Rng rng = new Rng(9);
        NDArray a = rng.normal(t, 0, 1, n, n), b = rng.normal(t, 0, 1, n, n);
        Workload w = new Workload() {
            @Override public String name() { return "gemm"; }
            @Override public String description() { return "gemm"; }
            @Override public void run() { Blas.matmul(a, false, b, false); }
        };
        return 2.0 * n * n * n / BenchSuite.time(w, 2, 5).median() / 1e9;
    }
}
