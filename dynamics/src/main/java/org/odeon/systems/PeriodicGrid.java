package org.odeon.systems;

/**
 * An {@code n × n} periodic grid on {@code [0, L)²}, row-major ({@code u[i*n + j]} at
 * {@code (x_j, y_i)}), with the second-order central-difference stencils the method-of-lines
 * systems share.
 */
record PeriodicGrid(int n, double side) {

    PeriodicGrid {
        if (n < 3) throw new IllegalArgumentException("periodic grid needs n ≥ 3 points per side, got " + n);
        if (!(side > 0)) throw new IllegalArgumentException("grid side length must be positive, got " + side);
    }

    double spacing() { return side / n; }

    int size() { return n * n; }

    /** A Gaussian bump {@code a·exp(−|x − c|²/(2w²))} centred in the domain (distance taken periodically). */
    double[] bump(double amplitude, double width) {
        double[] u = new double[size()];
        double h = spacing(), c = side / 2;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double dx = j * h - c, dy = i * h - c;
                u[i * n + j] = amplitude * Math.exp(-(dx * dx + dy * dy) / (2 * width * width));
            }
        return u;
    }

    /** Integral of u over the domain (rectangle rule, exact for the periodic trapezoid). */
    double integral(double[] u) {
        double s = 0;
        for (double v : u) s += v;
        return s * spacing() * spacing();
    }

    /** ½∫u². */
    double halfSquareIntegral(double[] u) {
        double s = 0;
        for (double v : u) s += v * v;
        return 0.5 * s * spacing() * spacing();
    }
}
