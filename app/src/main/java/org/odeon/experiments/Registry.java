package org.odeon.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments the command line knows, in the order {@code odeon list} shows them. A flagship is the one
 * experiment of its family that {@code odeon demo} runs.
 */
public final class Registry {
    private final Map<String, Experiment<?>> byName = new LinkedHashMap<>();
    private final Map<String, Experiment<?>> flagshipByFamily = new LinkedHashMap<>();

    public Registry add(Experiment<?> e) {
        String name = e.info().name();
        if (byName.putIfAbsent(name, e) != null) throw new IllegalStateException("experiment '" + name + "' registered twice");
        return this;
    }

    /** Registers {@code e} as the one experiment {@code odeon demo} runs for its family. */
    public Registry flagship(Experiment<?> e) {
        add(e);
        Experiment<?> prior = flagshipByFamily.putIfAbsent(e.info().family(), e);
        if (prior != null)
            throw new IllegalStateException("family '" + e.info().family() + "' already has flagship " + prior.info().name());
        return this;
    }

    public List<Experiment<?>> all() { return List.copyOf(byName.values()); }

    public List<Experiment<?>> flagships() { return List.copyOf(flagshipByFamily.values()); }

    public Experiment<?> get(String name) {
        Experiment<?> e = byName.get(name);
        if (e != null) return e;
        var names = new ArrayList<>(byName.keySet());
        String near = names.stream().filter(n -> n.contains(name) || name.contains(n)).findFirst().orElse(null);
        throw new ExperimentException("unknown experiment '" + name + "'"
                + (near != null ? "; did you mean '" + near + "'?" : "")
                + (names.isEmpty() ? "; none are registered" : "; known: " + String.join(", ", names)));
    }
}
