package org.odeon.experiments;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigsTest {
    private final LineFit.Config base = new LineFit().config(Scale.QUICK);

    @Test void overridesEachTypeFromText() {
        var c = Configs.override(base, Map.of("steps", "7", "lr", "3e-3", "shuffle", "FALSE", "init", "zero", "note", "hello world"));
        assertEquals(7, c.steps());
        assertEquals(3e-3, c.lr());
        assertFalse(c.shuffle());
        assertEquals(LineFit.Init.ZERO, c.init());
        assertEquals("hello world", c.note());
        assertEquals(base.batch(), c.batch(), "keys not overridden keep their values");
    }

    @Test void unknownKeyIsAnErrorListingTheValidKeysWithTypes() {
        var e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("stpes", "7")));
        assertTrue(e.getMessage().contains("unknown config key 'stpes'"), e.getMessage());
        assertTrue(e.getMessage().contains("steps (integer)"), e.getMessage());
        assertTrue(e.getMessage().contains("lr (number)"), e.getMessage());
        assertTrue(e.getMessage().contains("init (one of zero|random)"), e.getMessage());
    }

    @Test void wrongTypeIsAnErrorNamingKeyExpectedTypeAndValue() {
        var e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("steps", "1.5")));
        assertEquals("config key 'steps' expects an integer, got '1.5'", e.getMessage());
        e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("lr", "fast")));
        assertEquals("config key 'lr' expects a number, got 'fast'", e.getMessage());
        e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("shuffle", "yes")));
        assertEquals("config key 'shuffle' expects true/false, got 'yes'", e.getMessage());
        e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("init", "ones")));
        assertEquals("config key 'init' expects one of zero|random, got 'ones'", e.getMessage());
        e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("lr", "NaN")));
        assertTrue(e.getMessage().contains("'lr' expects a number"), e.getMessage());
    }

    @Test void theRecordsOwnValidationBecomesAUserError() {
        var e = assertThrows(ExperimentException.class, () -> Configs.override(base, Map.of("steps", "0")));
        assertEquals("steps must be at least 1, got 0", e.getMessage());
    }

    @Test void toMapKeepsDeclarationOrderAndWritesEnumsInLowerCase() {
        Map<String, Object> m = Configs.toMap(base);
        assertEquals(List.of("samples", "steps", "batch", "lr", "momentum", "noise", "shuffle", "init", "note"), List.copyOf(m.keySet()));
        assertEquals("random", m.get("init"));
    }

    @Test void fromJsonRoundTripsToMapIncludingIntegersGivenForNumbers() {
        var json = new LinkedHashMap<>(Configs.toMap(base));
        assertEquals(base, Configs.fromJson(LineFit.Config.class, json, "config.json"));
        json.put("lr", 1);  // JSON has no separate integer type for a double setting
        assertEquals(1.0, Configs.fromJson(LineFit.Config.class, json, "config.json").lr());
    }

    @Test void fromJsonNamesTheFileAndKeyOfAMissingOrMistypedSetting() {
        var json = new LinkedHashMap<>(Configs.toMap(base));
        json.remove("batch");
        var e = assertThrows(ExperimentException.class, () -> Configs.fromJson(LineFit.Config.class, json, "runs/x/config.json"));
        assertTrue(e.getMessage().startsWith("runs/x/config.json: config lacks batch"), e.getMessage());
        json.put("batch", "eight");
        e = assertThrows(ExperimentException.class, () -> Configs.fromJson(LineFit.Config.class, json, "runs/x/config.json"));
        assertEquals("runs/x/config.json: config key 'batch' should be integer, got eight", e.getMessage());
    }

    enum Shape { CIRCLE, HALF_MOON }

    record Lists(List<Integer> depths, List<Shape> shapes, List<Double> eps) {
        Lists { Require.nonEmpty("depths", depths, 1); }
    }

    private final Lists lists = new Lists(List.of(2, 4), List.of(Shape.CIRCLE), List.of(0.5));

    @Test void listsOfIntegersNumbersAndChoicesParseCommaSeparatedAndNameTheirChoices() {
        var c = Configs.override(lists, Map.of("depths", "8, 16,32", "shapes", "half-moon,circle", "eps", "0.1,1e-2"));
        assertEquals(List.of(8, 16, 32), c.depths());
        assertEquals(List.of(Shape.HALF_MOON, Shape.CIRCLE), c.shapes());
        assertEquals(List.of(0.1, 0.01), c.eps());
        assertEquals(Shape.HALF_MOON, Configs.override(lists, Map.of("shapes", "HALF_MOON")).shapes().get(0));
        var e = assertThrows(ExperimentException.class, () -> Configs.override(lists, Map.of("shapes", "circle,square")));
        assertEquals("config key 'shapes' expects comma-separated list of circle|half-moon, got 'circle,square'", e.getMessage());
        e = assertThrows(ExperimentException.class, () -> Configs.override(lists, Map.of("depths", "2,,4")));
        assertEquals("config key 'depths' expects comma-separated list of integers, got '2,,4'", e.getMessage());
        e = assertThrows(ExperimentException.class, () -> Configs.override(lists, Map.of("depths", "2,0")));
        assertTrue(e.getMessage().startsWith("depths entries must be at least 1"), e.getMessage());
        assertEquals(Map.of("depths", "comma-separated list of integers", "shapes", "comma-separated list of circle|half-moon",
                "eps", "comma-separated list of numbers"), Configs.types(Lists.class));
    }

    @Test void listsRoundTripThroughTheJsonOfAResumedRunAndPrintAsSetTakesThem() {
        var json = new LinkedHashMap<>(Configs.toMap(lists));
        assertEquals(List.of("circle"), json.get("shapes"));
        assertEquals(lists, Configs.fromJson(Lists.class, json, "config.json"));
        assertEquals("2,4", Configs.format(lists.depths()));
        assertEquals("half-moon", Configs.format(Shape.HALF_MOON));
    }

    @Test void withCopiesChangingOnlyTheNamedKeysCheckingNamesTypesAndTheRecordsRules() {
        var paper = Configs.with(base, "steps", 5000, "lr", 2, "init", LineFit.Init.ZERO);
        assertEquals(5000, paper.steps());
        assertEquals(2.0, paper.lr(), "an integer is taken for a number");
        assertEquals(LineFit.Init.ZERO, paper.init());
        assertEquals(base.batch(), paper.batch());
        assertThrows(ExperimentException.class, () -> Configs.with(base, "stpes", 5));
        assertThrows(IllegalArgumentException.class, () -> Configs.with(base, "steps", "many"));
        assertThrows(ExperimentException.class, () -> Configs.with(base, "steps", 0));
        assertEquals(List.of(1), Configs.with(lists, "depths", List.of(1)).depths());
        assertThrows(IllegalArgumentException.class, () -> Configs.with(lists, "depths", List.of("a")));
    }
}
