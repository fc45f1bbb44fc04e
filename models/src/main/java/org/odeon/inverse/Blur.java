package org.odeon.inverse;

import org.odeon.tensor.DType;
import org.odeon.tensor.Fft;
import org.odeon.tensor.LinearMap;
import org.odeon.tensor.NDArray;

/**
 * A circular blur {@code Ax = k ⊛ x} on {@code H×W} images (acting on the last two axes of
 * {@code [..., H, W]}), applied through the 2-D FFT: {@code Ax = F⁻¹(K̂ ⊙ Fx)} with {@code K̂ = F k}
 * the transfer function of the kernel, centred at pixel {@code (0, 0)}. Being diagonal in Fourier
 * space, everything is exact up to rounding: the adjoint is {@code F⁻¹(conj K̂ ⊙ Fx)} (correlation
 * with {@code k}), {@code ‖A‖ = max |K̂|}, and {@code (AᵀA + λI)⁻¹} is a pointwise division — used by
 * Wiener deconvolution, TV deblurring and PnP-ADMM.
 */
public final class Blur implements LinearMap {
    private final int height, width;
    private final double[] re, im; // K̂ on the rfft2 grid [H, W/2+1]
    private final String name;

    private Blur(String name, NDArray kernel, int height, int width) {
        int[] s = kernel.shape();
        if (s.length != 2 || s[0] > height || s[1] > width)
            throw new IllegalArgumentException("blur kernel of shape " + java.util.Arrays.toString(s) + " does not fit " + height + "x" + width + " images");
        for (double v : kernel.data()) if (!Double.isFinite(v)) throw new IllegalArgumentException("blur kernel has a non-finite entry");
        this.name = name;
        this.height = height;
        this.width = width;
        // the kernel's centre goes to pixel (0, 0), the rest wraps around
        double[] psf = new double[height * width];
        int cy = s[0] / 2, cx = s[1] / 2;
        for (int y = 0; y < s[0]; y++)
            for (int x = 0; x < s[1]; x++)
                psf[Math.floorMod(y - cy, height) * width + Math.floorMod(x - cx, width)] += kernel.data()[y * s[1] + x];
        double[] k = forward(NDArray.of(DType.F64, new int[] {height, width}, psf)).data();
        re = new double[k.length / 2];
        im = new double[k.length / 2];
        for (int i = 0; i < re.length; i++) { re[i] = k[2 * i]; im[i] = k[2 * i + 1]; }
    }

    /** Convolution with any {@code kh×kw} kernel (its centre is pixel {@code (kh/2, kw/2)}). */
    public static Blur of(String name, NDArray kernel, int height, int width) { return new Blur(name, kernel, height, width); }

    /** The identity {@code A = I} (kernel {@code [1]}), which turns deblurring methods into denoising ones. */
    public static Blur identity(int height, int width) { return new Blur("identity", NDArray.of(new int[] {1, 1}, 1.0), height, width); }

    /** The normalised Gaussian kernel of standard deviation {@code sigma} pixels, truncated at {@code 3σ}. */
    public static Blur gaussian(double sigma, int height, int width) {
        if (!(sigma > 0 && sigma < Math.min(height, width))) throw new IllegalArgumentException("Gaussian blur: σ must be in (0, image size), got " + sigma);
        int r = (int) Math.ceil(3 * sigma), n = 2 * r + 1;
        double[] k = new double[n * n];
        double sum = 0;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) sum += k[y * n + x] = Math.exp(-((y - r) * (y - r) + (x - r) * (x - r)) / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return new Blur("gaussian(" + sigma + ")", NDArray.of(DType.F64, new int[] {n, n}, k), height, width);
    }

    /**
     * A linear motion blur: the average along a segment of {@code length} pixels at {@code angleDegrees}
     * (anti-aliased by bilinear splatting of {@code 4·length} samples), normalised to sum 1.
     */
    public static Blur motion(int length, double angleDegrees, int height, int width) {
        if (length < 1 || length > Math.min(height, width)) throw new IllegalArgumentException("motion blur: length must be in [1, image size], got " + length);
        int r = (length + 1) / 2 + 1, n = 2 * r + 1, samples = 4 * length;
        double[] k = new double[n * n];
        double c = Math.cos(Math.toRadians(angleDegrees)), s = Math.sin(Math.toRadians(angleDegrees));
        for (int i = 0; i < samples; i++) {
            double t = (length - 1) * ((i + 0.5) / samples - 0.5), x = r + t * c, y = r - t * s;
            int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
            double fx = x - x0, fy = y - y0;
            k[y0 * n + x0] += (1 - fx) * (1 - fy);
            k[y0 * n + x0 + 1] += fx * (1 - fy);
            k[(y0 + 1) * n + x0] += (1 - fx) * fy;
            k[(y0 + 1) * n + x0 + 1] += fx * fy;
        }
        for (int i = 0; i < k.length; i++) k[i] /= samples;
        return new Blur("motion(" + length + ", " + angleDegrees + "°)", NDArray.of(DType.F64, new int[] {n, n}, k), height, width);
    }

    public int height() { return height; }

    public int width() { return width; }

    @Override public NDArray apply(NDArray x) { return filter(x, re, im, 1); }

    @Override public NDArray adjoint(NDArray y) { return filter(y, re, im, -1); }

    /** {@code ‖A‖₂ = max |K̂|} (exact for a circular convolution). */
    public double norm() {
        double m = 0;
        for (int i = 0; i < re.length; i++) m = Math.max(m, Math.hypot(re[i], im[i]));
        return m;
    }

    /** {@code (AᵀA + λI)⁻¹ v}, {@code λ > 0}. */
    public NDArray solveNormal(NDArray v, double lambda) {
        if (!(lambda > 0)) throw new IllegalArgumentException("regularisation λ must be positive, got " + lambda);
        double[] fr = new double[re.length], fi = new double[re.length];
        for (int i = 0; i < re.length; i++) fr[i] = 1 / (re[i] * re[i] + im[i] * im[i] + lambda);
        return filter(v, fr, fi, 1);
    }

    /** Multiplies the spectrum of {@code x} by {@code (a + i·sign·b)}. */
    private NDArray filter(NDArray x, double[] a, double[] b, int sign) {
        int[] s = x.shape();
        if (s.length < 2 || s[s.length - 2] != height || s[s.length - 1] != width)
            throw new IllegalArgumentException("blur built for " + height + "x" + width + " images, got shape " + java.util.Arrays.toString(s));
        double[] z = forward(x).data().clone();
        int m = a.length;
        for (int i = 0; i < z.length / 2; i++) {
            int j = i % m;
            double zr = z[2 * i], zi = z[2 * i + 1], br = sign * b[j];
            z[2 * i] = a[j] * zr - br * zi;
            z[2 * i + 1] = a[j] * zi + br * zr;
        }
        int[] zs = java.util.Arrays.copyOf(s, s.length + 1);
        zs[s.length - 1] = width / 2 + 1;
        zs[s.length] = 2;
        NDArray spec = NDArray.of(x.dtype(), zs, z);
        return Fft.irfft(width).apply(Fft.fft(height, true).apply(spec));
    }

    /** rfft along W, then the complex FFT along H: {@code [..., H, W] → [..., H, W/2+1, 2]}. */
    private NDArray forward(NDArray x) { return Fft.fft(height, false).apply(Fft.rfft(width).apply(x)); }

    @Override public String toString() { return name + " blur on " + height + "x" + width; }
}
