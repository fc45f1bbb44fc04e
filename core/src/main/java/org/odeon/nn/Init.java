package org.odeon.nn;

import org.odeon.linalg.Householder;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;
import org.odeon.tensor.Shape;

/**
 * Weight initialisers: a rule that draws an array of a given shape.
 *
 * <p>Fans follow the usual convention for a weight of shape {@code [out, in, k...]}: {@code
 * fanIn = in·∏k}, {@code fanOut = out·∏k} (a vector has {@code fanIn = fanOut = n}).
 * Xavier keeps {@code Var(W) = 2/(fanIn + fanOut)}, He keeps {@code Var(W) = 2/fanIn}
 * (ReLU). Orthogonal draws the Q of a Gaussian matrix's QR factorisation with {@code diag R > 0},
 * which is Haar-distributed. Delta-orthogonal puts an orthogonal matrix at the centre tap of a
 * convolution kernel and zeros elsewhere, so the convolution is norm-preserving at initialisation.
 */
@FunctionalInterface
public interface Init {
    NDArray draw(DType dtype, int[] shape, Rng rng);

    static Init zeros() { return (t, s, r) -> NDArray.zeros(t, s); }

    static Init constant(double v) { return (t, s, r) -> NDArray.full(t, v, s); }

    static Init normal(double mean, double std) { return (t, s, r) -> r.normal(t, mean, std, s); }

    static Init uniform(double lo, double hi) { return (t, s, r) -> r.uniform(t, lo, hi, s); }

    /** {@code U(−1/√fanIn, 1/√fanIn)}: the default of {@link Linear} and {@link Conv2d}, as in PyTorch. */
    static Init lecunUniform() {
        return (t, s, r) -> { double a = 1 / Math.sqrt(fanIn(s)); return r.uniform(t, -a, a, s); };
    }

    static Init xavierUniform(double gain) {
        return (t, s, r) -> { double a = gain * Math.sqrt(6.0 / (fanIn(s) + fanOut(s))); return r.uniform(t, -a, a, s); };
    }

    static Init xavierNormal(double gain) {
        return (t, s, r) -> r.normal(t, 0, gain * Math.sqrt(2.0 / (fanIn(s) + fanOut(s))), s);
    }

    static Init heUniform() {
        return (t, s, r) -> { double a = Math.sqrt(6.0 / fanIn(s)); return r.uniform(t, -a, a, s); };
    }

    static Init heNormal() { return (t, s, r) -> r.normal(t, 0, Math.sqrt(2.0 / fanIn(s)), s); }

    /**
     * {@code gain·Q}, with the weight viewed as a matrix {@code [shape[0], rest]}: orthonormal rows
     * when it is wide, orthonormal columns when it is tall.
     */
    static Init orthogonal(double gain) {
        return (t, s, r) -> {
            if (s.length < 2) throw new IllegalArgumentException("orthogonal init needs rank >= 2, got shape " + Shape.str(s));
            int rows = s[0], cols = Shape.size(s) / rows;
            double[] q = Householder.randomOrthogonal(rows, cols, r);
            for (int i = 0; i < q.length; i++) q[i] *= gain;
            return NDArray.of(t, s, q);
        };
    }

    /** Kernel {@code [out, in, k, k]} (odd k) that is {@code gain·Q} at the centre tap, 0 elsewhere. */
    static Init deltaOrthogonal(double gain) {
        return (t, s, r) -> {
            if (s.length != 4 || s[2] % 2 == 0 || s[3] % 2 == 0)
                throw new IllegalArgumentException("delta-orthogonal init needs a kernel [out, in, k, k] with odd k, got " + Shape.str(s));
            int o = s[0], c = s[1], kh = s[2], kw = s[3], centre = (kh / 2) * kw + kw / 2;
            double[] q = Householder.randomOrthogonal(o, c, r);
            double[] w = new double[Shape.size(s)];
            for (int i = 0; i < o; i++)
                for (int j = 0; j < c; j++) w[(i * c + j) * kh * kw + centre] = gain * q[i * c + j];
            return NDArray.of(t, s, w);
        };
    }

    static int fanIn(int[] s) { return s.length < 2 ? s[0] : Shape.size(s) / s[0]; }

    static int fanOut(int[] s) { return s.length < 2 ? s[0] : Shape.size(s) / s[1]; }
}
