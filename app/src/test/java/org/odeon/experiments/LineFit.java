package org.odeon.experiments;

import java.util.LinkedHashMap;
import java.util.Map;
import org.odeon.optim.Training;
import org.odeon.report.Plot;
import org.odeon.tensor.NDArray;

/**
 * Test-only experiment: least-squares fit of {@code y = x·w* + noise} by minibatch SGD with heavy-ball
 * momentum {@code v ← μv + ∇L, w ← w − η v}. Small enough to run in milliseconds, yet it has every part a
 * real experiment has: seeded data, parameters and optimizer state to checkpoint, a loss curve, metrics.
 */
public final class LineFit implements Experiment<LineFit.Config> {
    public enum Init { ZERO, RANDOM }

    public record Config(int samples, int steps, int batch, double lr, double momentum, double noise, boolean shuffle, Init init, String note) {
        public Config {
            if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
    }

    static final double[] TRUE_W = {1.0, -2.0, 0.5};

    @Override public Info info() {
        return new Info("line-fit", "Fit a line by SGD with momentum (test fixture)", "none (test)", "test");
    }

    @Override public Config config(Scale scale) {
        return scale == Scale.QUICK ? new Config(64, 120, 8, 0.05, 0.9, 0.01, true, Init.RANDOM, "quick")
                                    : new Config(4096, 5000, 64, 0.02, 0.9, 0.01, true, Init.RANDOM, "paper");
    }

    @Override public Outcome run(Config c, Run run) throws Exception {
        int d = TRUE_W.length;
        var data = run.random("data");
        double[] x = new double[c.samples() * d], y = new double[c.samples()];
        for (int i = 0; i < c.samples(); i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = data.uniform(-1, 1);
                y[i] += x[i * d + j] * TRUE_W[j];
            }
            y[i] += c.noise() * data.normal();
        }
        double[] w = new double[d], v = new double[d];
        if (c.init() == Init.RANDOM) {
            var init = run.random("init");
            for (int j = 0; j < d; j++) w[j] = init.normal();
        }
        TrainState state = new TrainState() {
            @Override public Map<String, NDArray> save() {
                return Map.of("w", NDArray.of(new int[] {d}, w.clone()), "v", NDArray.of(new int[] {d}, v.clone()));
            }
            @Override public void restore(Map<String, NDArray> a) {
                System.arraycopy(a.get("w").data(), 0, w, 0, d);
                System.arraycopy(a.get("v").data(), 0, v, 0, d);
            }
        };
        Training fit = run.train("fit", c.steps(), state, (t, rnd) -> {
            double[] g = new double[d];
            double loss = 0;
            for (int b = 0; b < c.batch(); b++) {
                int i = c.shuffle() ? rnd.nextInt(c.samples()) : (t * c.batch() + b) % c.samples();
                double r = -y[i];
                for (int j = 0; j < d; j++) r += x[i * d + j] * w[j];
                loss += r * r / c.batch();
                for (int j = 0; j < d; j++) g[j] += 2 * r * x[i * d + j] / c.batch();
            }
            for (int j = 0; j < d; j++) {
                v[j] = c.momentum() * v[j] + g[j];
                w[j] -= c.lr() * v[j];
            }
            return loss;
        });
        double err = 0;
        for (int j = 0; j < d; j++) err += (w[j] - TRUE_W[j]) * (w[j] - TRUE_W[j]);
        double[] idx = new double[d], truth = TRUE_W.clone();
        for (int j = 0; j < d; j++) idx[j] = j;
        var weights = new LinkedHashMap<String, NDArray>();
        weights.put("w", NDArray.of(new int[] {d}, w.clone()));
        return Outcome.builder()
                .metric("weight_error", Math.sqrt(err))
                .metric("final_loss", fit.finalLoss())
                .plot(Plot.loss(fit))
                .plot(Plot.of("weights", "Fitted and true weights").axes("index", "weight")
                        .scatter("fitted", idx, w.clone()).dashed("true", idx, truth).build())
                .model(weights)
                .build();
    }
}
