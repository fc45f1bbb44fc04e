package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.tensor.NDArray;

/**
 * A table of op compositions, each of whose first and second derivatives must match central finite
 * differences. A test class extends this and declares {@code static Stream<Case> cases()}.
 */
abstract class GradientCases {
    static final double FIRST = 1e-6, SECOND = 1e-5;

    /** A scalar- or tensor-valued function of the inputs, checked at {@code inputs}. */
    record Case(String name, Function<List<Tensor>, Tensor> f, List<NDArray> inputs) {
        @Override public String toString() { return name; }
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void firstDerivativesMatchFiniteDifferences(Case c) {
        double err = GradCheck.firstOrder(c.f(), c.inputs(), 7);
        assertTrue(err < FIRST, c.name() + ": first-order error " + err);
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void secondDerivativesMatchFiniteDifferences(Case c) {
        double err = GradCheck.secondOrder(c.f(), c.inputs(), 11);
        assertTrue(err < SECOND, c.name() + ": second-order error " + err);
    }
}
