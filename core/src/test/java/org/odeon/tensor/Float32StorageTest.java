package org.odeon.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.nn.Parameter;
import org.odeon.optim.Sgd;

/** float32 arrays hold a float[]; data() is their values widened; kernels give the correctly rounded float32 result. */
class Float32StorageTest {

    /** Large enough for several blocks and for the kernels to split over threads. */
    private static final int N = 3 * Store.BLOCK * 17 + 5;

    private static NDArray f32(long seed, int... shape) { return new Rng(seed).normal(DType.F32, 0, 1, shape); }

    @Test
    void float32ValuesLiveInAFloatBufferAndDataIsAWidenedCopy() {
        NDArray a = NDArray.of(DType.F32, new int[] {3}, new double[] {0.1, 1e-50, 3});
        assertNotNull(a.floats());
        assertArrayEquals(new float[] {0.1f, 0f, 3f}, a.floats());
        double[] d = a.data();
        assertArrayEquals(new double[] {(float) 0.1, 0, 3}, d);
        d[0] = 7;
        assertEquals((float) 0.1, a.get(0), "writing to the widened copy leaves the array alone");
        assertNull(NDArray.zeros(DType.F64, 2).floats());
        NDArray f64 = NDArray.of(new int[] {2}, 1, 2);
        f64.data()[1] = 5;   // F64 data() is the buffer itself, as before
        assertEquals(5, f64.get(1));
    }

    @Test
    void elementWiseKernelsGiveTheCorrectlyRoundedResultOfTheDoubleComputation() {
        NDArray a = f32(1, N), b = f32(2, N).abs().add(0.5);
        double[] x = a.data(), y = b.data();
        NDArray[] got = {a.add(b), a.mul(b), a.div(b), a.exp(), b.log(), a.sigmoid(), a.softplus(), b.sqrt(), a.expm1(), b.log1p()};
        java.util.function.IntToDoubleFunction[] want = {
                i -> x[i] + y[i], i -> x[i] * y[i], i -> x[i] / y[i], i -> Math.exp(x[i]), i -> Math.log(y[i]),
                i -> 1 / (1 + Math.exp(-x[i])), i -> Math.log1p(Math.exp(x[i])), i -> Math.sqrt(y[i]), i -> Math.expm1(x[i]), i -> Math.log1p(y[i])};
        for (int k = 0; k < got.length; k++) {
            assertEquals(DType.F32, got[k].dtype());
            float[] g = got[k].floats();
            for (int i = 0; i < N; i++) assertEquals((float) want[k].applyAsDouble(i), g[i], Math.ulp((float) want[k].applyAsDouble(i)), "op " + k + " at " + i);
        }
        float[] sum = a.add(b).floats();
        for (int i = 0; i < N; i++) assertEquals((float) (x[i] + y[i]), sum[i], "addition is exact to the rounding");
    }

    @Test
    void mixedTypesPromoteToFloat64AndBroadcastRowsWork() {
        NDArray a = f32(3, 40, 300), bias32 = f32(4, 300), bias64 = new Rng(5).normal(DType.F64, 0, 1, 300);
        NDArray s32 = a.add(bias32), s64 = a.add(bias64);
        assertEquals(DType.F32, s32.dtype());
        assertEquals(DType.F64, s64.dtype());
        for (int r = 0; r < 40; r += 13)
            for (int j = 0; j < 300; j += 7) {
                assertEquals((float) (a.get(r, j) + bias32.get(j)), s32.get(r, j));
                assertEquals(a.get(r, j) + bias64.get(j), s64.get(r, j));
            }
        assertArrayEquals(a.sum(false, 0).data(), s32.sub(bias32).sum(false, 0).data(), 1e-3);
    }

