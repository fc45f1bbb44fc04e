package org.odeon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    @Test void onlySelectsTheNamedWorkloadsInTheSuitesOrder() {
        assertEquals(List.of("mlp", "hamiltonian"), BenchReport.selected(List.of("hamiltonian", "mlp")));
        assertEquals(List.copyOf(EngineWorkloads.BY_NAME.keySet()), BenchReport.selected(List.of()));
    }

    @Test void anUnknownWorkloadIsAnErrorNamingTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> BenchReport.selected(List.of("mlp", "gemm")));
        assertTrue(e.getMessage().startsWith("no workload 'gemm'; known: mlp, hamiltonian"), e.getMessage());
    }
}
