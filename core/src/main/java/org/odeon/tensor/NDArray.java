package org.odeon.tensor;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense, contiguous, row-major array of float64 or float32 values, with no autograd.
 *
 * <p>float64 values live in a {@code double[]}, float32 values in a {@code float[]} (see
 * {@link DType}); {@link #data()} shows either as doubles.
 *
 * <p>Arrays are values: no kernel mutates its inputs, every kernel returns a fresh array.
 * The only exceptions are the {@code *InPlace} methods and {@link #assign}, which the engine uses
 * on arrays it owns (gradient accumulation, optimizer updates).
 */
public final class NDArray {
    private final DType dtype;
    private final int[] shape;
    private final double[] d;   // F64 values, else null
    private final float[] f;    // F32 values, else null

    private NDArray(DType dtype, int[] shape, double[] d, float[] f) {
        this.dtype = dtype;
        this.shape = shape;
        this.d = d;
        this.f = f;
    }

    // ------------------------------------------------------------------ construction

    /** F64: wraps {@code data} (not copied). F32: the values rounded into a float buffer of its own. */
    public static NDArray of(DType dtype, int[] shape, double[] data) {
        int n = Shape.size(shape);
        if (data.length != n)
            throw new IllegalArgumentException("data has " + data.length + " values but shape " + Shape.str(shape) + " needs " + n);
        return owned(dtype, shape.clone(), data);
    }

    /** F64 array wrapping {@code data}. */
    public static NDArray of(int[] shape, double... data) { return of(DType.F64, shape, data); }

    /** F32 array wrapping {@code data} (not copied). */
    public static NDArray ofFloats(int[] shape, float[] data) {
        int n = Shape.size(shape);
        if (data.length != n)
            throw new IllegalArgumentException("data has " + data.length + " values but shape " + Shape.str(shape) + " needs " + n);
        return new NDArray(DType.F32, shape.clone(), null, data);
    }

    /** Takes ownership of a freshly computed double buffer: wrapped for F64, rounded into floats for F32. */
    static NDArray owned(DType dtype, int[] shape, double[] data) {
        return dtype == DType.F64 ? new NDArray(dtype, shape, data, null) : new NDArray(dtype, shape, null, Store.narrow(data));
    }

    /** Like {@link #owned}, for a buffer whose values are already of {@code dtype} (copies, selections). */
    static NDArray exact(DType dtype, int[] shape, double[] data) { return owned(dtype, shape, data); }

    /** A fresh zero array whose buffer the caller fills (kernels write straight into its storage). */
    static NDArray empty(DType dtype, int[] shape) {
        int n = Shape.size(shape);
        MemoryBudget.requireArray(dtype, shape, n);
        return dtype == DType.F64 ? new NDArray(dtype, shape, new double[n], null) : new NDArray(dtype, shape, null, new float[n]);
    }

    /**
     * A fresh array whose every element the caller writes before anyone reads it; inside an
     * {@link Arena} its buffer may be a dead one of the same length (not zeroed).
     */
    static NDArray overwritten(DType dtype, int[] shape) {
        int n = Shape.size(shape);
        MemoryBudget.requireArray(dtype, shape, n);
        return dtype == DType.F64 ? new NDArray(dtype, shape, Arena.doubles(n), null) : new NDArray(dtype, shape, null, Arena.floats(n));
    }

    public static NDArray zeros(DType dtype, int... shape) { return empty(dtype, shape.clone()); }

    public static NDArray full(DType dtype, double value, int... shape) {
        NDArray a = zeros(dtype, shape);
        if (a.f != null) Arrays.fill(a.f, (float) value);
        else Arrays.fill(a.d, value);
        return a;
    }

    public static NDArray scalar(DType dtype, double value) { return full(dtype, value); }

    public static NDArray scalar(double value) { return full(DType.F64, value); }

    /** 0, 1, ..., n-1. */
    public static NDArray arange(DType dtype, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = i;
        return owned(dtype, new int[] {n}, d);
    }

    /** Identity matrix. */
    public static NDArray eye(DType dtype, int n) {
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) d[i * n + i] = 1;
        return owned(dtype, new int[] {n, n}, d);
    }

    // ------------------------------------------------------------------ access

    public DType dtype() { return dtype; }

    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public int dim(int axis) { return shape[Shape.axis(axis, shape.length)]; }

    public int size() { return f != null ? f.length : d.length; }

    /**
     * The values as doubles. For F64 this is the backing buffer, not a copy: callers must treat it
     * as read-only unless they own the array (they created it with {@link #zeros} or {@link #copy}).
     * For F32 it is a fresh widened copy, so writing to it changes nothing (use {@link #assign} or
     * the {@code *InPlace} methods to update an array you own).
     */
    public double[] data() { return f != null ? Store.widen(f) : d; }

    /** The float64 buffer of an F64 array (null for F32); kernels read it without a copy. */
    double[] doubles() { return d; }

    /** The float32 buffer of an F32 array (null for F64), not a copy; the same rules as {@link #data()} apply. */
    public float[] floats() { return f; }

    public double[] toArray() { return f != null ? Store.widen(f) : d.clone(); }

    /** Element {@code i} of the flat buffer. */
    double at(int i) { return f != null ? f[i] : d[i]; }

    public double get(int... index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException("index of rank " + index.length + " into array of shape " + Shape.str(shape));
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i])
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for shape " + Shape.str(shape));
            off = off * shape[i] + index[i];
        }
        return at(off);
    }

    /** The single value of a one-element array. */
    public double item() {
        if (size() != 1) throw new IllegalStateException("item() on array of shape " + Shape.str(shape));
        return at(0);
    }

    public NDArray copy() { return new NDArray(dtype, shape, d == null ? null : d.clone(), f == null ? null : f.clone()); }

    public NDArray astype(DType t) { return t == dtype ? this : owned(t, shape, t == DType.F64 ? data() : d); }

    /** Same data, new shape; one extent may be -1. */
    public NDArray reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Shape.str(newShape));
                infer = i;
            } else known *= s[i];
        }
        if (infer >= 0) {
            int n = size();
            if (known == 0 || n % known != 0)
                throw new IllegalArgumentException("cannot reshape " + Shape.str(shape) + " to " + Shape.str(newShape));
            s[infer] = n / known;
        }
        if (Shape.size(s) != size())
            throw new IllegalArgumentException("cannot reshape " + Shape.str(shape) + " to " + Shape.str(newShape));
        return new NDArray(dtype, s, d, f);
    }

    // ------------------------------------------------------------------ in place (owned arrays only)

    /** {@code this += alpha * other} (same shape), rounded once per element. */
    public void axpyInPlace(double alpha, NDArray other) {
        requireSameShape(other, "axpyInPlace");
        Elementwise.inPlace(this, other, alpha);
    }

    public void scaleInPlace(double alpha) { Elementwise.inPlace(this, null, alpha); }

    /** Copies {@code other}'s values into this array (same shape), rounded to this array's type. */
    public void assign(NDArray other) {
        requireSameShape(other, "assign");
        Elementwise.inPlace(this, other, Double.NaN);
    }

    private void requireSameShape(NDArray o, String what) {
        if (!Arrays.equals(shape, o.shape))
            throw new IllegalArgumentException(what + ": shape " + Shape.str(o.shape) + " differs from " + Shape.str(shape));
    }

    // ------------------------------------------------------------------ element-wise

    public NDArray add(NDArray b) { return Elementwise.binary(this, b, Elementwise.ADD); }
    public NDArray sub(NDArray b) { return Elementwise.binary(this, b, Elementwise.SUB); }
    public NDArray mul(NDArray b) { return Elementwise.binary(this, b, Elementwise.MUL); }
    public NDArray div(NDArray b) { return Elementwise.binary(this, b, Elementwise.DIV); }
    public NDArray pow(NDArray b) { return Elementwise.binary(this, b, Elementwise.POW); }
    public NDArray maximum(NDArray b) { return Elementwise.binary(this, b, Elementwise.MAX); }
    public NDArray minimum(NDArray b) { return Elementwise.binary(this, b, Elementwise.MIN); }
    /** 1 where {@code this > b}, else 0. */
    public NDArray gt(NDArray b) { return Elementwise.binary(this, b, Elementwise.GT); }
    /** This where {@code ref > 0}, else 0 (the backward of relu, without building a mask). */
    public NDArray keepWhere(NDArray ref) { return Elementwise.binary(this, ref, Elementwise.KEEP); }
    /** {@code this·(1 − y²)} in one pass: the backward of tanh from its output {@code y}. */
    public NDArray tanhGrad(NDArray y) { return Elementwise.binary(this, y, Elementwise.TANH_GRAD); }
    /**
     * Both pullbacks of {@code p = g·(1 − y²)} for the incoming gradient {@code this}: {@code {−2·this·g·y, this·(1 − y²)}}
     * (for y and for g), each element as the separate kernels round it; float64 arrays of one shape in one pass.
     */
    public NDArray[] tanhGradPullback(NDArray g, NDArray y) { return Elementwise.tanhGradPullback(this, g, y); }
    /** {@code this·gelu′(x) = this·(Φ(x) + x·φ(x))} in one pass (this: the incoming gradient, same shape as x). */
    public NDArray geluGrad(NDArray x) { return Elementwise.binary(this, x, Elementwise.GELU_GRAD); }
    /** 1 where {@code this == b}, else 0. */
    public NDArray eq(NDArray b) { return Elementwise.binary(this, b, Elementwise.EQ); }

    public NDArray add(double s) { return Elementwise.scalar(this, s, Elementwise.ADD); }
    public NDArray mul(double s) { return Elementwise.scalar(this, s, Elementwise.MUL); }
    public NDArray pow(double s) { return Elementwise.scalar(this, s, Elementwise.POW); }

    /** {@code cond ? a : b} element-wise, with broadcasting; cond is nonzero for true. */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) {
        // where(c, a, b) = b + c·(a − b) would lose exactness for infinities; select instead.
        int[] s = Shape.broadcast(Shape.broadcast(cond.shape, a.shape), b.shape);
        NDArray c = cond.expandTo(s), x = a.expandTo(s), y = b.expandTo(s);
        double[] out = new double[c.size()];
        for (int i = 0; i < out.length; i++) out[i] = c.at(i) != 0 ? x.at(i) : y.at(i);
        return owned(DType.promote(a.dtype, b.dtype), s, out);
    }

    public NDArray neg() { return Elementwise.unary(this, Elementwise.NEG); }
    public NDArray abs() { return Elementwise.unary(this, Elementwise.ABS); }
    public NDArray exp() { return Elementwise.unary(this, Elementwise.EXP); }
    public NDArray log() { return Elementwise.unary(this, Elementwise.LOG); }
    /** {@code log(1 + x)}, accurate for small x. */
    public NDArray log1p() { return Elementwise.unary(this, Elementwise.LOG1P); }
    /** {@code exp(x) − 1}, accurate for small x. */
    public NDArray expm1() { return Elementwise.unary(this, Elementwise.EXPM1); }
    public NDArray sqrt() { return Elementwise.unary(this, Elementwise.SQRT); }
    public NDArray sin() { return Elementwise.unary(this, Elementwise.SIN); }
    public NDArray cos() { return Elementwise.unary(this, Elementwise.COS); }
    public NDArray tanh() { return Elementwise.unary(this, Elementwise.TANH); }
    public NDArray sigmoid() { return Elementwise.unary(this, Elementwise.SIGMOID); }
    public NDArray softplus() { return Elementwise.unary(this, Elementwise.SOFTPLUS); }
    /** The error function (see {@link Erf}). */
    public NDArray erf() { return Elementwise.unary(this, Elementwise.ERF); }
    /** {@code x·Φ(x)}, Φ the standard normal CDF (exact GELU, not the tanh approximation). */
    public NDArray gelu() { return Elementwise.unary(this, Elementwise.GELU); }
    /**
     * {@code {gelu(x), gelu′(x)}} in one pass: the forward value and the slope a backward multiplies the
     * incoming gradient by ({@code g·slope} is {@link #geluGrad}'s value), so training evaluates Φ once.
     */
    public NDArray[] geluWithSlope() { return Elementwise.geluAndSlope(this); }
    /** {@code x·sigmoid(x)} (SiLU, swish). */
    public NDArray silu() { return Elementwise.unary(this, Elementwise.SILU); }
    /** {@code max(x, 0)}; NaN stays NaN, as in PyTorch. */
    public NDArray relu() { return Elementwise.unary(this, Elementwise.RELU); }
    public NDArray sign() { return Elementwise.unary(this, Elementwise.SIGN); }
    public NDArray square() { return Elementwise.unary(this, Elementwise.SQUARE); }
    /** 1 where the element is positive, else 0 (the derivative of relu). */
    public NDArray step() { return Elementwise.unary(this, Elementwise.STEP); }

    /** Applies any function element-wise (slower than the named kernels). */
    public NDArray map(DoubleUnaryOperator fn) {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) out[i] = fn.applyAsDouble(at(i));
        return owned(dtype, shape, out);
    }

    public NDArray clamp(double lo, double hi) { return map(v -> v < lo ? lo : (v > hi ? hi : v)); }

    // ------------------------------------------------------------------ broadcasting and reductions

    /** Broadcasts to {@code target} (copying). */
    public NDArray expandTo(int... target) { return Reduce.expand(this, target); }

    /** Sums broadcast dimensions away so the result has {@code target} shape (the adjoint of expandTo). */
    public NDArray sumTo(int... target) { return Reduce.sumTo(this, target); }

    /** Sum over the given axes (all when none given). */
    public NDArray sum(boolean keepDims, int... axes) { return Reduce.sum(this, keepDims, axes); }

    public NDArray sum() { return Reduce.sum(this, false); }

    public NDArray mean(boolean keepDims, int... axes) {
        NDArray s = sum(keepDims, axes);
        return s.mul((double) s.size() / size());
    }

    /** Running sum along {@code axis}: {@code out[.., i, ..] = Σ_{j ≤ i} this[.., j, ..]}; see {@link Scan}. */
    public NDArray cumsum(int axis) { return Scan.cumsum(shape, axis).apply(this); }

    /** Maximum along one axis. */
    public NDArray max(int axis, boolean keepDims) { return Reduce.extremum(this, axis, keepDims, true, false); }

    public NDArray min(int axis, boolean keepDims) { return Reduce.extremum(this, axis, keepDims, false, false); }

    /** Index of the (first) maximum along one axis, as F64 values. */
    public NDArray argmax(int axis, boolean keepDims) { return Reduce.extremum(this, axis, keepDims, true, true); }

    public double maxValue() {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0, n = size(); i < n; i++) m = Math.max(m, at(i));
        return m;
    }

    /** Euclidean norm of all elements. */
    public double norm() {
        double s = 0;
        for (int i = 0, n = size(); i < n; i++) s += at(i) * at(i);
        return Math.sqrt(s);
    }

    // ------------------------------------------------------------------ products

    /** {@code this·wᵀ + b} on the last axis, {@code b} may be null; see {@link Blas#affine}. */
    public NDArray affine(NDArray w, NDArray b) { return Blas.affine(this, w, b, false); }

    /** {@code tanh(this·wᵀ + b)} in one pass after the product; see {@link Blas#affine}. */
    public NDArray affineTanh(NDArray w, NDArray b) { return Blas.affine(this, w, b, true); }

    /** Matrix product with NumPy batching rules; see {@link Blas#matmul}. */
    public NDArray matmul(NDArray b) { return Blas.matmul(this, false, b, false); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("NDArray(").append(dtype).append(", ").append(Shape.str(shape));
        if (size() <= 16) sb.append(", ").append(Arrays.toString(data()));
        return sb.append(')').toString();
    }
}