    @Test
    void sumsRunInDoubleAndAreRoundedOnce() {
        NDArray a = f32(6, N);
        double ref = 0;
        for (double v : a.data()) ref += v;
        assertEquals((float) ref, a.sum().item(), Math.ulp((float) ref) * 2);
        NDArray rows = f32(7, 500, 64);
        NDArray colSums = rows.sumTo(64);
        for (int j = 0; j < 64; j += 9) {
            double s = 0;
            for (int r = 0; r < 500; r++) s += rows.get(r, j);
            assertEquals((float) s, colSums.get(j), Math.ulp((float) s) * 2);
        }
    }

    @Test
    void sumsOverLeadingAndTrailingAxesOfFloat32MatchTheDoubleSums() {
        NDArray g = f32(10, 6, 5, 7, 9);   // a bias gradient: sum over batch and positions
        for (int[] axes : new int[][] {{0, 2, 3}, {1, 3}, {0}, {2}}) {
            NDArray got = g.sum(true, axes), ref = g.astype(DType.F64).sum(true, axes);
            assertEquals(DType.F32, got.dtype());
            double[] r = ref.data();
            float[] o = got.floats();
            for (int i = 0; i < r.length; i++) assertEquals((float) r[i], o[i], java.util.Arrays.toString(axes) + " at " + i);
        }
    }

    @Test
    void adjointsOfIndexMapsMoveOrSumInTheRightType() {
        NDArray x = f32(11, 2, 3, 4, 4);
        IndexMap pool = Selection.maxPool(x, 2, 2), repeat = IndexMap.select(new int[] {4}, 0, new int[] {1, 1, 3});
        NDArray y = pool.apply(x), back = pool.adjoint(y);
        assertEquals(DType.F32, back.dtype());
        double lhs = y.astype(DType.F64).mul(y.astype(DType.F64)).sum().item(), rhs = x.astype(DType.F64).mul(back.astype(DType.F64)).sum().item();
        assertEquals(lhs, rhs, 1e-9 * Math.abs(lhs), "⟨Px, y⟩ = ⟨x, Pᵀy⟩");
        NDArray v = NDArray.of(DType.F32, new int[] {3}, new double[] {1, 1e-8, 2});
        assertArrayEquals(new float[] {0f, (float) (1 + 1e-8), 0f, 2f}, repeat.adjoint(v).floats(), "repeated sources sum in double, rounded once");
    }

    @Test
    void inPlaceUpdatesWriteTheFloatBufferRounded() {
        NDArray a = NDArray.of(DType.F32, new int[] {2}, new double[] {1, 2}), b = NDArray.of(new int[] {2}, 1e-9, 0.1);
        a.axpyInPlace(1, b);
        assertArrayEquals(new float[] {1f, (float) 2.1}, a.floats());
        a.scaleInPlace(3);
        assertArrayEquals(new float[] {3f, (float) (3 * (double) (float) 2.1)}, a.floats());
        a.assign(NDArray.of(new int[] {2}, Math.PI, -1));
        assertArrayEquals(new float[] {(float) Math.PI, -1f}, a.floats());
    }

    @Test
    void anOptimizerStepMovesAFloat32Parameter() {
        Parameter p = new Parameter(NDArray.of(DType.F32, new int[] {2}, new double[] {1, -1}));
        p.tensor().square().sum().backward();   // gradient 2θ
        new Sgd(Map.of("p", p), 0.1).step();
        assertArrayEquals(new float[] {0.8f, -0.8f}, p.value().floats());
    }

    @Test
    void matrixProductsOfFloat32ArraysStayFloat32() {
        NDArray a = f32(8, 70, 50), b = f32(9, 50, 60);
        NDArray c = a.matmul(b), ref = a.astype(DType.F64).matmul(b.astype(DType.F64));
        assertEquals(DType.F32, c.dtype());
        assertTrue(c.sub(ref).norm() < 1e-5 * ref.norm());
        assertEquals(DType.F64, a.matmul(b.astype(DType.F64)).dtype(), "a float64 operand promotes the product");
    }
}
