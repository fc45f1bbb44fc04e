package org.odeon.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.autograd.Tensor;
import org.odeon.nn.Parameter;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;
import org.odeon.tensor.Rng;

/**
 * A float32 parameter is updated in double on its widened values and rounded back once per step (the
 * optimizer reuses its widening buffers from step to step): step for step, it equals a float64 parameter
 * holding the same values, given the same float32 gradients and rounded to float32 after each step.
 */
class Float32UpdateTest {

    @Test void aFloat32StepIsTheFloat64StepRoundedOnce() {
        Rng rng = new Rng(9);
        NDArray start = rng.normal(DType.F32, 0, 1, 3, 50);
        Parameter p32 = new Parameter(start), p64 = new Parameter(start.astype(DType.F64)), b32 = new Parameter(rng.normal(DType.F32, 0, 1, 7));
        Optimizer single = new Adam(Map.of("w", p32, "b", b32), 1e-2), wide = new Adam(Map.of("w", p64), 1e-2);
        for (int step = 0; step < 6; step++) {
            NDArray c = new Rng(20 + step).normal(DType.F32, 0, 1, 3, 50);   // L = Σ c·w (+ Σ b²): the gradient is c
            single.zeroGrad();
            wide.zeroGrad();
            p32.tensor().mul(Tensor.constant(c)).sum().add(b32.tensor().square().sum()).backward();
            p64.tensor().mul(Tensor.constant(c.astype(DType.F64))).sum().backward();
            single.step();
            wide.step();
            p64.assign(p64.value().astype(DType.F32).astype(DType.F64));
            assertEquals(DType.F32, p32.dtype());
            assertArrayEquals(p64.value().data(), p32.value().data(), 0.0, "step " + step);
        }
    }
}
