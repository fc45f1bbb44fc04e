package org.odeon.io;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * The IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed (detected by the gzip
 * magic bytes {@code 1f 8b}, not by the file name):
 *
 * <pre>
 *   0x00 0x00 | type | rank | rank x u32 big-endian extents | row-major big-endian data
 *   type: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64
 * </pre>
 *
 * {@link #read} returns any IDX array (F32 for the types float32 holds exactly — u8, i8, i16,
 * f32 — and F64 for i32 and f64). {@link #readImages} returns raw pixel values 0..255,
 * {@link #readImagesScaled} the same divided by 255, i.e. in [0, 1].
 */
public final class Idx {
    private Idx() {}

    /** Any IDX array. */
    public static NDArray read(Path file) throws IOException {
        try (BinaryInput in = BinaryInput.openMaybeGzip(file)) {
            NDArray a = read(in, null, -1);
            in.expectEnd("the data");
            return a;
        }
    }

    /** An image file: u8, rank 3, returned as F32 {@code [n, rows, cols]} with values 0..255. */
    public static NDArray readImages(Path file) throws IOException {
        try (BinaryInput in = BinaryInput.openMaybeGzip(file)) {
            NDArray a = read(in, Element.U8, 3);
            in.expectEnd("the images");
            return a;
        }
    }

    /** {@link #readImages} scaled by 1/255 into [0, 1]. */
    public static NDArray readImagesScaled(Path file) throws IOException { return readImages(file).map(v -> v / 255); }

    /** A label file: u8, rank 1. */
    public static int[] readLabels(Path file) throws IOException {
        try (BinaryInput in = BinaryInput.openMaybeGzip(file)) {
            double[] v = read(in, Element.U8, 1).data();
            in.expectEnd("the labels");
            int[] labels = new int[v.length];
            for (int i = 0; i < v.length; i++) labels[i] = (int) v[i];
            return labels;
        }
    }

    /** Reads header and data; {@code type}/{@code rank} (when given) are what the caller requires. */
    private static NDArray read(BinaryInput in, Element type, int rank) throws IOException {
        int zero0 = in.readU8("magic number"), zero1 = in.readU8("magic number");
        if (zero0 != 0 || zero1 != 0) throw in.error("not an IDX file: magic number must start with 00 00, got "
                + String.format("%02x %02x", zero0, zero1));
        int code = in.readU8("type code");
        Element e = switch (code) {
            case 0x08 -> Element.U8;
            case 0x09 -> Element.I8;
            case 0x0B -> Element.I16;
            case 0x0C -> Element.I32;
            case 0x0D -> Element.F32;
            case 0x0E -> Element.F64;
            default -> throw in.error(String.format("unknown type code 0x%02x (expected 08, 09, 0B, 0C, 0D or 0E)", code));
        };
        int r = in.readU8("rank");
        if (type != null && e != type) throw in.error("element type is " + e + " but " + type + " was expected");
        if (rank >= 0 && r != rank) throw in.error("rank is " + r + " but " + rank + " was expected");
        if (r == 0) throw in.error("rank 0: an IDX file needs at least one dimension");
        int[] shape = new int[r];
        long count = 1;
        for (int i = 0; i < r; i++) {
            int d = in.readIntBE("extent " + i);
            if (d < 0) throw in.error("extent " + i + " is " + Integer.toUnsignedString(d) + ", more than 2^31-1");
            count *= d;
            if (count > Integer.MAX_VALUE) throw in.error("the extents have more than 2^31-1 elements in total");
            shape[i] = d;
        }
        double[] data = in.readValues(e, ByteOrder.BIG_ENDIAN, (int) count, "data of " + count + " " + e + " values");
        boolean f32 = e == Element.U8 || e == Element.I8 || e == Element.I16 || e == Element.F32;
        return NDArray.of(f32 ? DType.F32 : DType.F64, shape, data);
    }
}
