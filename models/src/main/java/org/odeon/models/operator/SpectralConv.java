package org.odeon.models.operator;

import org.odeon.autograd.Spectral;
import org.odeon.autograd.Tensor;
import org.odeon.linalg.OperatorNorm;
import org.odeon.nn.Certified;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Fourier layer {@code (Kv)(x) = F⁻¹(R · P_k F v)(x)}: the lowest modes of each input channel, mixed
 * across channels by a learned complex matrix per mode {@code R[i, o, ξ]}, all other modes dropped.
 *
 * <p>1-D ({@code modes2 = 0}): frequencies {@code 0 ≤ ξ < modes1}, weights {@code [Cin, Cout, modes1, 2]}
 * on fields {@code [B, C, 1, n]}. 2-D: frequencies {@code |ξ₁| < modes1} (negative ones included) and
 * {@code 0 ≤ ξ₂ < modes2}, weights {@code [Cin, Cout, 2·modes1, modes2, 2]} on {@code [B, C, h, w]}.
 * Because the weights act on frequencies, not samples, the layer maps a band-limited function to
 * the same function at every resolution that resolves its modes ({@code n ≥ 2·modes}).
 * Initial weights {@code U(0, 1/(Cin·Cout))} in both parts, as in the FNO paper's code.
 *
 * <p>Certificate: by Parseval the kept modes are orthogonal pieces of the signal and each is mapped
 * by its own {@code R_ξ}, the rest to 0 (taking real parts at ξ₂ = 0 only shrinks), so
 * {@code ‖Kv‖₂ ≤ max_ξ ‖R_ξ‖₂ ‖v‖₂} on every grid; {@code ‖R_ξ‖₂} is the norm of its real 2×2-block form.
 */
public final class SpectralConv extends Module implements Certified {
    private final Parameter weight;
    private final int modes1, modes2;

    public SpectralConv(int in, int out, int modes1, int modes2, Rng rng) {
        if (in <= 0 || out <= 0 || modes1 <= 0 || modes2 < 0)
            throw new IllegalArgumentException("SpectralConv: bad sizes in=" + in + " out=" + out + " modes=" + modes1 + "," + modes2);
        this.modes1 = modes1;
        this.modes2 = modes2;
        int[] shape = modes2 == 0 ? new int[] {in, out, modes1, 2} : new int[] {in, out, 2 * modes1, modes2, 2};
        weight = parameter("weight", rng.uniform(DType.F64, 0, 1.0 / (in * out), shape));
    }

    /** A 1-D Fourier layer keeping {@code modes} frequencies. */
    public static SpectralConv of1d(int in, int out, int modes, Rng rng) { return new SpectralConv(in, out, modes, 0, rng); }

    /** A 2-D Fourier layer keeping {@code |ξ₁| < modes1}, {@code ξ₂ < modes2}. */
    public static SpectralConv of2d(int in, int out, int modes1, int modes2, Rng rng) { return new SpectralConv(in, out, modes1, modes2, rng); }

    public Parameter weight() { return weight; }

    /** The smallest {@code [h, w]} that resolves the kept modes. */
    public int[] minimumSize() { return modes2 == 0 ? new int[] {1, 2 * modes1} : new int[] {2 * modes1, 2 * modes2}; }

    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 4) throw new IllegalArgumentException("SpectralConv expects a field [B, C, H, W], got rank " + x.rank());
        if (modes2 == 0) {
            if (x.dim(2) != 1) throw new IllegalArgumentException("a 1-D SpectralConv expects [B, C, 1, n], got H = " + x.dim(2));
            Tensor y = Spectral.spectralProduct1d(x.squeeze(2), weight.tensor().astype(x.dtype()));
            return y.unsqueeze(2);
        }
        return Spectral.spectralProduct2d(x, weight.tensor().astype(x.dtype()));
    }

    /** {@code max_ξ ‖R_ξ‖₂}, each from the real block {@code [[R_r, R_i], [−R_i, R_r]]} of the mode's {@code [Cin, Cout]} matrix. */
    @Override public double lipschitzBound(double tol) {
        int[] s = weight.shape();
        int in = s[0], out = s[1], modes = weight.size() / (2 * in * out);
        double[] w = weight.value().astype(DType.F64).data();
        double worst = 0;
        for (int m = 0; m < modes; m++) {
            double[] block = new double[4 * in * out];
            for (int i = 0; i < in; i++)
                for (int o = 0; o < out; o++) {
                    double re = w[((i * out + o) * modes + m) * 2], im = w[((i * out + o) * modes + m) * 2 + 1];
                    block[(2 * i) * 2 * out + 2 * o] = re;
                    block[(2 * i) * 2 * out + 2 * o + 1] = im;
                    block[(2 * i + 1) * 2 * out + 2 * o] = -im;
                    block[(2 * i + 1) * 2 * out + 2 * o + 1] = re;
                }
            worst = Math.max(worst, OperatorNorm.matrixBound(NDArray.of(new int[] {2 * in, 2 * out}, block)));
        }
        return worst;
    }

    @Override public String toString() {
        int[] s = weight.shape();
        return "SpectralConv(" + s[0] + " → " + s[1] + ", modes " + modes1 + (modes2 == 0 ? "" : "×" + modes2) + ")";
    }
}
