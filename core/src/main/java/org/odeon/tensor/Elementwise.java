package org.odeon.tensor;

/**
 * Element-wise kernels. Each op is a tight loop of its own so the JIT compiles and vectorises it
 * without a per-element virtual call; broadcasting is handled by {@link Strided}.
 */
final class Elementwise {
    private Elementwise() {}

    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAX = 5, MIN = 6, GT = 7, EQ = 8, KEEP = 9, TANH_GRAD = 10, GELU_GRAD = 11;
    static final int NEG = 0, ABS = 1, EXP = 2, LOG = 3, SQRT = 4, SIN = 5, COS = 6, TANH = 7,
            SIGMOID = 8, SOFTPLUS = 9, RELU = 10, SIGN = 11, SQUARE = 12, STEP = 13, LOG1P = 14, EXPM1 = 15,
            ERF = 16, GELU = 17, SILU = 18;

    static NDArray binary(NDArray a, NDArray b, int op) {
        DType t = DType.promote(a.dtype(), b.dtype());
        if (b.size() == 1 && a.rank() >= b.rank()) return scalarOp(a, b.item(), op, t);
        int[] as = a.shape(), bs = b.shape();
        if (java.util.Arrays.equals(as, bs)) {
            NDArray out = NDArray.overwritten(t, as);
            if (t == DType.F32 && (op == ADD || op == SUB || op == MUL || op == TANH_GRAD)) {
                Parallel.range(out.size(), (lo, hi) -> floats(a.floats(), b.floats(), out.floats(), lo, hi, op));
                return out;
            }
            if (t == DType.F32 && op == GELU_GRAD) {   // g·gelu′(x) for g = a, x = b, vectorised (Erf.geluFloat)
                Parallel.range(out.size(), (lo, hi) -> Erf.geluFloat(b.floats(), a.floats(), null, out.floats(), lo, hi));
                return out;
            }
            Store.blocks(a, b, out, (x, xo, y, yo, o, oo, n) -> same(x, xo, y, yo, o, oo, n, op));
            return out;
        }
        int[] s = Shape.broadcast(as, bs);
        if (java.util.Arrays.equals(s, as) && isSuffix(bs, as)) {   // e.g. a bias added to every row
            NDArray out = NDArray.overwritten(t, s);
            Store.rows(a, b.data(), out, (x, xo, y, yo, o, oo, n) -> rows(x, xo, y, o, oo, n, op));
            return out;
        }
        // float64 results come from the arena (a backward pass's layer-norm and softmax rules recycle them); zip writes every element
        NDArray result = t == DType.F64 ? NDArray.overwritten(t, s) : null;
        double[] out = result != null ? result.doubles() : new double[Shape.size(s)];
        Strided.zip(a.data(), as, b.data(), bs, s, out, (x, y, o, ox, oy, oo, n, sx, sy) -> {
            // a row minus (times, …) its kept-dimension statistic (layer norm, softmax) or two contiguous rows: the tight loops
            if (sx == 1 && sy == 0) withScalar(x, ox, y[oy], o, oo, n, op);
            else if (sx == 1 && sy == 1) same(x, ox, y, oy, o, oo, n, op);
            else for (int i = 0; i < n; i++) o[oo + i] = apply(x[ox + i * sx], y[oy + i * sy], op);
        });
        return result != null ? result : NDArray.owned(t, s, out);
    }

    /**
     * float32 {@code +, −, ×} on the float buffers themselves, a loop the JIT vectorises (no widening to
     * double and back). The same values: a sum, difference or product of two floats computed in double
     * and rounded once to float is the correctly rounded float result, which float arithmetic gives.
     * tanh's backward {@code g·(1 − y²)} widens each element in the loop and rounds once, as the
     * double kernel does (the same bits), without the block-wise scratch copies.
     */
    private static void floats(float[] x, float[] y, float[] o, int lo, int hi, int op) {
        switch (op) {
            case ADD -> { for (int i = lo; i < hi; i++) o[i] = x[i] + y[i]; }
            case SUB -> { for (int i = lo; i < hi; i++) o[i] = x[i] - y[i]; }
            case TANH_GRAD -> { for (int i = lo; i < hi; i++) { double g = x[i], v = y[i]; o[i] = (float) (g - g * v * v); } }
            default -> { for (int i = lo; i < hi; i++) o[i] = x[i] * y[i]; }
        }
    }

    static NDArray scalar(NDArray a, double s, int op) { return scalarOp(a, s, op, a.dtype()); }

    private static NDArray scalarOp(NDArray a, double s, int op, DType t) {
        NDArray out = NDArray.overwritten(t, a.shape());
        Store.blocks(a, null, out, (x, xo, y, yo, o, oo, n) -> withScalar(x, xo, s, o, oo, n, op));
        return out;
    }

