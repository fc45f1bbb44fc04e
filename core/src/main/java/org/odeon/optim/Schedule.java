package org.odeon.optim;

/**
 * A learning-rate schedule {@code t ↦ η_t}, {@code t = 0, 1, …} the index of the optimizer step.
 * The annealing forms follow PyTorch's {@code StepLR}, {@code CosineAnnealingLR},
 * {@code OneCycleLR} (cosine) and {@code CyclicLR} (triangular), so runs can be compared.
 */
@FunctionalInterface
public interface Schedule {
    double at(long t);

    static Schedule constant(double lr) { return t -> lr; }

    /** {@code η₀·γ^⌊t/every⌋}. */
    static Schedule step(double lr, double gamma, long every) {
        if (every <= 0) throw new IllegalArgumentException("step schedule needs every > 0, got " + every);
        return t -> lr * Math.pow(gamma, t / every);
    }

    /** {@code η_min + (η₀ − η_min)·(1 + cos(πt/T))/2} for {@code t ≤ T}, then {@code η_min}. */
    static Schedule cosine(double lr, double minLr, long total) {
        if (total <= 0) throw new IllegalArgumentException("cosine schedule needs total > 0, got " + total);
        return t -> t >= total ? minLr : anneal(lr, minLr, t / (double) total);
    }

    /**
     * One cycle over {@code total} steps: cosine warm-up from {@code max/div} to {@code max} until
     * step {@code pctStart·total − 1}, then cosine annealing to {@code max/(div·finalDiv)} at step
     * {@code total − 1}.
     */
    static Schedule oneCycle(double max, long total, double pctStart, double div, double finalDiv) {
        if (total < 2 || !(pctStart > 0 && pctStart < 1) || !(div > 0) || !(finalDiv > 0))
            throw new IllegalArgumentException("oneCycle needs total ≥ 2, 0 < pctStart < 1, div > 0, finalDiv > 0; got total=" + total
                    + " pctStart=" + pctStart + " div=" + div + " finalDiv=" + finalDiv);
        // A run too short for a warm-up starts at the peak.
        double initial = max / div, min = initial / finalDiv, peak = Math.max(0, pctStart * total - 1), end = total - 1;
        return t -> t < peak ? anneal(initial, max, t / peak) : anneal(max, min, Math.min(1, (t - peak) / (end - peak)));
    }

    /** {@link #oneCycle} with PyTorch's defaults: 30 % warm-up, div 25, final div 10⁴. */
    static Schedule oneCycle(double max, long total) { return oneCycle(max, total, 0.3, 25, 1e4); }

    /**
     * Triangular cycles of period {@code 2·half}: {@code η = lo + (hi − lo)·max(0, 1 − x)} with
     * {@code x = |t/half − 2c + 1|}, {@code c = ⌊1 + t/(2·half)⌋}.
     */
    static Schedule cyclic(double lo, double hi, long half) {
        if (half <= 0) throw new IllegalArgumentException("cyclic schedule needs a half-period > 0, got " + half);
        return t -> {
            double c = Math.floor(1 + t / (2.0 * half)), x = Math.abs(t / (double) half - 2 * c + 1);
            return lo + (hi - lo) * Math.max(0, 1 - x);
        };
    }

    /** Cosine interpolation from {@code a} (at 0) to {@code b} (at 1). */
    private static double anneal(double a, double b, double fraction) {
        return b + (a - b) * (1 + Math.cos(Math.PI * fraction)) / 2;
    }
}
