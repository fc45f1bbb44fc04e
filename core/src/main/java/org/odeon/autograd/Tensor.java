package org.odeon.autograd;

import java.util.Arrays;
import java.util.List;
import org.odeon.tensor.Blas;
import org.odeon.tensor.DType;
import org.odeon.tensor.IndexMap;
import org.odeon.tensor.LinearMap;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Shape;

/**
 * A differentiable array: an {@link NDArray} value plus, when it depends on something that
 * requires a gradient, the op that produced it.
 *
 * <p>Each op below computes its value with an {@link NDArray} kernel and states its backward in
 * the same place, in terms of other {@code Tensor} ops; that is what makes derivatives of any
 * order work (see {@link Autograd}). Linear structural ops (permute, slice, pad, gather, FFT)
 * go through {@link #linear(LinearMap)}, whose backward is the map's adjoint.
 */
public final class Tensor {
    private final NDArray value;
    private final Node node;
    private final boolean requiresGrad;
    private NDArray grad;

    private Tensor(NDArray value, Node node, boolean requiresGrad) {
        this.value = value;
        this.node = node;
        this.requiresGrad = requiresGrad;
    }

    /** A tensor that no gradient flows into. */
    public static Tensor constant(NDArray value) { return new Tensor(value, null, false); }

    /** A leaf whose gradient {@link #backward()} accumulates into {@link #grad()}. */
    public static Tensor param(NDArray value) { return new Tensor(value, null, true); }

    public static Tensor scalar(double v) { return constant(NDArray.scalar(v)); }

    public static Tensor of(int[] shape, double... data) { return constant(NDArray.of(shape, data)); }

    /** Records an op if recording is on and some input requires a gradient. */
    static Tensor op(NDArray value, Node.Backward backward, Tensor... inputs) {
        if (GradMode.isEnabled())
            for (Tensor in : inputs)
                if (in.requiresGrad) return new Tensor(value, new Node(inputs, backward), true);
        return new Tensor(value, null, false);
    }

    // ------------------------------------------------------------------ state

    public NDArray value() { return value; }

    public DType dtype() { return value.dtype(); }

    public int[] shape() { return value.shape(); }

    public int dim(int axis) { return value.dim(axis); }

    public int rank() { return value.rank(); }

    public int size() { return value.size(); }

    public double item() { return value.item(); }

    public boolean requiresGrad() { return requiresGrad; }

    Node node() { return node; }

    /** The gradient accumulated by {@link #backward()}, or null. */
    public NDArray grad() { return grad; }

    public void zeroGrad() { grad = null; }

    void accumulateGrad(NDArray g) {
        if (grad == null) grad = g.astype(dtype()).copy();   // a copy: g's buffer is recycled after backward()
        else grad.axpyInPlace(1.0, g);
    }

    /** Back-propagates this scalar into the {@link #grad()} of every leaf parameter it depends on. */
    public void backward() { Autograd.backward(this); }

    /** The same value, cut from the graph. */
    public Tensor detach() { return requiresGrad ? constant(value) : this; }

    // ------------------------------------------------------------------ arithmetic (broadcasting)

    public Tensor add(Tensor b) {
        int[] sa = shape(), sb = b.shape();
        return op(value.add(b.value), (o, g, need) -> new Tensor[] {need[0] ? g.sumTo(sa) : null, need[1] ? g.sumTo(sb) : null}, this, b);
    }

    public Tensor sub(Tensor b) {
        int[] sa = shape(), sb = b.shape();
        return op(value.sub(b.value), (o, g, need) -> new Tensor[] {need[0] ? g.sumTo(sa) : null, need[1] ? g.neg().sumTo(sb) : null}, this, b);
    }

    public Tensor mul(Tensor b) {
        Tensor a = this;
        return op(value.mul(b.value), (o, g, need) -> new Tensor[] {
                need[0] ? g.mul(b).sumTo(a.shape()) : null,
                need[1] ? g.mul(a).sumTo(b.shape()) : null}, this, b);
    }

