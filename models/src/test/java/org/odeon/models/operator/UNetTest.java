package org.odeon.models.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.GradCheck;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Conv-FNO's UNet: its levels line up, its features are alive at initialisation and reach the FNO's output. */
class UNetTest {
    private static Tensor ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 3 * i - 2;
        return Tensor.of(new int[] {1, 1, 1, n}, v);
    }

    @Test
    void halvingThenDoublingReturnsALinearFieldAwayFromTheWrap() {
        // Pair means of a ramp sit halfway between their samples; reading them back at (i − ½)/2 gives the
        // ramp again, for even and odd sizes — no half-sample shift between levels.
        for (int n : new int[] {16, 15, 29}) {
            Tensor x = ramp(n), back = UNet.upsample(UNet.halve(x, 1), 3, n);
            assertEquals(n, back.dim(3));
            for (int i = 1; i < n - 2; i++)
                assertEquals(x.value().data()[i], back.value().data()[i], 1e-12, "n=" + n + ", sample " + i);
        }
        // in 2-D both axes, separably: a bilinear field comes back in the interior
        int h = 9, w = 12;
        double[] f = new double[h * w];
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) f[i * w + j] = 2 * i - j + 0.5 * i * j;
        Tensor x = Tensor.of(new int[] {1, 1, h, w}, f), back = UNet.upsample(UNet.upsample(UNet.halve(x, 2), 3, w), 2, h);
        for (int i = 1; i < h - 2; i++)
            for (int j = 1; j < w - 1; j++) assertEquals(f[i * w + j], back.value().data()[i * w + j], 1e-12, "(" + i + ", " + j + ")");
    }

    @Test
    void doublingIsLinearInterpolationWithWeightsThreeQuartersAndAQuarter() {
        Tensor c = Tensor.of(new int[] {1, 1, 1, 3}, new double[] {4, 8, 0});
        // i = 0 reads position −¼ (wraps to the last sample), i = 5 reads 2¼ (wraps to the first)
        assertArrayEquals(new double[] {3, 5, 7, 6, 2, 1}, UNet.upsample(c, 3, 6).value().data(), 1e-15);
        assertArrayEquals(new double[] {3, 5, 7, 6, 2}, UNet.upsample(c, 3, 5).value().data(), 1e-15);
    }

    @Test
    void theEnginesCircularConvolutionIsTheConvolutionOfTheWrappedField() {
        CircularConv c = new CircularConv(2, 3, 4, new Rng(11));
        Tensor x = Tensor.constant(new Rng(12).normal(DType.F64, 0, 1, 2, 3, 5, 6));
        Tensor wrapped = x.pad(3, 1, 1, org.odeon.tensor.IndexMap.Pad.CIRCULAR).pad(2, 1, 1, org.odeon.tensor.IndexMap.Pad.CIRCULAR);
        NDArray direct = org.odeon.autograd.Conv.conv2d(wrapped, c.parameters().get(0).tensor(), null, 1, 0, org.odeon.tensor.IndexMap.Pad.ZERO).value();
        assertArrayEquals(direct.data(), c.forward(x).value().data(), 1e-12);
        assertArrayEquals(direct.relu().data(), c.forwardRelu(x).value().data(), 1e-12);
    }

    @Test
    void featuresAreOfOrderOneAtInitialisationOnEveryGridSize() {
        for (int n : new int[] {29, 43, 16}) {
            UNet u = new UNet(2, 3, 32, new Rng(3));
            Tensor x = Tensor.constant(new Rng(4).normal(DType.F64, 0, 1, 2, 3, n, n));
            Tensor y = u.forward(x);
            assertArrayEquals(new int[] {2, 32, n, n}, y.shape());
            double rms = y.value().norm() / Math.sqrt(y.value().size());
            assertTrue(rms > 0.1 && rms < 10, "features' root mean square " + rms + " at " + n + "×" + n);
        }
    }

    @Test
    void everyParameterOfAUNetFnoGetsAGradient() {
        Rng rng = new Rng(5);
        Fno fno = new Fno(new Fno.Config(1 + 4, 1, 8, 3, 3, 2, 8, Grid.NODES), rng);
        ConvFno model = new ConvFno(new UNet(2, 1 + 2, 4, rng), fno, 1, ConvFno.Scheme.INPUT, 11, 11);
        Tensor loss = model.forward(Tensor.constant(new Rng(6).normal(DType.F64, 0, 1, 2, 1, 11, 11))).square().mean();
        loss.backward();
        var params = model.namedParameters();
        assertTrue(params.keySet().stream().anyMatch(k -> k.startsWith("cnn.")), "the UNet's weights are the model's parameters: " + params.keySet());
        for (var e : params.entrySet()) {
            Parameter p = e.getValue();
            assertTrue(p.grad() != null && p.grad().abs().maxValue() > 0, e.getKey() + " gets no gradient");
        }
    }

    @Test
    void theCnnReadsTheFieldWithItsGridCoordinates() {
        // On a constant field a circular convolution is constant; only the coordinate channels let the
        // CNN's features tell the boundary of the square from its interior.
        NDArray[] seen = new NDArray[1];
        Module spy = new Module() {
            @Override public Tensor forward(Tensor x) { seen[0] = x.value(); return x.slice(1, 1, 3); }
        };
        Fno fno = new Fno(new Fno.Config(1 + 2, 1, 4, 2, 2, 1, 4, Grid.NODES), new Rng(7));
        new ConvFno(spy, fno, 1, ConvFno.Scheme.FEATURES, 5, 5).forward(Tensor.constant(NDArray.full(DType.F64, 2.5, 1, 1, 5, 5)));
        assertArrayEquals(new int[] {1, 3, 5, 5}, seen[0].shape());
        assertArrayEquals(Grid.NODES.channels(2, 5, 5, DType.F64).value().data(), java.util.Arrays.copyOfRange(seen[0].data(), 25, 75), 0);
    }

    @Test
    void aTwoDimensionalUNetOnAnOddGridHasExactInputGradients() {
        UNet u = new UNet(2, 3, 2, new Rng(9));
        Function<List<Tensor>, Tensor> f = t -> u.forward(t.get(0));
        List<NDArray> in = List.of(new Rng(10).normal(DType.F64, 0, 1, 1, 3, 5, 7));
        double first = GradCheck.firstOrder(f, in, 1), second = GradCheck.secondOrder(f, in, 2);
        assertTrue(first < 1e-6, "first-order error " + first);
        assertTrue(second < 1e-5, "second-order error " + second);
    }
}
