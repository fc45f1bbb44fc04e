package org.odeon.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.odeon.tensor.Blas;
import org.odeon.tensor.Convolution;
import org.odeon.tensor.DType;
import org.odeon.tensor.Fft;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.LinearMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.openjdk.jmh.annotations.*;

/**
 * JMH microbenchmarks of the engine's kernels at the shapes of the {@code odeon bench} workloads,
 * in both element types, so that a regression in one kernel shows up on its own:
 * {@code java -cp "app/target/odeon.jar:app/target/lib/*" org.openjdk.jmh.Main KernelBench}
 * (add {@code -p dtype=F32} to pick one type, {@code -f 1 -wi 3 -i 5} for a short run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBench {
    @Param({"F32", "F64"})
    public DType dtype;

    /** The convnet's first activation, [128, 32, 28, 28]: 3.2 M elements. */
    NDArray act, other;
    /** The MLP's hidden layer: [1024, 256] times [256, 256]. */
    NDArray hidden, weight, bias;
    /** The convnet's second convolution: [128, 32, 14, 14] by [64, 32, 3, 3]. */
    NDArray image, kernel, outGrad;
    Convolution.Geometry geo;
    /** The spectral workload's input, [32, 64, 1024]. */
    NDArray signal;
    LinearMap rfft;
    IndexMap pad;

    @Setup public void setup() {
        Rng rng = new Rng(1);
        act = rng.normal(dtype, 0, 1, 128, 32, 28, 28);
        other = rng.normal(dtype, 0, 1, 128, 32, 28, 28);
        hidden = rng.normal(dtype, 0, 1, 1024, 256);
        weight = rng.normal(dtype, 0, 1, 256, 256);
        bias = rng.normal(dtype, 0, 1, 256);
        geo = new Convolution.Geometry(32, 14, 14, 3, 3, 1, 1, IndexMap.Pad.ZERO);
        image = rng.normal(dtype, 0, 1, 128, 32, 14, 14);
        kernel = rng.normal(dtype, 0, 1, 64, 32, 3, 3);
        outGrad = rng.normal(dtype, 0, 1, 128, 64, 14, 14);
        signal = rng.normal(dtype, 0, 1, 32, 64, 1024);
        rfft = Fft.rfft(1024);
        pad = IndexMap.pad(new int[] {128, 32, 28, 28}, 3, 1, 1, IndexMap.Pad.ZERO);
    }

    @Benchmark public NDArray elementwiseAdd() { return act.add(other); }

    @Benchmark public NDArray elementwiseTanh() { return act.tanh(); }

    @Benchmark public NDArray relu() { return act.relu(); }

    @Benchmark public NDArray reluBackward() { return other.keepWhere(act); }

    @Benchmark public NDArray biasAddRows() { return hidden.add(bias); }

    @Benchmark public double sumAll() { return act.sum().item(); }

    @Benchmark public NDArray sumRows() { return hidden.sumTo(256); }

    @Benchmark public NDArray indexMapPad() { return pad.apply(act); }

    @Benchmark public NDArray gemmMlpLayer() { return Blas.matmul(hidden, false, weight, true); }

    @Benchmark public NDArray convForward() { return Convolution.conv(image, kernel, null, geo); }

    @Benchmark public NDArray convImageAdjoint() { return Convolution.convT(outGrad, kernel, geo); }

    @Benchmark public NDArray convKernelAdjoint() { return Convolution.convW(image, outGrad, geo); }

    @Benchmark public NDArray rfft() { return rfft.apply(signal); }
}
