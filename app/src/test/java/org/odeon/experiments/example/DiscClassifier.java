package org.odeon.experiments.example;

import java.util.List;
import java.util.stream.IntStream;
import org.odeon.autograd.Tensor;
import org.odeon.data.Batch;
import org.odeon.data.Dataset;
import org.odeon.experiments.Configs;
import org.odeon.experiments.Experiment;
import org.odeon.experiments.Outcome;
import org.odeon.experiments.Require;
import org.odeon.experiments.Run;
import org.odeon.experiments.Scale;
import org.odeon.nn.Losses;
import org.odeon.nn.Mlp;
import org.odeon.optim.Adam;
import org.odeon.optim.Schedule;
import org.odeon.optim.Training;
import org.odeon.report.Plot;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/** An MLP learns which points of the square [−1.5, 1.5]² lie in the unit disc; measured: held-out accuracy. */
public final class DiscClassifier implements Experiment<DiscClassifier.Config> {
    /** Every component is a {@code --set} key; {@code hidden=32,32} sets a list. */
    public record Config(int points, List<Integer> hidden, int steps, int batch, double lr) {
        public Config {
            Require.atLeast(10, "points", points);
            Require.nonEmpty("hidden", hidden, 1);
            Require.atLeast(1, "steps", steps, "batch", batch);
            Require.positive("lr", lr);
        }
    }

    @Override public Info info() {
        return new Info("disc-classifier", "MLP telling points in the unit disc from the rest of the square; test accuracy", "none (the README's example)", "examples");
    }

    @Override public Config config(Scale scale) {
        Config quick = new Config(1000, List.of(16, 16), 300, 64, 1e-2);
        return scale == Scale.QUICK ? quick : Configs.with(quick, "points", 20_000, "hidden", List.of(64, 64), "steps", 5000);
    }

    @Override public Outcome run(Config c, Run run) throws Exception {
        NDArray x = run.random("data").uniform(DType.F64, -1.5, 1.5, c.points(), 2);
        int[] inside = IntStream.range(0, c.points()).map(i -> Math.hypot(x.get(i, 0), x.get(i, 1)) < 1 ? 1 : 0).toArray();
        Dataset.Split data = Dataset.ofClasses(x, inside).split(0.25, run.random("split").nextLong());
        Mlp net = Mlp.tanh(run.random("init"), Mlp.widths(2, c.hidden(), 2));
        var adam = new Adam(net.namedParameters(), c.lr()).schedule(Schedule.cosine(c.lr(), 0, c.steps()));
        Training fit = run.fit("fit", c.steps(), net, adam, rnd -> {
            Batch b = data.train().sample(rnd, c.batch());
            return Losses.crossEntropy(net.forward(Tensor.constant(b.features())), b.labels());
        });
        return Outcome.builder().metric("test_accuracy", Training.accuracy(net, data.test(), 1024)).metric("final_loss", fit.finalLoss())
                .plot(Plot.loss(fit)).model(net.stateDict()).build();
    }
}
