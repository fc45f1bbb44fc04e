package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Odeon's .npy, .npz and .safetensors files against NumPy (Debian's python3-numpy) and against
 * an independent safetensors reader and writer written from the published format in
 * {@code src/test/python/crosscheck.py}. Values travel through a manifest as float64 bit
 * patterns, so the comparison is exact.
 */
class NumPyCrossCheckTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/python/crosscheck.py");
    private static final String INSTALL = "the NumPy cross-checks need Debian's NumPy: apt-get install python3-numpy (CI installs it)";
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir Path dir;

    /** Runs the script; a missing interpreter or NumPy is a failure, not a skip. */
    private static String python(String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) fail(PYTHON + " not found; " + INSTALL);
        assertTrue(Files.isRegularFile(SCRIPT), "missing " + SCRIPT.toAbsolutePath());
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        if (out.contains("No module named 'numpy'")) fail("NumPy is missing for " + PYTHON + "; " + INSTALL);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    private static ObjectNode describe(NDArray a) {
        ObjectNode e = JSON.createObjectNode().put("dtype", a.dtype().name());
        ArrayNode shape = e.putArray("shape");
        for (int d : a.shape()) shape.add(d);
        ArrayNode bits = e.putArray("bits");
        for (double v : a.data()) bits.add(HexFormat.of().toHexDigits(Double.doubleToRawLongBits(v)));
        return e;
    }

    private static NDArray expected(JsonNode e) {
        int[] shape = new int[e.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = e.get("shape").get(i).intValue();
        double[] v = new double[e.get("bits").size()];
        for (int i = 0; i < v.length; i++) v[i] = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(e.get("bits").get(i).textValue()));
        return NDArray.of(DType.valueOf(e.get("dtype").textValue()), shape, v);
    }

    private static Map<String, NDArray> expectedAll(JsonNode arrays) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        arrays.properties().forEach(p -> m.put(p.getKey(), expected(p.getValue())));
        return m;
    }

    static Map<String, NDArray> arrays() {
        Map<String, NDArray> m = new LinkedHashMap<>(SafetensorsTest.sample());
        double[] big = new double[20_000]; // crosses the readers' and writers' 64 KiB chunks
        for (int i = 0; i < big.length; i++) big[i] = Math.sin(i) * Math.exp(i % 50 - 25);
        m.put("big", NDArray.of(new int[] {20, 10, 100}, big));
        m.put("big_f32", NDArray.of(DType.F32, new int[] {100, 200}, big.clone()));
        return m;
    }

    @Test void filesOdeonWritesLoadInNumPyAndTheIndependentSafetensorsReader() throws Exception {
        Map<String, NDArray> arrays = arrays();
        ObjectNode manifest = JSON.createObjectNode();
        ObjectNode described = manifest.putObject("arrays"), npy = manifest.putObject("npy");
        for (Map.Entry<String, NDArray> a : arrays.entrySet()) {
            described.set(a.getKey(), describe(a.getValue()));
            Npy.write(dir.resolve(a.getKey() + ".npy"), a.getValue());
            npy.put(a.getKey(), a.getKey() + ".npy");
        }
        Npz.write(dir.resolve("stored.npz"), arrays);
        Npz.writeCompressed(dir.resolve("compressed.npz"), arrays);
        manifest.putArray("npz").add("stored.npz").add("compressed.npz");
        Map<String, String> metadata = Map.of("framework", "odeon", "step", "12");
        Safetensors.write(dir.resolve("odeon.safetensors"), arrays, metadata);
        manifest.put("safetensors", "odeon.safetensors").set("metadata", JSON.valueToTree(metadata));
        Files.writeString(dir.resolve("manifest.json"), JSON.writeValueAsString(manifest));

        String out = python(SCRIPT.toString(), "check", dir.toString());
        assertEquals("checked " + 4 * arrays.size() + " arrays", out.strip());
    }

    @Test void filesNumPyAndTheIndependentWriterProduceLoadInOdeon() throws Exception {
        python(SCRIPT.toString(), "write", dir.toString());
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        int npyFiles = 0;
        for (var f : manifest.get("npy").properties()) {
            SafetensorsTest.assertSameArrays(Map.of(f.getKey(), expected(f.getValue())), Map.of(f.getKey(), Npy.read(dir.resolve(f.getKey()))));
            npyFiles++;
        }
        assertEquals(16, npyFiles, "the script writes every dtype, byte order, layout and version Odeon claims to read");
        for (var f : manifest.get("npz").properties())
            SafetensorsTest.assertSameArrays(expectedAll(f.getValue()), Npz.read(dir.resolve(f.getKey())));
        JsonNode st = manifest.get("safetensors");
        Safetensors.Contents c = Safetensors.readContents(dir.resolve(st.get("file").textValue()));
        SafetensorsTest.assertSameArrays(expectedAll(st.get("arrays")), c.tensors());
        assertEquals(Map.of("source", "crosscheck.py"), c.metadata());
    }
}
