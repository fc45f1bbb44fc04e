package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odeon.io.Bytes.assertMalformed;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

class CheckpointTest {
    @TempDir Path dir;

    /** A checkpoint as a trainer would write it after {@code step} steps; arrays large enough to take a while. */
    static Checkpoint atStep(long step) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        double[] w = new double[50_000];
        for (int i = 0; i < w.length; i++) w[i] = Math.sin(step + i * 1e-3);
        arrays.put("param/linear.weight", NDArray.of(DType.F32, new int[] {500, 100}, w));
        arrays.put("param/linear.bias", NDArray.full(DType.F64, step * 0.1, 100));
        arrays.put("optim/adam.m/linear.weight", NDArray.of(DType.F32, new int[] {500, 100}, w.clone()).mul(1e-3));
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("step", step).put("epoch", step / 10).put("rng", 0x9E3779B97F4A7C15L ^ step).put("lr", 1.0 / 3);
        meta.putObject("config").put("model", "resnet").putArray("widths").add(16).add(32);
        return new Checkpoint(arrays, meta);
    }

    @Test void roundTripKeepsArraysBitForBitAndMetadataExactly() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        Checkpoint c = atStep(7);
        c.save(f);
        Checkpoint back = Checkpoint.load(f);
        SafetensorsTest.assertSameArrays(c.arrays(), back.arrays());
        assertEquals(c.metadata(), back.metadata());
        assertEquals(1.0 / 3, back.metadata().get("lr").doubleValue());
        assertEquals(0x9E3779B97F4A7C15L ^ 7, back.metadata().get("rng").longValue());
    }

    @Test void isAnOrdinarySafetensorsFileForOtherTools() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        atStep(3).save(f);
        Safetensors.Contents c = Safetensors.readContents(f);
        assertEquals(List.of("param/linear.weight", "param/linear.bias", "optim/adam.m/linear.weight"), List.copyOf(c.tensors().keySet()));
        assertEquals("odeon-checkpoint-1", c.metadata().get("format"));
    }

    @Test void metadataCannotBeChangedThroughTheCheckpoint() {
        Checkpoint c = atStep(1);
        c.metadata().put("step", 99);
        assertEquals(1, c.metadata().get("step").longValue());
        assertThrows(UnsupportedOperationException.class, () -> c.arrays().clear());
    }

    @Test void aPlainSafetensorsFileIsNotACheckpoint() throws IOException {
        Path f = dir.resolve("weights.safetensors");
        Safetensors.write(f, Map.of("w", NDArray.scalar(1)));
        assertMalformed(f, "not an Odeon checkpoint", () -> Checkpoint.load(f));
        Safetensors.write(f, Map.of("w", NDArray.scalar(1)), Map.of("format", "odeon-checkpoint-1", "odeon", "[1]"));
        assertMalformed(f, "must hold a JSON object", () -> Checkpoint.load(f));
    }

    /** Passes {@code limit} bytes through, then fails as a dying disk or a killed process would. */
    static final class FailingAfter extends FilterOutputStream {
        private long left;

        FailingAfter(OutputStream out, long limit) {
            super(out);
            left = limit;
        }

        @Override public void write(int b) throws IOException {
            if (left-- <= 0) throw new IOException("write failed (simulated crash)");
            out.write(b);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) write(b[off + i]);
        }
    }

    @Test void aSaveThatDiesHalfWayLeavesThePreviousCheckpointLoadable() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        atStep(1).save(f);
        byte[] before = Files.readAllBytes(f);
        for (long limit : new long[] {0, 5, 100, before.length / 2, before.length - 1}) {
            assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> atStep(2).writeTo(new FailingAfter(out, limit))));
            assertEquals(1, Checkpoint.load(f).metadata().get("step").longValue());
            assertEquals(1, Files.list(dir).count(), "the failed save must clean up its temporary file");
        }
    }

    @Test void aStrayPartialTemporaryFileDisturbsNeitherLoadNorTheNextSave() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        atStep(1).save(f);
        byte[] full = Files.readAllBytes(f);
        // what a process killed during the next save leaves behind
        Path stray = dir.resolve(".ckpt.safetensors.123456.tmp");
        Files.write(stray, java.util.Arrays.copyOf(full, full.length / 3));
        assertEquals(1, Checkpoint.load(f).metadata().get("step").longValue());
        atStep(2).save(f);
        assertEquals(2, Checkpoint.load(f).metadata().get("step").longValue());
        assertTrue(Files.exists(stray), "the next save writes its own temporary file and leaves others alone");
    }

    /** Run in a separate JVM by the kill test: saves checkpoints of increasing step until killed. */
    public static final class SaveForever {
        public static void main(String[] args) throws IOException {
            Path f = Path.of(args[0]);
            for (long step = 1; ; step++) {
                atStep(step).save(f);
                System.out.println(step); // tells the test that a save has completed
                System.out.flush();
            }
        }
    }

    @Test void killingTheProcessDuringSavesLeavesTheLatestCompletedCheckpointLoadable() throws Exception {
        Path f = dir.resolve("ckpt.safetensors");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SaveForever.class.getName(), f.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();   // stdout carries only the step numbers
        List<Long> completed = new ArrayList<>();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            // let a few saves finish, then kill -9 in the middle of the following ones
            for (String line; completed.size() < 5 && (line = out.readLine()) != null; ) completed.add(Long.parseLong(line.strip()));
            assertEquals(5, completed.size(), "the saving process stopped early");
            p.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        long step = Checkpoint.load(f).metadata().get("step").longValue();
        assertTrue(step >= completed.getLast(), "loaded step " + step + " but step " + completed.getLast() + " had completed");
        SafetensorsTest.assertSameArrays(atStep(step).arrays(), Checkpoint.load(f).arrays());
    }
}
