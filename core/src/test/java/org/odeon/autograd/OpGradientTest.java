package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.*;
import org.junit.jupiter.params.provider.Arguments;
import org.odeon.tensor.Convolution;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** Every differentiable op matches central finite differences at first and second order. */
class OpGradientTest extends GradientCases {

    /** Stride 2, circular padding 1, a 3x2 kernel on 2-channel 5x4 images: output 3x3. */
    private static final Convolution.Geometry GEO = new Convolution.Geometry(2, 5, 4, 3, 2, 2, 1, IndexMap.Pad.CIRCULAR);

    private static NDArray n(long seed, int... shape) { return new Rng(seed).normal(DType.F64, 0, 1, shape); }

    /** Values bounded away from 0 for log, sqrt, div, pow. */
    private static NDArray pos(long seed, int... shape) { return new Rng(seed).uniform(DType.F64, 0.5, 2, shape); }

    /** Values bounded away from the kinks of relu, abs, clamp, max. */
    private static NDArray away(long seed, int... shape) {
        return n(seed, shape).map(v -> v >= 0 ? v + 0.1 : v - 0.1);
    }

    private static Function<List<Tensor>, Tensor> unary(Function<Tensor, Tensor> f) { return t -> f.apply(t.get(0)); }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("add (broadcast)", t -> t.get(0).add(t.get(1)).square(), List.of(n(1, 3, 4), n(2, 4))),
                new Case("sub (broadcast)", t -> t.get(0).sub(t.get(1)).square(), List.of(n(3, 2, 1, 3), n(4, 4, 1))),
                new Case("mul (broadcast)", t -> t.get(0).mul(t.get(1)), List.of(n(5, 3, 4), n(6, 3, 1))),
                new Case("div", t -> t.get(0).div(t.get(1)), List.of(n(7, 3, 4), pos(8, 4))),
                new Case("scalar ops", unary(x -> x.mul(3).add(2).sub(1).div(4).square()), List.of(n(9, 5))),
                new Case("pow", unary(x -> x.pow(2.5)), List.of(pos(10, 4))),
                new Case("pow (tensor exponent)", t -> t.get(0).pow(t.get(1)), List.of(pos(71, 3, 4), n(72, 4))),
                new Case("neg", unary(x -> x.neg().square()), List.of(n(11, 3))),
                new Case("exp", unary(Tensor::exp), List.of(n(12, 2, 3))),
                new Case("log", unary(Tensor::log), List.of(pos(13, 2, 3))),
                new Case("sqrt", unary(Tensor::sqrt), List.of(pos(14, 5))),
                new Case("sin", unary(Tensor::sin), List.of(n(15, 5))),
                new Case("cos", unary(Tensor::cos), List.of(n(16, 5))),
                new Case("tanh", unary(Tensor::tanh), List.of(n(17, 2, 5))),
                new Case("sigmoid", unary(Tensor::sigmoid), List.of(n(18, 5))),
                new Case("softplus", unary(Tensor::softplus), List.of(n(19, 5))),
                new Case("relu", unary(x -> x.relu().square()), List.of(away(20, 6))),
                new Case("leaky relu", unary(x -> x.leakyRelu(0.1).square()), List.of(away(21, 6))),
                new Case("abs", unary(x -> x.abs().square()), List.of(away(22, 6))),
                new Case("clamp", unary(x -> x.clamp(-0.5, 0.5).square()), List.of(n(23, 6).map(v -> Math.abs(Math.abs(v) - 0.5) < 0.05 ? v + 0.2 : v))),
                new Case("maximum", t -> t.get(0).maximum(t.get(1)).square(), List.of(n(24, 3, 4), n(25, 4).add(0.05))),
                new Case("minimum", t -> t.get(0).minimum(t.get(1)).square(), List.of(n(26, 3, 4), n(27, 3, 4).add(0.05))),
                new Case("where", t -> Tensor.where(n(28, 3, 4).gt(NDArray.scalar(0)), t.get(0), t.get(1)).square(), List.of(n(29, 3, 4), n(30, 4))),
                new Case("sum axes", unary(x -> x.sum(false, 0, 2).square()), List.of(n(31, 2, 3, 4))),
                new Case("sum keepdims", unary(x -> x.sum(true, 1).square().mul(x)), List.of(n(32, 2, 3, 4))),
                new Case("mean", unary(x -> x.mean(false, -1).square()), List.of(n(33, 3, 5))),
                new Case("max", unary(x -> x.max(1, false).square()), List.of(n(34, 3, 5))),
                new Case("min keepdims", unary(x -> x.min(0, true).square().mul(x)), List.of(n(73, 3, 5))),
                new Case("norm", unary(x -> x.norm(false, 1)), List.of(n(74, 3, 5))),
                new Case("scatter-add", unary(x -> x.scatterAdd(0, new int[] {2, 0, 2}, 4).square()), List.of(n(75, 3, 2))),
                new Case("logsumexp", unary(x -> x.logSumExp(-1, false)), List.of(n(35, 3, 5))),
                new Case("log softmax", unary(x -> x.logSoftmax(-1)), List.of(n(36, 3, 5))),
                new Case("softmax", unary(x -> x.softmax(0)), List.of(n(37, 4, 2))),
                new Case("expand", unary(x -> x.expand(3, 2, 4).square()), List.of(n(38, 2, 1))),
                new Case("reshape", unary(x -> x.reshape(4, 3).square()), List.of(n(39, 2, 6))),
                new Case("permute", unary(x -> x.permute(2, 0, 1).mul(x.permute(2, 0, 1))), List.of(n(40, 2, 3, 4))),
                new Case("transpose", unary(x -> x.transpose(0, 1).matmul(x)), List.of(n(41, 3, 4))),
                new Case("slice with step", unary(x -> x.slice(1, 1, 6, 2).square()), List.of(n(42, 2, 7))),
                new Case("select (gather)", unary(x -> x.select(0, 2, 0, 2).square()), List.of(n(43, 3, 2))),
                new Case("pad zero", unary(x -> x.pad(1, 2, 1, IndexMap.Pad.ZERO).square()), List.of(n(44, 2, 3))),
                new Case("pad circular", unary(x -> x.pad(-1, 2, 2, IndexMap.Pad.CIRCULAR).square()), List.of(n(45, 2, 3))),
                new Case("pad reflect", unary(x -> x.pad(0, 2, 1, IndexMap.Pad.REFLECT).square()), List.of(n(46, 3, 2))),
                new Case("cat", t -> Tensor.cat(List.of(t.get(0), t.get(1)), 1).square(), List.of(n(47, 2, 3), n(48, 2, 2))),
                new Case("stack", t -> Tensor.stack(List.of(t.get(0), t.get(1)), 0).square(), List.of(n(49, 2, 3), n(50, 2, 3))),
                new Case("matmul", t -> t.get(0).matmul(t.get(1)).square(), List.of(n(51, 3, 4), n(52, 4, 2))),
                new Case("batched matmul (broadcast)", t -> t.get(0).matmul(t.get(1)).square(), List.of(n(53, 2, 3, 4), n(54, 1, 4, 2))),
                new Case("mm transposed", t -> Tensor.mm(t.get(0), true, t.get(1), true).square(), List.of(n(55, 4, 3), n(56, 2, 4))),
                new Case("conv2d stride 2 pad 1", t -> Conv.conv2d(t.get(0), t.get(1), t.get(2), 2, 1, IndexMap.Pad.ZERO).tanh(), List.of(n(57, 2, 2, 5, 5), n(58, 3, 2, 3, 3), n(59, 3))),
                new Case("conv2d circular", t -> Conv.conv2d(t.get(0), t.get(1), null, 1, 1, IndexMap.Pad.CIRCULAR).tanh(), List.of(n(60, 1, 2, 4, 4), n(61, 2, 2, 3, 3))),
                new Case("conv transpose 2d", t -> Conv.convTranspose2d(t.get(0), t.get(1), t.get(2), 2, 1, 1, IndexMap.Pad.ZERO).tanh(), List.of(n(62, 1, 3, 3, 3), n(63, 3, 2, 3, 3), n(64, 2))),
                new Case("conv2d reflect, 2x3 kernel", t -> Conv.conv2d(t.get(0), t.get(1), null, 1, 2, IndexMap.Pad.REFLECT).tanh(), List.of(n(76, 2, 2, 4, 5), n(77, 2, 2, 2, 3))),
                new Case("conv with bias (fused op)", t -> Conv.conv(t.get(0), t.get(1), t.get(2), GEO).tanh(), List.of(n(78, 2, 2, 5, 4), n(79, 3, 2, 3, 2), n(84, 3))),
                new Case("convT (fused op)", t -> Conv.convT(t.get(0), t.get(1), GEO).tanh(), List.of(n(80, 2, 3, 3, 3), n(81, 3, 2, 3, 2))),
                new Case("convW (fused op)", t -> Conv.convW(t.get(0), t.get(1), GEO).tanh(), List.of(n(82, 2, 2, 5, 4), n(83, 2, 3, 3, 3))),
                new Case("max pool", unary(x -> Conv.maxPool2d(x, 2, 2).square()), List.of(n(65, 1, 2, 4, 4))),
                new Case("avg pool", unary(x -> Conv.avgPool2d(x, 2, 1).square()), List.of(n(66, 1, 2, 3, 3))),
                new Case("rfft", unary(x -> Spectral.rfft(x, -1).square()), List.of(n(67, 2, 8))),
                new Case("rfft odd length, other axis", unary(x -> Spectral.rfft(x, 0).square()), List.of(n(68, 7, 2))),
                new Case("irfft", unary(z -> Spectral.irfft(z, -1, 6).square()), List.of(n(69, 2, 4, 2))),
                new Case("rfft2 / irfft2", unary(x -> Spectral.irfft2(Spectral.rfft2(x).tanh(), 6).square()), List.of(n(70, 4, 6))));
    }

    /** Broadcasting binary ops on random compatible shapes. */
    @Property(tries = 40)
    void broadcastBinaryOpsHaveCorrectGradients(@ForAll("broadcastPairs") int[][] shapes, @ForAll("binaryOps") String op) {
        Function<List<Tensor>, Tensor> f = t -> switch (op) {
            case "add" -> t.get(0).add(t.get(1)).tanh();
            case "sub" -> t.get(0).sub(t.get(1)).tanh();
            case "mul" -> t.get(0).mul(t.get(1));
            default -> t.get(0).div(t.get(1).square().add(1));
        };
        List<NDArray> in = List.of(n(shapes[0].length * 31L + op.length(), shapes[0]), n(97, shapes[1]));
        assertTrue(GradCheck.firstOrder(f, in, 3) < FIRST);
        assertTrue(GradCheck.secondOrder(f, in, 5) < SECOND);
    }

    @Provide Arbitrary<String> binaryOps() { return Arbitraries.of("add", "sub", "mul", "div"); }

    @Provide Arbitrary<int[][]> broadcastPairs() {
        return Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(3).flatMap(dims ->
                Arbitraries.integers().between(0, 7).list().ofSize(dims.size()).flatMap(masks ->
                        Arbitraries.integers().between(0, dims.size()).map(drop -> {
                            int r = dims.size();
                            int[] a = new int[r], b = new int[r - drop];
                            for (int i = 0; i < r; i++) {
                                int m = masks.get(i);
                                a[i] = (m & 1) == 1 ? 1 : dims.get(i);
                                if (i >= drop) b[i - drop] = (m & 2) == 2 ? 1 : dims.get(i);
                            }
                            return new int[][] {a, b};
                        })));
    }
}
