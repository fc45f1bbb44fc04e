package org.odeon.models.operator;

import org.odeon.autograd.Spectral;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Module;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
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
 */
public final class SpectralConv extends Module {
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

    @Override public String toString() {
        int[] s = weight.shape();
        return "SpectralConv(" + s[0] + " → " + s[1] + ", modes " + modes1 + (modes2 == 0 ? "" : "×" + modes2) + ")";
    }
}
