package org.odeon.models.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odeon.tensor.Rng;

class LinearPromptsTest {
    @Test void leastSquaresIsExactOnceTheExamplesDetermineTheTaskAndPartialBefore() {
        int d = 5;
        LinearPrompts full = LinearPrompts.sample(d, 8, 8, 200, new Rng(1));
        assertTrue(full.error(full.leastSquares()) < 1e-20, "noise-free with n ≥ d: exact");
        LinearPrompts none = LinearPrompts.sample(d, 8, 0, 4000, new Rng(2));
        assertEquals(1.0, none.error(none.leastSquares()), 0.08, "no examples: the zero prediction, E y² = 1");
        // with n < d examples the minimum-norm solution explains n/d of the variance: error ≈ 1 − n/d
        LinearPrompts some = LinearPrompts.sample(d, 8, 2, 4000, new Rng(3));
        assertEquals(1 - 2.0 / d, some.error(some.leastSquares()), 0.08);
    }

    @Test void paddingIsZeroAndMaskedAndTheQueryIsLast() {
        LinearPrompts p = LinearPrompts.sample(3, 5, new int[] {2, 5}, new Rng(4));
        assertEquals(0, p.tokens().get(0, 3, 0), 0);
        assertEquals(0, p.mask().get(0, 0, 0, 2), 0);
        assertEquals(1, p.mask().get(1, 0, 0, 4), 0);
        assertEquals(0, p.mask().get(1, 0, 0, 5), 0, "nobody attends to the query");
        assertEquals(0, p.tokens().get(1, 5, 3), 0, "the query's value slot is empty");
        assertThrows(IllegalArgumentException.class, () -> LinearPrompts.sample(3, 5, new int[] {6}, new Rng(5)));
    }
}
