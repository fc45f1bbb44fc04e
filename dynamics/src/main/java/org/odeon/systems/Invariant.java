package org.odeon.systems;

import java.util.function.ToDoubleFunction;

/** A named function of the state that the exact flow of a system keeps constant. */
public record Invariant(String name, ToDoubleFunction<double[]> function) {

    public double at(double[] y) { return function.applyAsDouble(y); }
}
