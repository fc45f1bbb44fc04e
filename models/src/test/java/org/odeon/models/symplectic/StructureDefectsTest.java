package org.odeon.models.symplectic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odeon.models.lipschitz.OrthogonalLinear;
import org.odeon.nn.StructureCheck;
import org.odeon.tensor.Rng;

/**
 * Symplectic maps report a symplecticity defect at round-off through {@link StructureCheck}; an
 * unstructured flow map reports the defect it has; orthogonal maps report {@code ‖QᵀQ − I‖}.
 */
class StructureDefectsTest {
    static double defect(StructureCheck m, String name, long seed) {
        Map<String, Double> d = m.structureDefects(seed);
        assertTrue(d.containsKey(name), m + " reports " + d.keySet());
        return d.get(name);
    }

    @Test void symplecticMapsReportADefectAtRoundOff() {
        Rng rng = new Rng(4);
        for (StructureCheck m : new StructureCheck[] {new SympFlow(2, 3, 8, 2, rng), SympNet.la(2, 3, 2, rng), SympNet.g(1, 4, 6, rng)})
            assertTrue(defect(m, "symplecticity_defect", 1) < 1e-12, m + ": " + m.structureDefects(1));
    }

    @Test void anUnstructuredFlowMapReportsTheDefectItHas() {
        MlpFlow mlp = new MlpFlow(1, 16, 2, new Rng(5));
        double d = defect(mlp, "symplecticity_defect", 1);
        assertTrue(d > 1e-3, "an MLP flow at random weights is not symplectic, measured " + d);
        assertEquals(d, defect(mlp, "symplecticity_defect", 1), 0, "the same seed probes the same points");
    }

    @Test void orthogonalMapsReportTheirOrthogonalityDefectAtRoundOff() {
        for (OrthogonalLinear.Map map : OrthogonalLinear.Map.values()) {
            var q = new OrthogonalLinear(5, 3, map, true, new Rng(6));
            assertTrue(defect(q, "orthogonality_defect", 0) < 1e-12, map + ": " + q.structureDefects(0));
        }
    }

    @Test void aReportHoldsTheCertificateAndTheDefects() {
        var q = new OrthogonalLinear(4, 4, OrthogonalLinear.Map.CAYLEY, false, new Rng(7));
        Map<String, Double> r = StructureCheck.report(q, 0);
        assertEquals(java.util.List.of("lipschitz_bound", "orthogonality_defect"), java.util.List.copyOf(r.keySet()));
        assertEquals(1, r.get("lipschitz_bound"), 1e-3);   // the Gram bound overestimates by at most rank^(1/2¹²)
        assertEquals(Map.of("symplecticity_defect", defect(new SympFlow(1, 1, 4, 1, new Rng(8)), "symplecticity_defect", 3)),
                StructureCheck.report(new SympFlow(1, 1, 4, 1, new Rng(8)), 3));
    }
}
