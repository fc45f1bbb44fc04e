package org.odeon.tensor;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense, contiguous, row-major array of float64 or float32 values, with no autograd.
 *
 * <p>Arrays are values: no kernel mutates its inputs, every kernel returns a fresh array.
 * The only exceptions are the {@code *InPlace} methods, which the engine uses on arrays it
 * owns (gradient accumulation, optimizer updates). See {@link DType} for how float32 is held.
 */
public final class NDArray {
    private final DType dtype;
    private final int[] shape;
    private final double[] data;

    private NDArray(DType dtype, int[] shape, double[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    // ------------------------------------------------------------------ construction

    /** Wraps {@code data} (not copied); F32 data is rounded in place. */
    public static NDArray of(DType dtype, int[] shape, double[] data) {
        int n = Shape.size(shape);
        if (data.length != n)
            throw new IllegalArgumentException("data has " + data.length + " values but shape " + Shape.str(shape) + " needs " + n);
        dtype.roundInPlace(data);
        return new NDArray(dtype, shape.clone(), data);
    }

    /** F64 array wrapping {@code data}. */
    public static NDArray of(int[] shape, double... data) { return of(DType.F64, shape, data); }

    /** Takes ownership of a freshly computed buffer; rounds it for F32. */
    static NDArray owned(DType dtype, int[] shape, double[] data) {
        dtype.roundInPlace(data);
        return new NDArray(dtype, shape, data);
    }

    /** Takes ownership of a buffer whose values are already of {@code dtype} (copies, selections). */
    static NDArray exact(DType dtype, int[] shape, double[] data) { return new NDArray(dtype, shape, data); }

    public static NDArray zeros(DType dtype, int... shape) { return new NDArray(dtype, shape.clone(), new double[Shape.size(shape)]); }

    public static NDArray full(DType dtype, double value, int... shape) {
        double[] d = new double[Shape.size(shape)];
        Arrays.fill(d, dtype.round(value));
        return new NDArray(dtype, shape.clone(), d);
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
        return new NDArray(dtype, new int[] {n, n}, d);
    }

    // ------------------------------------------------------------------ access

    public DType dtype() { return dtype; }

    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public int dim(int axis) { return shape[Shape.axis(axis, shape.length)]; }

    public int size() { return data.length; }

    /**
     * The backing buffer, not a copy. Callers must treat it as read-only unless they own the array
     * (they created it with {@link #zeros} or {@link #copy}).
     */
    public double[] data() { return data; }

    public double[] toArray() { return data.clone(); }

    public double get(int... index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException("index of rank " + index.length + " into array of shape " + Shape.str(shape));
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i])
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for shape " + Shape.str(shape));
            off = off * shape[i] + index[i];
        }
        return data[off];
    }

    /** The single value of a one-element array. */
    public double item() {
        if (data.length != 1) throw new IllegalStateException("item() on array of shape " + Shape.str(shape));
        return data[0];
    }

    public NDArray copy() { return new NDArray(dtype, shape, data.clone()); }

    public NDArray astype(DType t) { return t == dtype ? this : owned(t, shape, data.clone()); }

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
            if (known == 0 || data.length % known != 0)
                throw new IllegalArgumentException("cannot reshape " + Shape.str(shape) + " to " + Shape.str(newShape));
            s[infer] = data.length / known;
        }
        if (Shape.size(s) != data.length)
            throw new IllegalArgumentException("cannot reshape " + Shape.str(shape) + " to " + Shape.str(newShape));
        return new NDArray(dtype, s, data);
    }

    // ------------------------------------------------------------------ in place (owned arrays only)

    /** {@code this += alpha * other} (same shape). */
    public void axpyInPlace(double alpha, NDArray other) {
        requireSameShape(other, "axpyInPlace");
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) data[i] += alpha * o[i];
        dtype.roundInPlace(data);
    }

    public void scaleInPlace(double alpha) {
        for (int i = 0; i < data.length; i++) data[i] *= alpha;
        dtype.roundInPlace(data);
    }

    /** Copies {@code other}'s values into this array (same shape). */
    public void assign(NDArray other) {
        requireSameShape(other, "assign");
        System.arraycopy(other.data, 0, data, 0, data.length);
        dtype.roundInPlace(data);
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
        double[] out = new double[c.data.length];
        for (int i = 0; i < out.length; i++) out[i] = c.data[i] != 0 ? x.data[i] : y.data[i];
        return a.dtype == b.dtype ? exact(a.dtype, s, out) : owned(DType.promote(a.dtype, b.dtype), s, out);
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
    /** {@code x·sigmoid(x)} (SiLU, swish). */
    public NDArray silu() { return Elementwise.unary(this, Elementwise.SILU); }
    /** {@code max(x, 0)}; NaN stays NaN, as in PyTorch. */
    public NDArray relu() { return Elementwise.unary(this, Elementwise.RELU); }
    public NDArray sign() { return Elementwise.unary(this, Elementwise.SIGN); }
    public NDArray square() { return Elementwise.unary(this, Elementwise.SQUARE); }
    /** 1 where the element is positive, else 0 (the derivative of relu). */
    public NDArray step() { return Elementwise.unary(this, Elementwise.STEP); }

    /** Applies any function element-wise (slower than the named kernels). */
    public NDArray map(DoubleUnaryOperator f) {
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(data[i]);
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
        return s.mul((double) s.size() / data.length);
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
        for (double v : data) m = Math.max(m, v);
        return m;
    }

    /** Euclidean norm of all elements. */
    public double norm() {
        double s = 0;
        for (double v : data) s += v * v;
        return Math.sqrt(s);
    }

    // ------------------------------------------------------------------ products

    /** Matrix product with NumPy batching rules; see {@link Blas#matmul}. */
    public NDArray matmul(NDArray b) { return Blas.matmul(this, false, b, false); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("NDArray(").append(dtype).append(", ").append(Shape.str(shape));
        if (data.length <= 16) sb.append(", ").append(Arrays.toString(data));
        return sb.append(')').toString();
    }
}
