package org.odeon.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.odeon.tensor.Convolution;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.openjdk.jmh.annotations.*;

/**
 * Is a direct 3×3 convolution worth having beside im2col + GEMM? The convnet's second layer
 * ({@code [128, 32, 14, 14]} by {@code [64, 32, 3, 3]}, zero padding 1), float32, both on two
 * threads: {@link #im2colGemm} is the engine's kernel, {@link #direct} the textbook loop nest with
 * the innermost loop over a row of pixels (so the JIT vectorises it), samples split over the cores.
 * {@code java -cp "app/target/odeon.jar:app/target/lib/*" org.openjdk.jmh.Main DirectConvBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DirectConvBench {
    static final int N = 128, C = 32, H = 14, W = 14, O = 64;

    NDArray x, w;
    float[] xf, wf;
    Convolution.Geometry geo;

    @Setup public void setup() {
        Rng rng = new Rng(2);
        x = rng.normal(DType.F32, 0, 1, N, C, H, W);
        w = rng.normal(DType.F32, 0, 1, O, C, 3, 3);
        xf = floats(x);
        wf = floats(w);
        geo = new Convolution.Geometry(C, H, W, 3, 3, 1, 1, IndexMap.Pad.ZERO);
        double[] ref = im2colGemm().data();   // both compute the same thing, or the timing means nothing
        float[] got = direct();
        for (int i = 0; i < ref.length; i++)
            if (Math.abs(ref[i] - got[i]) > 1e-3 * (1 + Math.abs(ref[i]))) throw new IllegalStateException("direct differs at " + i);
    }

    private static float[] floats(NDArray a) {
        double[] d = a.data();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    @Benchmark public NDArray im2colGemm() { return Convolution.conv(x, w, null, geo); }

    @Benchmark public float[] direct() {
        float[] out = new float[N * O * H * W];
        IntStream.range(0, N).parallel().forEach(b -> {
            for (int oc = 0; oc < O; oc++) {
                int base = (b * O + oc) * H * W;
                for (int ic = 0; ic < C; ic++) {
                    int xb = (b * C + ic) * H * W;
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++) {
                            float wv = wf[((oc * C + ic) * 3 + ky) * 3 + kx];
                            int dy = ky - 1, dx = kx - 1;
                            for (int y = Math.max(0, -dy); y < Math.min(H, H - dy); y++) {
                                int ro = base + y * W, ri = xb + (y + dy) * W + dx;
                                for (int xx = Math.max(0, -dx); xx < Math.min(W, W - dx); xx++) out[ro + xx] += wv * xf[ri + xx];
                            }
                        }
                }
            }
        });
        return out;
    }
}
