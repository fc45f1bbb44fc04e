package org.odeon.experiments;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Linear;
import org.odeon.nn.Losses;
import org.odeon.optim.Adam;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

class TrainStateTest {
    private final Linear model = new Linear(3, 2, new Rng(1));
    private final Adam adam = new Adam(model.namedParameters(), 0.01);
    private final TrainState state = TrainState.of(model, adam);

    private void step() {
        adam.zeroGrad();
        Losses.mse(model.apply(Tensor.of(new int[] {1, 3}, 1, 2, 3)), Tensor.of(new int[] {1, 2}, 0, 1)).backward();
        adam.step();
    }

    @Test void restoringASavedStateRepeatsTheNextStepExactly() {
        step();
        var saved = state.save();
        step();
        var after = model.weight().value().toArray();
        step();
        state.restore(saved);
        step();
        assertArrayEquals(after, model.weight().value().toArray(), 0.0);
    }

    @Test void savedNamesSeparateModelFromOptimizer() {
        var keys = state.save().keySet();
        assertTrue(keys.contains("model.weight"), keys.toString());
        assertTrue(keys.contains("optim.step"), keys.toString());
        assertTrue(keys.stream().allMatch(k -> k.startsWith("model.") || k.startsWith("optim.")), keys.toString());
    }

    @Test void anExtraPartTravelsUnderItsPrefix() {
        double[] best = {0.25};
        TrainState withBest = state.and("best.", () -> java.util.Map.of("accuracy", NDArray.scalar(best[0])), a -> best[0] = a.get("accuracy").item());
        var saved = withBest.save();
        assertEquals(0.25, saved.get("best.accuracy").item());
        best[0] = 0.5;
        step();
        var after = model.weight().value().toArray();
        withBest.restore(saved);
        assertEquals(0.25, best[0], "the extra part is restored");
        step();
        assertArrayEquals(after, model.weight().value().toArray(), 0.0, "and the model and optimizer as before");
    }

    @Test void anEntryOfNeitherKindIsAnError() {
        var bad = new LinkedHashMap<>(state.save());
        bad.put("rng", NDArray.scalar(1));
        var e = assertThrows(IllegalArgumentException.class, () -> state.restore(bad));
        assertEquals("unexpected entry 'rng' (neither model. nor optim.)", e.getMessage());
    }
}
