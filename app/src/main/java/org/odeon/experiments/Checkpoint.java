package org.odeon.experiments;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odeon.report.AtomicFiles;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * The state of a training loop between two steps: how many steps are done and every array the loop needs
 * to go on exactly as if it had never stopped (parameters, optimizer moments, the loss history).
 * Stored as {@code checkpoint-<loop>.bin}: magic, step, then per array its name, dtype, shape and values
 * as big-endian doubles, so F64 state round-trips bit for bit.
 */
record Checkpoint(int step, Map<String, NDArray> arrays) {
    private static final String MAGIC = "odeon-checkpoint-1";

    static Path file(Path folder, String loop) { return folder.resolve("checkpoint-" + loop + ".bin"); }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            var out = new DataOutputStream(new BufferedOutputStream(raw));
            out.writeUTF(MAGIC);
            out.writeInt(step);
            out.writeInt(arrays.size());
            for (var e : arrays.entrySet()) {
                NDArray a = e.getValue();
                out.writeUTF(e.getKey());
                out.writeUTF(a.dtype().name());
                out.writeInt(a.rank());
                for (int d : a.shape()) out.writeInt(d);
                for (double v : a.data()) out.writeDouble(v);
            }
            out.flush();
        });
    }

    static Checkpoint read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file); var in = new DataInputStream(new BufferedInputStream(raw))) {
            if (!MAGIC.equals(in.readUTF())) throw new ExperimentException(file + " is not an Odeon checkpoint");
            int step = in.readInt(), n = in.readInt();
            var arrays = new LinkedHashMap<String, NDArray>();
            for (int k = 0; k < n; k++) {
                String name = in.readUTF();
                DType dtype = DType.valueOf(in.readUTF());
                int[] shape = new int[in.readInt()];
                int size = 1;
                for (int d = 0; d < shape.length; d++) size *= shape[d] = in.readInt();
                double[] data = new double[size];
                for (int i = 0; i < size; i++) data[i] = in.readDouble();
                arrays.put(name, NDArray.of(dtype, shape, data));
            }
            return new Checkpoint(step, arrays);
        } catch (EOFException | IllegalArgumentException e) {
            throw new ExperimentException(file + " is truncated or corrupt (" + e.getMessage() + "); start the run again without --resume");
        }
    }
}