    public Tensor div(Tensor b) {
        Tensor a = this;
        return op(value.div(b.value), (o, g, need) -> new Tensor[] {
                need[0] ? g.div(b).sumTo(a.shape()) : null,
                need[1] ? g.mul(o).div(b).neg().sumTo(b.shape()) : null}, this, b);
    }

    public Tensor add(double s) { return op(value.add(s), (o, g, need) -> new Tensor[] {g}, this); }

    public Tensor sub(double s) { return add(-s); }

    public Tensor mul(double s) { return op(value.mul(s), (o, g, need) -> new Tensor[] {g.mul(s)}, this); }

    public Tensor div(double s) { return mul(1.0 / s); }

    /** {@code x^p} for a constant exponent; {@code x^0 = 1} everywhere, with derivative 0 (also at {@code x = 0}). */
    public Tensor pow(double p) {
        Tensor x = this;
        if (p == 1) return this;
        if (p == 0) return op(value.pow(0), (o, g, need) -> new Tensor[] {g.mul(0.0)}, this);
        return op(value.pow(p), (o, g, need) -> new Tensor[] {g.mul(x.pow(p - 1).mul(p))}, this);
    }

    /** {@code x^y} element-wise for a tensor exponent (x > 0 where y varies). */
    public Tensor pow(Tensor y) {
        Tensor x = this;
        return op(value.pow(y.value), (o, g, need) -> new Tensor[] {
                need[0] ? g.mul(y).mul(o).div(x).sumTo(x.shape()) : null,
                need[1] ? g.mul(o).mul(x.log()).sumTo(y.shape()) : null}, this, y);
    }

    public Tensor square() {
        Tensor x = this;
        return op(value.square(), (o, g, need) -> new Tensor[] {g.mul(x).mul(2)}, this);
    }

    public Tensor neg() { return op(value.neg(), (o, g, need) -> new Tensor[] {g.neg()}, this); }

    /** {@code cond ? a : b} with a constant condition (nonzero for true). */
    public static Tensor where(NDArray cond, Tensor a, Tensor b) {
        NDArray notCond = cond.eq(NDArray.scalar(0)), isCond = notCond.mul(-1).add(1);
        return op(NDArray.where(cond, a.value, b.value), (o, g, need) -> new Tensor[] {
                need[0] ? g.mulConst(isCond).sumTo(a.shape()) : null, need[1] ? g.mulConst(notCond).sumTo(b.shape()) : null}, a, b);
    }

    public Tensor maximum(Tensor b) { return where(value.gt(b.value).add(value.eq(b.value)), this, b); }

    public Tensor minimum(Tensor b) { return where(b.value.gt(value).add(value.eq(b.value)), this, b); }

    /** Multiplies by an array that no gradient flows into (masks, constant weights). */
    public Tensor mulConst(NDArray c) {
        int[] s = shape();
        return op(value.mul(c), (o, g, need) -> new Tensor[] {g.mulConst(c).sumTo(s)}, this);
    }

    // ------------------------------------------------------------------ element-wise functions

    public Tensor exp() { return op(value.exp(), (o, g, need) -> new Tensor[] {g.mul(o)}, this); }

    public Tensor log() {
        Tensor x = this;
        return op(value.log(), (o, g, need) -> new Tensor[] {g.div(x)}, this);
    }

    /** {@code log(1 + x)}: derivative {@code 1/(1 + x)}. */
    public Tensor log1p() {
        Tensor x = this;
        return op(value.log1p(), (o, g, need) -> new Tensor[] {g.div(x.add(1))}, this);
    }

    /** {@code exp(x) − 1}: derivative {@code exp(x) = y + 1}, taken from the output. */
    public Tensor expm1() { return op(value.expm1(), (o, g, need) -> new Tensor[] {g.mul(o.add(1))}, this); }

    public Tensor sqrt() { return op(value.sqrt(), (o, g, need) -> new Tensor[] {g.div(o).mul(0.5)}, this); }

    public Tensor sin() {
        Tensor x = this;
        return op(value.sin(), (o, g, need) -> new Tensor[] {g.mul(x.cos())}, this);
    }

