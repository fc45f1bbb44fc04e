package org.odeon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the PyTorch twin of the workloads ({@code peer_torch.py}) with Debian's
 * {@code /usr/bin/python3} at a given thread count, and reads its medians and peak RSS.
 */
public final class TorchPeer {
    private TorchPeer() {}

    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /** The peer's results ({@code {name: median seconds, "peak_rss_bytes": …}}), or empty with the reason. */
    public record Result(Optional<JsonNode> medians, String note) {}

    /** Whether PyTorch can run here, and why not. */
    public static Optional<String> unavailable() {
        return Files.isExecutable(PYTHON) ? Optional.empty() : Optional.of("no /usr/bin/python3 (apt-get install python3-torch)");
    }

    /**
     * The peer's thread count, for OpenMP and for a BLAS PyTorch may link: the launcher confines Odeon's OpenBLAS to
     * one thread, and the peer must not inherit that.
     */
    private static void threads(ProcessBuilder pb, int threads) {
        for (String v : new String[] {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"}) pb.environment().put(v, Integer.toString(threads));
    }

    /** Times {@code names} in one fresh Python process with {@code threads} threads. */
    public static Result run(List<String> names, int threads, boolean quick) throws IOException, InterruptedException {
        Optional<String> why = unavailable();
        if (why.isPresent()) return new Result(Optional.empty(), why.get());
        Path script = Files.createTempFile("odeon-peer", ".py");
        try (InputStream in = TorchPeer.class.getResourceAsStream("peer_torch.py")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), "--threads", Integer.toString(threads)));
            if (quick) cmd.add("--quick");
            cmd.addAll(names);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            threads(pb, threads);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                String reason = err.contains("No module named 'torch'") ? "PyTorch is not installed (apt-get install python3-torch)" : "peer failed: " + lastLine(err);
                return new Result(Optional.empty(), reason);
            }
            JsonNode json = new ObjectMapper().readTree(out.substring(out.lastIndexOf('{')));
            return new Result(Optional.of(json), "PyTorch " + json.path("torch").asText());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /**
     * Runs a standalone twin {@code script} (an epoch benchmark) with its settings as {@code key=value}
     * arguments at one and at two threads (PyTorch on these 2-core machines is bimodal at two) and returns
     * the JSON object of the faster run, by its {@code median_s}.
     */
    public static JsonNode script(Path script, Map<String, String> settings) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) throw new IOException("PyTorch peer script not found: " + script.toAbsolutePath());
        JsonNode best = null;
        for (int threads = 1; threads <= 2; threads++) {
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
            settings.forEach((k, v) -> cmd.add(k + "=" + v));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            threads(pb, threads);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) throw new IOException("PyTorch peer failed (" + script + "): " + lastLine(err));
            JsonNode json = new ObjectMapper().readTree(out.substring(out.lastIndexOf('{')));
            if (best == null || json.path("median_s").asDouble() < best.path("median_s").asDouble()) best = json;
        }
        return best;
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1];
    }
}
