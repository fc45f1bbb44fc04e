package org.odeon.experiments;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class RegistryTest {
    @Test void everyShippedExperimentHasBothScalesWithTheSameKeysAndAFlagshipPerFamily() {
        var registry = org.odeon.cli.Catalog.standard();
        assertFalse(registry.all().isEmpty());
        var families = new HashSet<String>();
        for (Experiment<?> e : registry.all()) {
            var quick = Configs.toMap(e.config(Scale.QUICK)).keySet();
            assertEquals(quick, Configs.toMap(e.config(Scale.PAPER)).keySet(), e.info().name());
            assertFalse(e.info().summary().isBlank(), e.info().name());
            assertFalse(e.info().paper().isBlank(), e.info().name());
            assertFalse(e.limits(Scale.QUICK).isBlank(), e.info().name() + " says what its quick scale cannot show");
            families.add(e.info().family());
        }
        assertEquals(families.size(), registry.flagships().size(), "demo runs one experiment of every family");
    }

    @Test void experimentNamesAreCommandLineWords() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Experiment.Info("Oscillator Flow", "s", "p", "f"));
        assertEquals("experiment name 'Oscillator Flow' should be lower-case words joined by '-'", e.getMessage());
    }
}
