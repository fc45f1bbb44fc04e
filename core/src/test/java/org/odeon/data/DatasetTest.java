package org.odeon.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

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

    private static Dataset rows(int n) {
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) { x[2 * i] = i; x[2 * i + 1] = -i; }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % 3;
        return Dataset.ofClasses(NDArray.of(new int[] {n, 2}, x), y);
    }

    @Test void aMinibatchHoldsDistinctSamplesWithTheirOwnLabelsAndIsSeeded() {
        Dataset d = rows(50);
        Batch b = d.sample(new Rng(1), 20);
        assertEquals(20, b.size());
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            int r = (int) b.features().get(i, 0);
            assertTrue(seen.add(r), "row " + r + " drawn twice");
            assertEquals(-r, b.features().get(i, 1));
            assertEquals(r % 3, b.labels().get(i));
        }
        assertArrayEquals(b.features().data(), d.sample(new Rng(1), 20).features().data(), 0);
        assertFalse(java.util.Arrays.equals(b.features().data(), d.sample(new Rng(2), 20).features().data()));
        // asking for at least N gives every sample once, shuffled
        Batch all = d.sample(new Rng(3), 80);
        assertEquals(50, all.size());
        assertEquals(50 * 49 / 2.0, all.features().sum(false, 0).get(0));
    }

    @Test void drawsAreUniform() {
        // each of 10 rows should be drawn about 3 000 times in 10 000 batches of 3 (chi-square, 9 dof, p ≈ 1e-4 at 33)
        Dataset d = rows(10);
        Rng rng = new Rng(4);
        for (boolean replace : new boolean[] {false, true}) {
            int[] count = new int[10];
            for (int t = 0; t < 10_000; t++) {
                Batch b = replace ? d.sampleWithReplacement(rng, 3) : d.sample(rng, 3);
                for (int i = 0; i < 3; i++) count[(int) b.features().get(i, 0)]++;
            }
            double chi2 = 0;
            for (int c : count) chi2 += (c - 3000.0) * (c - 3000.0) / 3000.0;
            assertTrue(chi2 < 33, "replace=" + replace + ": chi-square " + chi2);
        }
    }

    @Test void samplingWithReplacementCanRepeatAndCanExceedTheSetSize() {
        Batch b = rows(3).sampleWithReplacement(new Rng(5), 12);
        assertEquals(12, b.size());
        java.util.Set<Double> distinct = new java.util.HashSet<>();
        for (int i = 0; i < 12; i++) distinct.add(b.features().get(i, 0));
        assertTrue(distinct.size() <= 3);
    }

    @Test void chunksCoverTheSamplesInOrder() {
        Dataset d = rows(7);
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        int next = 0;
        for (Batch b : d.chunks(3)) {
            sizes.add(b.size());
            for (int i = 0; i < b.size(); i++) assertEquals(next++, (int) b.features().get(i, 0));
        }
        assertEquals(java.util.List.of(3, 3, 1), sizes);
        assertEquals(7, next);
    }

    @Test void nonPositiveBatchSizesAreRejected() {
        Dataset d = rows(4);
        assertThrows(IllegalArgumentException.class, () -> d.sample(new Rng(1), 0));
        assertThrows(IllegalArgumentException.class, () -> d.sampleWithReplacement(new Rng(1), -1));
        assertThrows(IllegalArgumentException.class, () -> d.chunks(0));
    }
}