    /** {@code o[oo + i] = x[xo + i] op s} for {@code i < n}. */
    private static void withScalar(double[] x, int xo, double s, double[] o, int oo, int n, int op) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] + s; }
            case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] - s; }
            case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * s; }
            case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] / s; }
            default -> { for (int i = 0; i < n; i++) o[oo + i] = apply(x[xo + i], s, op); }
        }
    }

    /**
     * The in-place updates of {@link NDArray}: {@code a ← a + alpha·b} (axpy), {@code a ← alpha·a}
     * (b null: scale) and {@code a ← b} (alpha NaN: assign), each rounded once to a's type.
     */
    static void inPlace(NDArray a, NDArray b, double alpha) {
        Store.blocks(a, b, a, (x, xo, y, yo, o, oo, n) -> {
            if (b == null) for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * alpha;
            else if (Double.isNaN(alpha)) System.arraycopy(y, yo, o, oo, n);
            else for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] + alpha * y[yo + i];
        });
    }

    /** True when {@code small} (ignoring leading 1s) is a trailing block of {@code big}. */
    static boolean isSuffix(int[] small, int[] big) {
        int lead = 0;
        while (lead < small.length && small[lead] == 1) lead++;
        int n = small.length - lead;
        if (n > big.length) return false;
        for (int i = 0; i < n; i++) if (small[lead + i] != big[big.length - n + i]) return false;
        return true;
    }

    /** One row: {@code o[oo + j] = x[xo + j] op y[j]}. */
    private static void rows(double[] x, int xo, double[] y, double[] o, int oo, int n, int op) {
        switch (op) {
            case ADD -> { for (int j = 0; j < n; j++) o[oo + j] = x[xo + j] + y[j]; }
            case SUB -> { for (int j = 0; j < n; j++) o[oo + j] = x[xo + j] - y[j]; }
            case MUL -> { for (int j = 0; j < n; j++) o[oo + j] = x[xo + j] * y[j]; }
            default -> { for (int j = 0; j < n; j++) o[oo + j] = apply(x[xo + j], y[j], op); }
        }
    }

    private static void same(double[] x, int xo, double[] y, int yo, double[] o, int oo, int n, int op) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] + y[yo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] - y[yo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * y[yo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] / y[yo + i]; }
            case KEEP -> { for (int i = 0; i < n; i++) o[oo + i] = keep(x[xo + i], y[yo + i]); }
            case TANH_GRAD -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] - x[xo + i] * y[yo + i] * y[yo + i]; }
            case GELU_GRAD -> { for (int i = 0; i < n; i++) o[oo + i] = geluGrad(x[xo + i], y[yo + i]); }
            default -> { for (int i = 0; i < n; i++) o[oo + i] = apply(x[xo + i], y[yo + i], op); }
        }
    }

    static double apply(double x, double y, int op) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> y == 2 ? x * x : Math.pow(x, y);
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case GT -> x > y ? 1 : 0;
            case EQ -> x == y ? 1 : 0;
            case KEEP -> keep(x, y);
            case TANH_GRAD -> x - x * y * y;
            case GELU_GRAD -> geluGrad(x, y);
            default -> throw new IllegalArgumentException("binary op " + op);
        };
    }

    /**
     * {@link NDArray#tanhGradPullback}: {@code ((gg·g)·y)·(−2)} and {@code gg − gg·y·y}, as the single ops compute them
     * (the same bits). float64 operands of one shape in one pass that reads each once; otherwise the single ops.
     */
    static NDArray[] tanhGradPullback(NDArray gg, NDArray g, NDArray y) {
        int[] s = gg.shape();
        if (gg.doubles() == null || g.doubles() == null || y.doubles() == null || !java.util.Arrays.equals(s, g.shape()) || !java.util.Arrays.equals(s, y.shape()))
            return new NDArray[] {gg.mul(g).mul(y).mul(-2), gg.tanhGrad(y)};
        NDArray dy = NDArray.overwritten(DType.F64, s), dg = NDArray.overwritten(DType.F64, s);
        double[] a = gg.doubles(), b = g.doubles(), c = y.doubles(), oy = dy.doubles(), og = dg.doubles();
        Parallel.range(gg.size(), (lo, hi) -> {
            for (int i = lo; i < hi; i++) { double u = a[i], v = c[i]; oy[i] = u * b[i] * v * -2; og[i] = u - u * v * v; }
        });
        return new NDArray[] {dy, dg};
    }

    /** {@code g·gelu′(x) = g·(Φ(x) + x·φ(x))}. */
    private static double geluGrad(double g, double x) { return g * (Erf.normalCdf(x) + x * Erf.normalPdf(x)); }


    static NDArray unary(NDArray a, int op) {
        if (op == GELU && a.floats() != null) {
            NDArray y = NDArray.overwritten(a.dtype(), a.shape());
            Parallel.range(a.size(), (lo, hi) -> Erf.geluFloat(a.floats(), null, y.floats(), null, lo, hi));
            return y;
        }
        int kernel = a.dtype() != DType.F32 ? op : op == TANH ? TANH_F32 : op;
        NDArray out = NDArray.overwritten(a.dtype(), a.shape());
        Store.blocks(a, null, out, (x, xo, y, yo, o, oo, n) -> unaryBlock(x, xo, o, oo, n, kernel));
        return out;
    }

    /** {@link NDArray#geluWithSlope}: both outputs of {@link Erf#geluFloat} (or its float64 twin) in the array's own type. */
    static NDArray[] geluAndSlope(NDArray a) {
        NDArray y = NDArray.overwritten(a.dtype(), a.shape()), s = NDArray.overwritten(a.dtype(), a.shape());
        if (a.floats() != null) Parallel.range(a.size(), (lo, hi) -> Erf.geluFloat(a.floats(), null, y.floats(), s.floats(), lo, hi));
        else Parallel.range(a.size(), (lo, hi) -> Erf.geluAndSlope(a.doubles(), y.doubles(), s.doubles(), lo, hi));
        return new NDArray[] {y, s};
    }

    /** float32 tanh: {@link #tanhFloat} instead of {@link Math#tanh}, which costs ≈ 10 ns an element. */
    private static final int TANH_F32 = -1;

    private static void unaryBlock(double[] x, int xo, double[] o, int oo, int n, int op) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) o[oo + i] = -x[xo + i]; }
            case ABS -> { for (int i = 0; i < n; i++) o[oo + i] = Math.abs(x[xo + i]); }
            case EXP -> { for (int i = 0; i < n; i++) o[oo + i] = Math.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) o[oo + i] = Math.log(x[xo + i]); }
            case LOG1P -> { for (int i = 0; i < n; i++) o[oo + i] = Math.log1p(x[xo + i]); }
            case EXPM1 -> { for (int i = 0; i < n; i++) o[oo + i] = Math.expm1(x[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) o[oo + i] = Math.sqrt(x[xo + i]); }
            case SIN -> { for (int i = 0; i < n; i++) o[oo + i] = Math.sin(x[xo + i]); }
            case COS -> { for (int i = 0; i < n; i++) o[oo + i] = Math.cos(x[xo + i]); }
            case TANH -> { for (int i = 0; i < n; i++) o[oo + i] = Math.tanh(x[xo + i]); }
            case TANH_F32 -> { for (int i = 0; i < n; i++) o[oo + i] = tanhFloat(x[xo + i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) o[oo + i] = sigmoid(x[xo + i]); }
            case SOFTPLUS -> { for (int i = 0; i < n; i++) o[oo + i] = softplus(x[xo + i]); }
            case ERF -> { for (int i = 0; i < n; i++) o[oo + i] = Erf.erf(x[xo + i]); }
            case GELU -> { for (int i = 0; i < n; i++) o[oo + i] = Erf.gelu(x[xo + i]); }
            case SILU -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * sigmoid(x[xo + i]); }
            case RELU -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(x[xo + i], 0.0); }
            case SIGN -> { for (int i = 0; i < n; i++) o[oo + i] = Math.signum(x[xo + i]); }
            case SQUARE -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * x[xo + i]; }
            case STEP -> { for (int i = 0; i < n; i++) o[oo + i] = keep(1.0, x[xo + i]); }
            default -> throw new IllegalArgumentException("unary op " + op);
        }
    }

    /**
     * tanh to float32 accuracy, branch-free so the loop vectorises: {@code tanh x = x·P(s)/Q(s)} with
     * {@code s = x²/100} on {@code |x| ≤ 10} (beyond, tanh rounds to ±1 in float32). P (degree 5)
     * and Q (degree 4) are our least-squares fit of {@code tanh(x)/x} in relative error; measured
     * relative error ≤ 1.7e-8 (float32's half-ulp is 6e-8), so the rounded result is within one ulp
     * of the correctly rounded one.
     */
    static double tanhFloat(double x) {
        double c = Math.max(-10, Math.min(10, x)), s = c * c * 0.01;
        double p = 0.9999999989532844 + s * (13.642224758403094 + s * (38.21217844485799 + s * (27.065877266187265
                + s * (2.836687258659277 + s * -0.10611469278558541))));
        double q = 1 + s * (46.97555578438504 + s * (270.7311006059204 + s * (385.5866959184461 + s * 122.21519156507634)));
        return c * p / q;
    }

    /**
     * {@code y > 0 ? x : 0} without a branch: on activations half of the signs are unpredictable,
     * and the mispredictions cost ≈ 6× the loop (measured). {@code y > 0} exactly when y's bits,
     * read as a long, lie in {@code (0, bits(+∞)]}; both differences are then negative.
     */
    static double keep(double x, double y) {
        long b = Double.doubleToRawLongBits(y), mask = ((0L - b) & (b - 0x7FF0000000000001L)) >> 63;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & mask);
    }

    static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** log(1 + e^x) without overflow. */
    static double softplus(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
}
