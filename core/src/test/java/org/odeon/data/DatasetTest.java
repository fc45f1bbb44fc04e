package org.odeon.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.tensor.NDArray;

class DatasetTest {
    @Test void nanOrInfinityInTheDataIsRejectedNamingTheRow() {
        NDArray x = NDArray.of(new int[] {3, 2}, 1, 2, 3, Double.NaN, 5, 6);
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.ofClasses(x, new int[] {0, 1, 0}));
        assertTrue(e.getMessage().contains("features") && e.getMessage().contains("NaN") && e.getMessage().contains("row 1"), e.getMessage());
        NDArray y = NDArray.of(new int[] {2}, 0, Double.POSITIVE_INFINITY);
        e = assertThrows(IllegalArgumentException.class, () -> new Dataset(NDArray.of(new int[] {2, 1}, 1, 2), y));
        assertTrue(e.getMessage().contains("labels") && e.getMessage().contains("Infinity") && e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test void mismatchedRowCountsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.ofClasses(NDArray.of(new int[] {2, 1}, 1, 2), new int[] {0, 1, 0}));
        assertTrue(e.getMessage().contains("same N"), e.getMessage());
    }
}
