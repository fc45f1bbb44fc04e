package org.odeon.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/** Writes an array's values as raw float32/float64 in a given byte order, in bounded chunks. */
final class BinaryOutput {
    private static final int CHUNK = 1 << 16;

    private BinaryOutput() {}

    static void writeValues(OutputStream out, NDArray a, ByteOrder order) throws IOException {
        double[] v = a.data();
        boolean f32 = a.dtype() == DType.F32;
        ByteBuffer bb = ByteBuffer.allocate(CHUNK).order(order);
        for (int i = 0; i < v.length; i++) {
            if (f32) bb.putFloat((float) v[i]);
            else bb.putDouble(v[i]);
            if (bb.remaining() < 8) {
                out.write(bb.array(), 0, bb.position());
                bb.clear();
            }
        }
        out.write(bb.array(), 0, bb.position());
    }
}
