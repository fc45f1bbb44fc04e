package org.odeon.autograd;

import static org.junit.jupiter.api.Assertions.*;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.*;

class SmokeTest {
    @Test void tanhMlpGradients() {
        Rng r = new Rng(1);
        NDArray x = r.normal(DType.F64, 0, 1, 3, 4), w = r.normal(DType.F64, 0, 1, 4, 5), b = r.normal(DType.F64, 0, 1, 5);
        double e1 = GradCheck.firstOrder(t -> t.get(0).matmul(t.get(1)).add(t.get(2)).tanh(), List.of(x, w, b), 1);
        double e2 = GradCheck.secondOrder(t -> t.get(0).matmul(t.get(1)).add(t.get(2)).tanh(), List.of(x, w, b), 2);
        System.out.println(e1 + " " + e2);
        assertTrue(e1 < 1e-6 && e2 < 1e-5);
    }
}