    public Tensor cos() {
        Tensor x = this;
        return op(value.cos(), (o, g, need) -> new Tensor[] {g.mul(x.sin()).neg()}, this);
    }

    /** tanh, with {@code tanh' = 1 − tanh²} taken from the output. */
    public Tensor tanh() { return op(value.tanh(), (o, g, need) -> new Tensor[] {tanhBackward(o, g)}, this); }

    /**
     * {@code g·(1 − y²)} in one kernel; its own backward is spelled out for higher orders: linear in g,
     * so the g-part is this op again. When nothing is recorded (the last backward of a double backward)
     * and both parts are wanted, one pass computes the two from the same values.
     */
    static Tensor tanhBackward(Tensor y, Tensor g) {
        return op(g.value.tanhGrad(y.value), (o, gg, need) -> {
            if (need[0] && need[1] && !GradMode.isEnabled()) {
                NDArray[] both = gg.value.tanhGradPullback(g.value, y.value);
                return new Tensor[] {constant(both[0]), constant(both[1])};
            }
            return new Tensor[] {need[0] ? gg.mul(g).mul(y).mul(-2) : null, need[1] ? tanhBackward(y, gg) : null};
        }, y, g);
    }

    public Tensor sigmoid() {
        return op(value.sigmoid(), (o, g, need) -> new Tensor[] {g.mul(o.sub(o.square()))}, this);
    }

    public Tensor softplus() {
        Tensor x = this;
        return op(value.softplus(), (o, g, need) -> new Tensor[] {g.mul(x.sigmoid())}, this);
    }

