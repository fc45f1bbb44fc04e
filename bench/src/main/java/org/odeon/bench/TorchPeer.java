package org.odeon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the PyTorch twin of the workloads ({@code peer_torch.py}) with Debian's
 * {@code /usr/bin/python3} and 2 threads, and reads its medians.
 */
public final class TorchPeer {
    private TorchPeer() {}

    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /** The peer's results, or empty with the reason when PyTorch is not installed. */
    public record Result(Optional<JsonNode> medians, String note) {}

    public static Result run(boolean quick) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) return new Result(Optional.empty(), "no /usr/bin/python3 (apt-get install python3-torch)");
        Path script = Files.createTempFile("odeon-peer", ".py");
        try (InputStream in = TorchPeer.class.getResourceAsStream("peer_torch.py")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script.toString(), quick ? "--quick" : "");
            pb.environment().put("OMP_NUM_THREADS", "2");
            pb.redirectErrorStream(false);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                String why = err.contains("No module named 'torch'") ? "PyTorch is not installed (apt-get install python3-torch)" : "peer failed: " + lastLine(err);
                return new Result(Optional.empty(), why);
            }
            JsonNode json = new ObjectMapper().readTree(out.substring(out.lastIndexOf('{')));
            return new Result(Optional.of(json), "PyTorch " + json.path("torch").asText() + ", " + json.path("threads").asInt() + " threads");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1];
    }
}
