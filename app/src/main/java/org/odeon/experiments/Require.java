package org.odeon.experiments;

import java.util.List;

/**
 * The checks config records make in their constructors, each failing with one line that names the key and the
 * value ({@code "layers must be at least 1, got 0"}); {@link Configs} turns it into a usage error.
 * Checks that take several keys take them as {@code name, value, name, value, …}.
 */
public final class Require {
    private Require() {}

    /** Every named integer is at least {@code min}. */
    public static void atLeast(int min, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2)
            if (((Number) namesAndValues[i + 1]).longValue() < min)
                throw new IllegalArgumentException(namesAndValues[i] + " must be at least " + min + ", got " + namesAndValues[i + 1]);
    }

    /** Every named number is finite and positive. */
    public static void positive(Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            double v = ((Number) namesAndValues[i + 1]).doubleValue();
            if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(namesAndValues[i] + " must be positive, got " + namesAndValues[i + 1]);
        }
    }

    /** Every named number is finite and not negative. */
    public static void nonNegative(Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            double v = ((Number) namesAndValues[i + 1]).doubleValue();
            if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(namesAndValues[i] + " must be ≥ 0, got " + namesAndValues[i + 1]);
        }
    }

    /** {@code 0 < value < 1}. */
    public static void fraction(String name, double value) {
        if (!(value > 0 && value < 1)) throw new IllegalArgumentException(name + " must be in (0, 1), got " + value);
    }

    /** A list with at least one entry, each (if integers) at least {@code min}. */
    public static void nonEmpty(String name, List<?> values, int min) {
        if (values == null || values.isEmpty()) throw new IllegalArgumentException(name + " needs at least one entry");
        for (Object v : values)
            if (v instanceof Number n && n.longValue() < min) throw new IllegalArgumentException(name + " entries must be at least " + min + ", got " + values);
    }
}
