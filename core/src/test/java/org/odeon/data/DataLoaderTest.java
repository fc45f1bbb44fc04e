package org.odeon.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.NDArray;

class DataLoaderTest {
    /** Sample i has features (i, 10i) and label i, so rows can be traced. */
    private static Dataset traced(int n) {
        double[] f = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            f[2 * i] = i;
            f[2 * i + 1] = 10 * i;
            y[i] = i;
        }
        return Dataset.ofClasses(NDArray.of(new int[] {n, 2}, f), y);
    }

    private static List<double[]> labelsOf(Iterable<Batch> epoch) {
        List<double[]> out = new ArrayList<>();
        for (Batch b : epoch) out.add(b.labels().toArray());
        return out;
    }

    @Test void anEpochVisitsEverySampleOnceWithFeaturesAndLabelsAligned() {
        DataLoader loader = new DataLoader(traced(10), 4, 1);
        assertEquals(3, loader.batchesPerEpoch());
        List<Integer> sizes = new ArrayList<>();
        boolean[] seen = new boolean[10];
        for (Batch b : loader.epoch(0)) {
            sizes.add(b.size());
            for (int i = 0; i < b.size(); i++) {
                int label = (int) b.labels().get(i);
                assertEquals(label, b.features().get(i, 0));
                assertEquals(10 * label, b.features().get(i, 1));
                assertFalse(seen[label]);
                seen[label] = true;
            }
        }
        assertEquals(List.of(4, 4, 2), sizes);
        for (boolean s : seen) assertTrue(s);
    }

    @Test void theSameSeedGivesTheSameBatchesAndEpochsDiffer() {
        Dataset d = traced(50);
        DataLoader a = new DataLoader(d, 8, 42), b = new DataLoader(d, 8, 42), c = new DataLoader(d, 8, 43);
        for (int e = 0; e < 3; e++) {
            List<double[]> la = labelsOf(a.epoch(e)), lb = labelsOf(b.epoch(e));
            for (int i = 0; i < la.size(); i++) assertArrayEquals(la.get(i), lb.get(i));
        }
        assertFalse(Arrays.equals(labelsOf(a.epoch(0)).get(0), labelsOf(a.epoch(1)).get(0)));
        assertFalse(Arrays.equals(labelsOf(a.epoch(0)).get(0), labelsOf(c.epoch(0)).get(0)));
    }

    @Test void anEpochReplaysIdenticallyOnItsOwn() {
        DataLoader a = new DataLoader(traced(30), 7, 5);
        List<double[]> first = labelsOf(a.epoch(3));
        labelsOf(a.epoch(0));
        labelsOf(new DataLoader(traced(30), 7, 5).epoch(1));
        List<double[]> again = labelsOf(a.epoch(3));
        for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), again.get(i));
    }

    @Test void withoutShuffleBatchesFollowTheDatasetOrderAndDropLastDropsTheRemainder() {
        DataLoader l = new DataLoader(traced(10), 4, false, true, 0, null);
        List<double[]> batches = labelsOf(l.epoch(7));
        assertEquals(2, batches.size());
        assertArrayEquals(new double[] {0, 1, 2, 3}, batches.get(0));
        assertArrayEquals(new double[] {4, 5, 6, 7}, batches.get(1));
    }

    @Test void augmentationIsSeededWithTheEpoch() {
        double[] px = new double[4 * 9];
        for (int i = 0; i < px.length; i++) px[i] = i + 1;
        Dataset d = Dataset.ofClasses(NDArray.of(new int[] {4, 1, 3, 3}, px), new int[] {0, 1, 2, 3});
        Augmentation aug = Augmentation.randomCrop(1).then(Augmentation.horizontalFlip(0.5));
        DataLoader a = new DataLoader(d, 4, true, false, 9, aug), b = new DataLoader(d, 4, true, false, 9, aug);
        double[] fa = a.epoch(2).iterator().next().features().toArray(), fb = b.epoch(2).iterator().next().features().toArray();
        assertArrayEquals(fa, fb);
        assertFalse(Arrays.equals(fa, a.epoch(3).iterator().next().features().toArray()));
    }

    @Test void splitIsADisjointSeededPartition() {
        Dataset d = traced(20);
        Dataset.Split s = d.split(0.25, 3);
        assertEquals(15, s.train().size());
        assertEquals(5, s.test().size());
        boolean[] seen = new boolean[20];
        for (Dataset part : List.of(s.train(), s.test()))
            for (double v : part.labels().data()) {
                assertFalse(seen[(int) v]);
                seen[(int) v] = true;
            }
        assertArrayEquals(s.test().labels().data(), d.split(0.25, 3).test().labels().data());
        assertFalse(Arrays.equals(s.test().labels().data(), d.split(0.25, 4).test().labels().data()));
    }

    @Test void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Dataset(NDArray.of(new int[] {2, 1}, 1, 2), NDArray.of(new int[] {3}, 1, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(traced(3), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(traced(3), 4, true, true, 1, null));
        assertThrows(IllegalArgumentException.class, () -> traced(3).split(1, 1));
    }
}
