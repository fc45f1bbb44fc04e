package org.odeon.experiments.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.bench.transformer.VitEpoch;
import org.odeon.experiments.Scale;
import org.odeon.models.transformer.TokenNet;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/** The {@code vit-epoch} benchmark times the model and training settings that {@code robust-vit --scale paper} uses for its standard transformer. */
class VitEpochTest {
    final RobustVit.Config paper = new RobustVit().config(Scale.PAPER);

    @Test void theBenchmarkUsesThePaperScalesTrainingSettings() {
        assertEquals(TokenNet.Readout.FLATTEN, paper.readout());
        assertEquals(RobustVit.Loss.CROSS_ENTROPY, paper.loss());
        assertEquals(VitEpoch.TEMPERATURE, paper.temperature());
        assertEquals(VitEpoch.BATCH, paper.batch());
        assertEquals(VitEpoch.LR, paper.lr());
        assertEquals(VitEpoch.SCHEDULE_STEPS, paper.steps());
        assertEquals(VitEpoch.IMAGES, paper.trainSize());
        assertEquals(VitEpoch.PATCH, RobustVit.PATCH);
        assertEquals(VitEpoch.MEAN, RobustVit.MEAN);
        assertEquals(VitEpoch.STD, RobustVit.STD);
    }

    @Test void theBenchmarkBuildsTheExperimentsStandardModelParameterForParameter() {
        Map<String, NDArray> experiment = RobustVit.model(paper, TokenNet.Kind.STANDARD, new Rng(3)).stateDict();
        Map<String, NDArray> bench = VitEpoch.model(new Rng(3)).stateDict();
        assertEquals(experiment.keySet(), bench.keySet());
        experiment.forEach((name, v) -> {
            assertArrayEquals(v.shape(), bench.get(name).shape(), name);
            assertEquals(v.dtype(), bench.get(name).dtype(), name);
            assertArrayEquals(v.toArray(), bench.get(name).toArray(), name);
        });
    }
}
