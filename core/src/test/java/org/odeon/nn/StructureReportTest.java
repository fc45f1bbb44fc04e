package org.odeon.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.tensor.Rng;

/** {@link StructureCheck#report}: the certificate when every part has one, nothing for a module that promises nothing. */
class StructureReportTest {
    @Test void aCertifiedModelReportsItsBoundAndAnUncertifiedOneNothing() {
        Rng rng = new Rng(1);
        Linear l = new Linear(3, 3, rng);
        assertEquals(Map.of("lipschitz_bound", l.lipschitzBound(StructureCheck.REPORT_TOL)), StructureCheck.report(new Sequential(l, Activation.tanh()), 0));
        assertTrue(StructureCheck.report(new Sequential(l, new LayerNorm(3)), 0).isEmpty());
        assertTrue(StructureCheck.report(new LayerNorm(3), 0).isEmpty());
    }
}
