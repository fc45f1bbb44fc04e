package org.odeon.models.transformer;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * In-context linear regression prompts (Garg et al. 2022): per prompt a task {@code w ~ N(0, I_d)},
 * inputs {@code xᵢ ~ N(0, I_d)} and values {@code yᵢ = ⟨w, xᵢ⟩/√d} (so {@code E y² = 1} and the
 * mean squared error is Garg's {@code ‖ŷ − y‖²/d}). A prompt of {@code n ≤ N} examples is the
 * tokens {@code (xᵢ, yᵢ) ∈ ℝ^{d+1}} in slots {@code 0..n−1}, zero padding up to {@code N}, and the
 * query {@code (x_q, 0)} in slot {@code N}; its mask lets every token attend to the n examples only
 * (the query and the padding are seen by no one).
 *
 * @param tokens  {@code [B, N+1, d+1]}
 * @param mask    {@code [B, 1, 1, N+1]}
 * @param targets {@code [B, 1]}, the query's {@code y_q}
 * @param counts  examples per prompt
 */
public record LinearPrompts(NDArray tokens, NDArray mask, NDArray targets, int[] counts) {
    /** {@code counts.length} prompts of dimension {@code d} with up to {@code maxContext} examples. */
    public static LinearPrompts sample(int d, int maxContext, int[] counts, Rng rng) {
        if (d <= 0 || maxContext <= 0) throw new IllegalArgumentException("prompts need d > 0 and a positive context, got d=" + d + ", N=" + maxContext);
        int b = counts.length, t = maxContext + 1, w = d + 1;
        double[] tok = new double[b * t * w], target = new double[b];
        double scale = 1 / Math.sqrt(d);
        for (int p = 0; p < b; p++) {
            if (counts[p] < 0 || counts[p] > maxContext) throw new IllegalArgumentException("prompt " + p + " has " + counts[p] + " examples, outside 0.." + maxContext);
            double[] task = new double[d];
            for (int k = 0; k < d; k++) task[k] = rng.normal();
            for (int i = 0; i < t; i++) {
                if (i >= counts[p] && i < maxContext) continue;                 // padding stays 0
                int o = (p * t + i) * w;
                double y = 0;
                for (int k = 0; k < d; k++) { tok[o + k] = rng.normal(); y += task[k] * tok[o + k]; }
                if (i < maxContext) tok[o + d] = y * scale;
                else target[p] = y * scale;
            }
        }
        return new LinearPrompts(NDArray.of(DType.F64, new int[] {b, t, w}, tok), Masks.padding(counts, t),
                NDArray.of(DType.F64, new int[] {b, 1}, target), counts.clone());
    }

    /** {@code size} prompts, each with {@code n} examples. */
    public static LinearPrompts sample(int d, int maxContext, int n, int size, Rng rng) {
        int[] c = new int[size];
        java.util.Arrays.fill(c, n);
        return sample(d, maxContext, c, rng);
    }

    /** The least-squares prediction from each prompt's examples: {@code ⟨X⁺y, x_q⟩} (minimum-norm when {@code n < d}; 0 when n = 0). */
    public double[] leastSquares() {
        int b = counts.length, t = tokens.dim(1), w = tokens.dim(2), d = w - 1;
        double[] tok = tokens.data(), out = new double[b];
        for (int p = 0; p < b; p++) {
            int n = counts[p];
            if (n == 0) continue;
            DMatrixRMaj x = new DMatrixRMaj(n, d), y = new DMatrixRMaj(n, 1), pinv = new DMatrixRMaj(d, n), coef = new DMatrixRMaj(d, 1);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) x.set(i, k, tok[(p * t + i) * w + k]);
                y.set(i, 0, tok[(p * t + i) * w + d]);
            }
            CommonOps_DDRM.pinv(x, pinv);
            CommonOps_DDRM.mult(pinv, y, coef);
            int q = (p * t + t - 1) * w;
            for (int k = 0; k < d; k++) out[p] += coef.get(k, 0) * tok[q + k];
        }
        return out;
    }

    /** Mean squared error of predictions against the targets. */
    public double error(double[] predictions) {
        double s = 0;
        for (int p = 0; p < predictions.length; p++) s += Math.pow(predictions[p] - targets.data()[p], 2);
        return s / predictions.length;
    }
}