    /** The error function; {@code erf′(x) = (2/√π)·e^{−x²}}. */
    public Tensor erf() {
        Tensor x = this;
        return op(value.erf(), (o, g, need) -> new Tensor[] {g.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI)))}, this);
    }

    /**
     * Exact GELU {@code x·Φ(x)} (Φ the standard normal CDF); {@code gelu′(x) = Φ(x) + x·φ(x)}. When a gradient
     * will be taken, the slope is computed in the same pass as the value and kept for the
     * backward, which is then one product {@code g·gelu′(x)}: Φ is evaluated once per element, not twice.
     */
    public Tensor gelu() {
        if (!GradMode.isEnabled() || !requiresGrad) return op(value.gelu(), (o, g, need) -> new Tensor[] {geluBackward(this, g, null)}, this);
        NDArray[] ys = value.geluWithSlope();
        return op(ys[0], (o, g, need) -> new Tensor[] {geluBackward(this, g, ys[1])}, this);
    }

    /**
     * {@code g·gelu′(x)} in one kernel ({@code slope}, if known, is {@code gelu′(x)}). Its own backward, for
     * higher orders: {@code gelu″(x) = φ(x)(2 − x²)} for the x-part; linear in g, so the g-part is this op again.
     */
    static Tensor geluBackward(Tensor x, Tensor g, NDArray slope) {
        return op(slope == null ? g.value.geluGrad(x.value) : g.value.mul(slope), (o, gg, need) -> new Tensor[] {
                need[0] ? gg.mul(g).mul(x.square().mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI))).mul(x.square().neg().add(2)) : null,
                need[1] ? geluBackward(x, gg, slope) : null}, x, g);
    }

    /** SiLU {@code x·s(x)}, s the sigmoid; {@code silu′(x) = s + x·s·(1 − s)}. */
    public Tensor silu() {
        Tensor x = this;
        return op(value.silu(), (o, g, need) -> {
            Tensor sg = x.sigmoid();
            return new Tensor[] {g.mul(sg.add(x.mul(sg).mul(sg.neg().add(1))))};
        }, this);
    }

    /**
     * {@code softplus_β(x) = log(1 + e^{βx})/β}, a smooth relu that sharpens as β grows; its
     * derivative is {@code sigmoid(βx)}. β must be positive and finite.
     */
    public Tensor softplus(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("softplus: beta must be positive and finite, got " + beta);
        return beta == 1 ? softplus() : mul(beta).softplus().div(beta);
    }

    public Tensor relu() { return op(value.relu(), (o, g, need) -> new Tensor[] {g.keepWhere(o.value)}, this); }

    /** This where {@code ref > 0}, else 0: linear in this, so its backward is itself. */
    Tensor keepWhere(NDArray ref) {
        return op(value.keepWhere(ref), (o, g, need) -> new Tensor[] {g.keepWhere(ref)}, this);
    }

    /** {@code x} where positive, {@code slope·x} elsewhere. */
    public Tensor leakyRelu(double slope) {
        NDArray scale = value.step().mul(1 - slope).add(slope);
        return mulConst(scale);
    }

    public Tensor abs() { return mulConst(value.sign()); }

    /** Clamps to [lo, hi]; the gradient is zero where clamped. */
    public Tensor clamp(double lo, double hi) {
        NDArray inside = value.map(v -> v > lo && v < hi ? 1 : 0);
        return op(value.clamp(lo, hi), (o, g, need) -> new Tensor[] {g.mulConst(inside)}, this);
    }

    // ------------------------------------------------------------------ reductions

    /** Sum over {@code axes} (all when none). */
    public Tensor sum(boolean keepDims, int... axes) {
        int[] s = shape();
        NDArray kept = value.sum(true, axes);   // one pass; the squeezed result is a view of it
        int[] keepShape = kept.shape();
        return op(keepDims ? kept : kept.reshape(squeezed(keepShape, reduced(s, axes))),
                (o, g, need) -> new Tensor[] {g.reshape(keepShape).expand(s)}, this);
    }

    public Tensor sum() { return sum(false); }

    public Tensor mean(boolean keepDims, int... axes) {
        boolean[] r = reduced(shape(), axes);
        double n = 1;
        for (int i = 0; i < r.length; i++) if (r[i]) n *= dim(i);
        return sum(keepDims, axes).div(n);
    }

    /** Which axes of {@code shape} a reduction over {@code axes} removes (all when none given). */
    private static boolean[] reduced(int[] shape, int[] axes) {
        boolean[] r = new boolean[shape.length];
        if (axes.length == 0) Arrays.fill(r, true);
        for (int a : axes) r[Shape.axis(a, shape.length)] = true;
        return r;
    }

    private static int[] squeezed(int[] shape, boolean[] drop) {
        int[] out = new int[shape.length];
        int j = 0;
        for (int i = 0; i < shape.length; i++) if (!drop[i]) out[j++] = shape[i];
        return Arrays.copyOf(out, j);
    }

    public Tensor mean() { return mean(false); }

    /** Population variance {@code mean((x − mean x)²)} over {@code axes} (all when none). */
    public Tensor var(boolean keepDims, int... axes) { return sub(mean(true, axes)).square().mean(keepDims, axes); }

    /** Population standard deviation over {@code axes}; its gradient is infinite where the variance is 0. */
    public Tensor std(boolean keepDims, int... axes) { return var(keepDims, axes).sqrt(); }

    /**
     * Layer normalisation over the last axis, without affine parameters:
     * {@code (x − μ)/√(σ² + eps)}, μ and σ² the mean and population variance of each row.
     */
    public Tensor layerNorm(double eps) {
        if (!(eps >= 0)) throw new IllegalArgumentException("layerNorm: eps must be non-negative, got " + eps);
        // One op (a transformer step holds five): y = c·r with c = x − μ, r = (σ² + eps)^(−1/2); backward
        // r·(g − mean g − y·mean(g·y)), in ops so it differentiates again (r through inverseStd).
        NDArray c = value.sub(value.mean(true, -1)), r = c.square().mean(true, -1).add(eps).pow(-0.5);
        Tensor x = this;
        return op(c.mul(r), (y, g, need) -> new Tensor[] {
                inverseStd(x, r).mul(g.sub(g.mean(true, -1)).sub(y.mul(g.mul(y).mean(true, -1))))}, this);
    }

    /** {@code r = (σ² + eps)^(−1/2)} of {@code x}'s last axis, its value {@code r} given; {@code ∂r/∂xⱼ = −r³(xⱼ − μ)/n}. */
    private static Tensor inverseStd(Tensor x, NDArray r) {
        int n = x.dim(-1);
        return op(r, (o, g, need) -> new Tensor[] {g.mul(o.pow(3)).mul(x.sub(x.mean(true, -1))).div(-n)}, x);
    }

    /** Maximum along one axis: locally a selection, so the gradient goes to the first maximal element. */
    public Tensor max(int axis, boolean keepDims) {
        Tensor m = linear(org.odeon.tensor.Selection.argmax(value, axis));
        return keepDims ? m.unsqueeze(axis < 0 ? axis + rank() : axis) : m;
    }

    /** Minimum along one axis (the maximum of the negation). */
    public Tensor min(int axis, boolean keepDims) { return neg().max(axis, keepDims).neg(); }

    /** Index of the first maximum along an axis; not differentiable, so a plain array. */
    public NDArray argmax(int axis) { return value.argmax(axis, false); }

    /**
     * Euclidean norm over {@code axes} (all when none), with gradient {@code x/‖x‖}. At a zero slice,
     * where the norm has no derivative, the gradient is the subgradient 0 (as in PyTorch): the
     * backward reads {@code 0/0} as 0, so a loss holding {@code ‖x‖} stays finite at {@code x = 0}.
     */
    public Tensor norm(boolean keepDims, int... axes) {
        Tensor x = this;
        NDArray kept = value.square().sum(true, axes).sqrt();
        int[] keepShape = kept.shape();
        NDArray zero = kept.map(v -> v == 0 ? 1 : 0);   // added to the divisor where the slice is 0 (and x is 0 too)
        return op(keepDims ? kept : kept.reshape(reducedShape(keepShape, axes)),
                (o, g, need) -> new Tensor[] {g.reshape(keepShape).mul(x.div(o.reshape(keepShape).add(constant(zero))))}, this);
    }

    /** {@code keepShape} without the reduced axes (all when none). */
    private static int[] reducedShape(int[] keepShape, int[] axes) {
        if (axes.length == 0) return new int[0];
        boolean[] reduced = new boolean[keepShape.length];
        for (int a : axes) reduced[a < 0 ? a + keepShape.length : a] = true;
        int[] out = new int[keepShape.length - (int) java.util.stream.IntStream.range(0, reduced.length).filter(i -> reduced[i]).count()];
        for (int i = 0, k = 0; i < keepShape.length; i++) if (!reduced[i]) out[k++] = keepShape[i];
        return out;
    }

    /**
     * {@code log Σ exp} along an axis, shifted by the (constant) maximum for stability. An infinite
     * maximum is not shifted (shifting by it would make {@code ∞ − ∞}), so a row that is all
     * {@code −∞} (a fully masked row) gives {@code −∞} and a row holding {@code +∞} gives {@code +∞},
     * as in PyTorch.
     */
    public Tensor logSumExp(int axis, boolean keepDims) {
        Tensor m = constant(value.max(axis, true).map(v -> Double.isInfinite(v) ? 0 : v));
        Tensor r = sub(m).exp().sum(true, axis).log().add(m);
        return keepDims ? r : r.squeeze(axis);
    }

    public Tensor logSoftmax(int axis) { return sub(logSumExp(axis, true)); }

    /**
     * Softmax along {@code axis} as one op: {@code y = e^{x−m}/Σe^{x−m}}, m the maximum (unshifted when infinite, as in
     * {@link #logSumExp}); backward {@code y ⊙ (g − Σ g⊙y)}, written in ops so it differentiates again.
     */
    public Tensor softmax(int axis) {
        NDArray e = value.sub(value.max(axis, true).map(v -> Double.isInfinite(v) ? 0 : v)).exp();
        return op(e.div(e.sum(true, axis)), (y, g, need) -> new Tensor[] {y.mul(g.sub(g.mul(y).sum(true, axis)))}, this);
    }

    /**
     * Softmax along {@code axis} over the entries where {@code mask} (broadcast to this shape) is
     * nonzero. Masked entries are exactly 0 and receive no gradient, whatever their value (even
     * ±∞ or NaN). A row with every entry masked is all zeros (it attends to nothing) rather than
     * NaN. Unmasked entries must be finite.
     */
    public Tensor maskedSoftmax(int axis, NDArray mask) {
        int[] s = shape();
        if (!Arrays.equals(Shape.broadcast(mask.shape(), s), s))
            throw new IllegalArgumentException("maskedSoftmax: mask of shape " + Shape.str(mask.shape()) + " does not broadcast to " + Shape.str(s));
        Tensor kept = where(mask.expandTo(s), this, constant(NDArray.full(dtype(), Double.NEGATIVE_INFINITY)));
        NDArray shift = kept.value.max(axis, true).map(v -> v == Double.NEGATIVE_INFINITY ? 0 : v);
        Tensor e = kept.sub(constant(shift)).exp();
        Tensor total = e.sum(true, axis);
        return e.div(total.add(constant(total.value.eq(NDArray.scalar(0)))));   // empty rows: 0/1
    }

    /** Running sum along {@code axis}; linear, so its backward is the reverse running sum. */
    public Tensor cumsum(int axis) { return linear(org.odeon.tensor.Scan.cumsum(shape(), axis)); }

    /** Broadcast to a larger shape; the adjoint of {@link #sumTo}. */
    public Tensor expand(int... target) {
        int[] s = shape();
        if (Arrays.equals(s, target)) return this;
        return op(value.expandTo(target), (o, g, need) -> new Tensor[] {g.sumTo(s)}, this);
    }

    /** Sum broadcast axes away down to {@code target}; the adjoint of {@link #expand}. */
    public Tensor sumTo(int... target) {
        int[] s = shape();
        if (Arrays.equals(s, target)) return this;
        return op(value.sumTo(target), (o, g, need) -> new Tensor[] {g.expand(s)}, this);
    }

    // ------------------------------------------------------------------ shape

    public Tensor reshape(int... newShape) {
        int[] s = shape();
        if (Arrays.equals(s, newShape)) return this;
        return op(value.reshape(newShape), (o, g, need) -> new Tensor[] {g.reshape(s)}, this);
    }

    public Tensor flatten(int fromAxis) {
        int[] s = shape();
        int a = Shape.axis(fromAxis, s.length);
        int[] n = Arrays.copyOf(s, a + 1);
        n[a] = -1;
        return reshape(n);
    }

    /** Removes an axis of extent 1. */
    public Tensor squeeze(int axis) {
        int[] s = shape();
        int a = Shape.axis(axis, s.length);
        if (s[a] != 1) throw new IllegalArgumentException("squeeze: axis " + axis + " of " + Shape.str(s) + " is not 1");
        int[] n = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != a) n[j++] = s[i];
        return reshape(n);
    }

    /** Inserts an axis of extent 1 at {@code axis} (of the result). */
    public Tensor unsqueeze(int axis) {
        int[] s = shape();
        int a = Shape.axis(axis, s.length + 1);
        int[] n = new int[s.length + 1];
        for (int i = 0, j = 0; i < n.length; i++) n[i] = i == a ? 1 : s[j++];
        return reshape(n);
    }

    /** Applies a linear map; its backward is the map's adjoint. */
    public Tensor linear(LinearMap map) {
        return op(map.apply(value), (o, g, need) -> new Tensor[] {g.linear(map.transpose())}, this);
    }

    public Tensor permute(int... axes) { return linear(Maps.permute(shape(), axes)); }

    /** Swaps two axes. */
    public Tensor transpose(int a, int b) {
        int r = rank();
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) axes[i] = i;
        axes[Shape.axis(a, r)] = Shape.axis(b, r);
        axes[Shape.axis(b, r)] = Shape.axis(a, r);
        return permute(axes);
    }

    /** Elements {@code start, start+step, ... < end} along {@code axis}. */
    public Tensor slice(int axis, int start, int end, int step) { return linear(Maps.slice(shape(), axis, start, end, step)); }

    public Tensor slice(int axis, int start, int end) { return slice(axis, start, end, 1); }

    /** Gathers {@code index} along {@code axis} (index-select); the backward scatters and adds. */
    public Tensor select(int axis, int... index) { return linear(IndexMap.select(shape(), axis, index)); }

    /**
     * Scatter-add along {@code axis} into an extent of {@code extent}: slot {@code index[i]} receives
     * the sum of the slices {@code i} that point to it. The adjoint of {@link #select}.
     */
    public Tensor scatterAdd(int axis, int[] index, int extent) {
        int[] out = shape();
        int a = Shape.axis(axis, out.length);
        if (out[a] != index.length)
            throw new IllegalArgumentException("scatterAdd: " + index.length + " indices for extent " + out[a] + " on axis " + a);
        out[a] = extent;
        return linear(IndexMap.select(out, a, index).transpose());
    }

    /** {@link #select(int, int...)} with the indices held in an integer-valued array (an index tensor). */
    public Tensor select(int axis, NDArray index) { return select(axis, IndexMap.indices(index, "select")); }

    /** {@link #scatterAdd(int, int[], int)} with the indices held in an integer-valued array. */
    public Tensor scatterAdd(int axis, NDArray index, int extent) { return scatterAdd(axis, IndexMap.indices(index, "scatterAdd"), extent); }

    /**
     * Segment sums along axis 0: slice {@code s} of the result is the sum of rows
     * {@code offsets[s] ≤ i < offsets[s+1]} (CSR row pointers; empty segments give 0). A scatter-add
     * onto each row's segment, so its adjoint repeats each segment's gradient over its rows.
     */
    public Tensor segmentSum(int[] offsets) { return scatterAdd(0, IndexMap.segmentIds(offsets, dim(0)), offsets.length - 1); }

    /** Pads one axis with {@code before}/{@code after} elements (zero, circular or reflect). */
    public Tensor pad(int axis, int before, int after, IndexMap.Pad mode) {
        return linear(Maps.pad(shape(), axis, before, after, mode));
    }

    /** Concatenation along an axis. */
    public static Tensor cat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) throw new IllegalArgumentException("cat of no tensors");
        int r = parts.get(0).rank(), a = Shape.axis(axis, r);
        int total = 0;
        for (Tensor p : parts) {
            int[] s = p.shape();
            int[] s0 = parts.get(0).shape();
            s[a] = s0[a] = 0;
            if (!Arrays.equals(s, s0)) throw new IllegalArgumentException("cat: shapes " + Shape.str(p.shape()) + " and " + Shape.str(parts.get(0).shape()) + " differ off axis " + a);
            total += p.dim(a);
        }
        Tensor out = null;
        int at = 0;
        for (Tensor p : parts) {  // each part padded with zeros to its place, then summed
            int n = p.dim(a);
            Tensor placed = p.pad(a, at, total - at - n, IndexMap.Pad.ZERO);
            out = out == null ? placed : out.add(placed);
            at += n;
        }
        return out;
    }

    /** Stacks equal shapes along a new axis. */
    public static Tensor stack(List<Tensor> parts, int axis) {
        return cat(parts.stream().map(p -> p.unsqueeze(axis)).toList(), axis);
    }

    // ------------------------------------------------------------------ products

    /** Matrix product with batch broadcasting (operands of rank ≥ 2). */
    public Tensor matmul(Tensor b) { return mm(this, false, b, false); }

    /** {@code op(a) @ op(b)}, transposing the last two axes of an operand whose flag is set. */
    public static Tensor mm(Tensor a, boolean ta, Tensor b, boolean tb) {
        return op(Blas.matmul(a.value, ta, b.value, tb), (o, g, need) -> new Tensor[] {
                need[0] ? (ta ? mm(b, tb, g, true) : mm(g, false, b, !tb)).sumTo(a.shape()) : null,
                need[1] ? (tb ? mm(g, true, a, ta) : mm(a, !ta, g, false)).sumTo(b.shape()) : null}, a, b);
    }

    public Tensor astype(DType t) {
        DType s = dtype();
        return t == s ? this : op(value.astype(t), (o, g, need) -> new Tensor[] {g.astype(s)}, this);
    }

    @Override public String toString() {
        return "Tensor(" + value + (requiresGrad ? ", requiresGrad" : "") + ")";
    }
}
