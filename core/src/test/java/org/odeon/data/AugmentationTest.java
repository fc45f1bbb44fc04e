package org.odeon.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class AugmentationTest {
    private static final int N = 40, C = 2, H = 4, W = 5;

    /** Positive, distinct pixel values, so a shift or flip can be recognised. */
    private static NDArray images() {
        double[] d = new double[N * C * H * W];
        for (int i = 0; i < d.length; i++) d[i] = i + 1;
        return NDArray.of(new int[] {N, C, H, W}, d);
    }

    private static double px(NDArray a, int n, int c, int y, int x) {
        return y < 0 || y >= H || x < 0 || x >= W ? 0 : a.get(n, c, y, x);
    }

    /** Whether sample {@code n} of {@code out} is sample n of {@code in} shifted by (dy, dx) with zero fill. */
    private static boolean isShift(NDArray in, NDArray out, int n, int dy, int dx) {
        for (int c = 0; c < C; c++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) if (out.get(n, c, y, x) != px(in, n, c, y + dy, x + dx)) return false;
        return true;
    }

    @Test void randomCropShiftsEachImageByAtMostThePaddingWithZeroFill() {
        NDArray in = images(), out = Augmentation.randomCrop(2).apply(in, new Rng(1));
        int shifted = 0;
        for (int n = 0; n < N; n++) {
            int matches = 0;
            for (int dy = -2; dy <= 2; dy++)
                for (int dx = -2; dx <= 2; dx++)
                    if (isShift(in, out, n, dy, dx)) {
                        matches++;
                        if (dy != 0 || dx != 0) shifted++;
                    }
            assertEquals(1, matches, "sample " + n + " is not one shift of its input");
        }
        assertTrue(shifted > N / 2, "most of 40 samples should move, " + shifted + " did");
    }

    @Test void zeroPaddingCropIsTheIdentity() {
        NDArray in = images();
        assertArrayEquals(in.data(), Augmentation.randomCrop(0).apply(in, new Rng(2)).data());
    }

    @Test void horizontalFlipMirrorsWithTheGivenProbability() {
        NDArray in = images();
        NDArray all = Augmentation.horizontalFlip(1).apply(in, new Rng(3));
        for (int x = 0; x < W; x++) assertEquals(in.get(7, 1, 2, W - 1 - x), all.get(7, 1, 2, x));
        assertArrayEquals(in.data(), Augmentation.horizontalFlip(0).apply(in, new Rng(3)).data());
        NDArray half = Augmentation.horizontalFlip(0.5).apply(in, new Rng(3));
        int flipped = 0;
        for (int n = 0; n < N; n++) {
            boolean same = half.get(n, 0, 0, 0) == in.get(n, 0, 0, 0), mirrored = half.get(n, 0, 0, 0) == in.get(n, 0, 0, W - 1);
            assertTrue(same ^ mirrored);
            if (mirrored) {
                flipped++;
                assertEquals(all.get(n, 1, 3, 1), half.get(n, 1, 3, 1));
            }
        }
        assertTrue(flipped > 10 && flipped < 30, flipped + " of 40 flipped");
    }

    @Test void augmentationsKeepTheElementType() {
        NDArray f = images().astype(DType.F32);
        assertEquals(DType.F32, Augmentation.randomCrop(1).then(Augmentation.horizontalFlip(0.5)).apply(f, new Rng(4)).dtype());
    }

    @Test void nonImageInputIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Augmentation.horizontalFlip(0.5).apply(NDArray.zeros(DType.F64, 2, 3), new Rng(1)));
        assertTrue(e.getMessage().contains("[N, C, H, W]"));
    }
}
