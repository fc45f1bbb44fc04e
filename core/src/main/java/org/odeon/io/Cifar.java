package org.odeon.io;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * CIFAR-10 and CIFAR-100 binary batches ({@code data_batch_1.bin}, {@code train.bin}, ...),
 * plain or gzip-compressed. Each record is its label byte(s) followed by a 32x32 colour image
 * stored as 1024 red, 1024 green, then 1024 blue bytes, rows top to bottom:
 *
 * <pre>
 *   CIFAR-10:  label (0..9)                          | 3072 pixel bytes
 *   CIFAR-100: coarse label (0..19) | fine label (0..99) | 3072 pixel bytes
 * </pre>
 *
 * Images come back as F32 {@code [n, 3, 32, 32]} scaled into [0, 1].
 */
public final class Cifar {
    static final int SIDE = 32, CHANNELS = 3, PIXELS = CHANNELS * SIDE * SIDE;

    private Cifar() {}

    /**
     * @param labels       class labels (the fine labels for CIFAR-100)
     * @param coarseLabels CIFAR-100's 20 superclass labels; empty for CIFAR-10
     */
    public record Batch(NDArray images, int[] labels, int[] coarseLabels) {
        public int size() { return labels.length; }
    }

    public static Batch read10(Path file) throws IOException { return read(file, false); }

    public static Batch read100(Path file) throws IOException { return read(file, true); }

    private static Batch read(Path file, boolean hundred) throws IOException {
        int labelBytes = hundred ? 2 : 1, record = labelBytes + PIXELS;
        try (BinaryInput in = BinaryInput.openMaybeGzip(file)) {
            // the whole file is the records, so read it at once and then split it
            byte[] all = readAll(in, record);
            if (all.length == 0 || all.length % record != 0)
                throw in.error("size " + all.length + " bytes is not a positive multiple of the " + record + "-byte "
                        + (hundred ? "CIFAR-100" : "CIFAR-10") + " record");
            int n = all.length / record;
            int[] fine = new int[n], coarse = new int[hundred ? n : 0];
            double[] pixels = new double[n * PIXELS];
            for (int i = 0; i < n; i++) {
                int at = i * record;
                if (hundred) coarse[i] = label(in, all[at], 20, i, "coarse label");
                fine[i] = label(in, all[at + labelBytes - 1], hundred ? 100 : 10, i, "label");
                for (int k = 0; k < PIXELS; k++) pixels[i * PIXELS + k] = (all[at + labelBytes + k] & 0xff) / 255.0;
            }
            return new Batch(NDArray.of(DType.F32, new int[] {n, CHANNELS, SIDE, SIDE}, pixels), fine, coarse);
        }
    }

    private static int label(BinaryInput in, byte b, int classes, int record, String what) throws MalformedFileException {
        int v = b & 0xff;
        if (v >= classes) throw in.error(what + " of record " + record + " is " + v + ", outside 0.." + (classes - 1));
        return v;
    }

    /**
     * The whole file; it may hold as many records as a Java array can and as the heap can hold once
     * widened (a byte becomes an 8-byte double), so a decompression bomb stops at that size.
     */
    private static byte[] readAll(BinaryInput in, int record) throws IOException {
        long fit = Math.min(Integer.MAX_VALUE - 8, BinaryInput.memoryBudget() / (Double.BYTES + 1));
        return in.readRest(fit / record * record, "the records");
    }
}
