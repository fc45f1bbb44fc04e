package org.odeon.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.odeon.autograd.GradMode;
import org.odeon.autograd.Tensor;
import org.odeon.io.Safetensors;
import org.odeon.nn.Mlp;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * Load the model that {@code odeon run oscillator-flowmap --out DIR} saved and evaluate it: rebuild
 * the same architecture from {@code DIR/config.json}, load {@code DIR/model.safetensors} into it, and
 * compose the learned step {@code x ↦ x + N(x)} from {@code (1, 0)}; the distance to the exact
 * rotation is the run's own {@code rollout_error} in {@code metrics.json}.
 */
public final class LoadSavedModel {
    /** The rollout error recomputed from the loaded model, and the one the run recorded. */
    public record Result(double rolloutError, double recorded) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: LoadSavedModel RUN_DIR (a folder written by 'odeon run oscillator-flowmap')");
        Result r = run(Path.of(args[0]));
        System.out.printf("rollout error of the loaded model %.10e%nrecorded by the run              %.10e%n", r.rolloutError(), r.recorded());
    }

    public static Result run(Path runDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(runDir.resolve("config.json").toFile()).get("config");
        int hidden = config.get("hidden").asInt(), layers = config.get("layers").asInt(), steps = config.get("rollout").asInt();
        double dt = config.get("dt").asDouble();

        Mlp net = Mlp.tanh(new Rng(0), Mlp.widths(2, hidden, layers, 2));   // the initial weights are overwritten below
        net.loadStateDict(Safetensors.read(runDir.resolve("model.safetensors")));
        net.eval();

        Tensor z = Tensor.constant(NDArray.of(new int[] {1, 2}, 1, 0));
        try (var off = GradMode.off()) {
            for (int n = 0; n < steps; n++) z = z.add(net.apply(z));
        }
        double[] end = z.value().toArray();
        double error = Math.hypot(end[0] - Math.cos(steps * dt), end[1] + Math.sin(steps * dt));
        double recorded = json.readTree(runDir.resolve("metrics.json").toFile()).get("rollout_error").asDouble();
        return new Result(error, recorded);
    }
}
