package org.odeon.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.nn.Module;
import org.odeon.nn.StructureCheck;
import org.odeon.report.Plot;
import org.odeon.tensor.NDArray;

/**
 * What an experiment hands back: named metrics in order (the first is the headline), plots, the
 * trained weights by parameter name (empty when nothing was trained), and what each trained model
 * promises, measured ({@link StructureCheck#report}: its Lipschitz certificate and structure defects),
 * by model name — written into {@code metrics.json} under {@link #STRUCTURE}.
 */
public record Outcome(Map<String, Double> metrics, List<Plot> plots, Map<String, NDArray> model, Map<String, Map<String, Double>> structure) {
    /** The key of {@code metrics.json} that holds {@link #structure}. */
    public static final String STRUCTURE = "structure";

    public Outcome {
        if (metrics.isEmpty()) throw new IllegalArgumentException("an outcome needs at least one (headline) metric");
        if (metrics.containsKey(STRUCTURE)) throw new IllegalArgumentException("metric name '" + STRUCTURE + "' is reserved for the models' structure reports");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        plots = List.copyOf(plots);
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
        structure = Collections.unmodifiableMap(new LinkedHashMap<>(structure));
    }

    public Outcome(Map<String, Double> metrics, List<Plot> plots, Map<String, NDArray> model) { this(metrics, plots, model, Map.of()); }

    /** The metrics, then the structure reports under {@link #STRUCTURE} when there are any: the content of {@code metrics.json}. */
    public Map<String, Object> metricsFile() {
        var out = new LinkedHashMap<String, Object>(metrics);
        if (!structure.isEmpty()) out.put(STRUCTURE, structure);
        return out;
    }

    public Map.Entry<String, Double> headline() { return metrics.entrySet().iterator().next(); }

    public static Builder builder() { return new Builder(); }

    public static final class Builder {
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private final List<Plot> plots = new ArrayList<>();
        private final Map<String, NDArray> model = new LinkedHashMap<>();
        private final Map<String, Map<String, Double>> structure = new LinkedHashMap<>();

        /** Adds a metric; the first one added is the headline. Names are snake_case and unique. */
        public Builder metric(String name, double value) {
            if (!name.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("metric name '" + name + "' should be snake_case");
            if (metrics.putIfAbsent(name, value) != null) throw new IllegalArgumentException("metric '" + name + "' given twice");
            return this;
        }

        public Builder plot(Plot plot) { plots.add(plot); return this; }

        public Builder model(Map<String, NDArray> weights) { model.putAll(weights); return this; }

        /** The trained {@code module}'s state as the saved model, and what it promises under {@code name} ({@link #structure}). */
        public Builder model(String name, Module module) { return model(module.stateDict()).structure(name, module); }

        /**
         * Measures what the trained {@code module} promises ({@link StructureCheck#report}, probes from
         * seed 0) and records it under {@code name}; a module that promises nothing adds nothing.
         */
        public Builder structure(String name, Module module) {
            if (!name.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("model name '" + name + "' should be snake_case");
            var r = StructureCheck.report(module, 0);
            if (!r.isEmpty() && structure.putIfAbsent(name, r) != null) throw new IllegalArgumentException("structure of '" + name + "' given twice");
            return this;
        }

        public Outcome build() { return new Outcome(metrics, plots, model, structure); }
    }
}
