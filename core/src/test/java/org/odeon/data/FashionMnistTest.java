package org.odeon.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;

class FashionMnistTest {
    @Test void loadsSixtyThousandTrainingAndTenThousandTestImagesInTheUnitInterval() throws Exception {
        assertTrue(FashionMnist.isAvailable(FashionMnist.DEFAULT_DIR), "apt-get install dataset-fashion-mnist");
        Dataset.Split d = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        assertArrayEquals(new int[] {60000, 1, 28, 28}, d.train().features().shape());
        assertArrayEquals(new int[] {10000, 1, 28, 28}, d.test().features().shape());
        assertEquals(DType.F32, d.train().features().dtype());
        assertEquals(1.0, d.test().features().maxValue());
        assertEquals(0.0, d.test().features().min(0, false).min(0, false).min(0, false).min(0, false).item());
        int[] perClass = new int[10];
        for (double y : d.test().labels().data()) perClass[(int) y]++;
        for (int c : perClass) assertEquals(1000, c);  // the test set is balanced
    }

    @Test void aMissingDirectoryIsReportedAsUnavailable() {
        assertFalse(FashionMnist.isAvailable(Path.of("/nonexistent/fashion")));
    }
}
