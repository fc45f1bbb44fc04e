package org.odeon.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.report.Plot;
import org.odeon.tensor.NDArray;

/**
 * What an experiment hands back: named metrics in order (the first is the headline), plots, and the
 * trained weights by parameter name (empty when nothing was trained).
 */
public record Outcome(Map<String, Double> metrics, List<Plot> plots, Map<String, NDArray> model) {
    public Outcome {
        if (metrics.isEmpty()) throw new IllegalArgumentException("an outcome needs at least one (headline) metric");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        plots = List.copyOf(plots);
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
    }

    public Map.Entry<String, Double> headline() { return metrics.entrySet().iterator().next(); }

    public static Builder builder() { return new Builder(); }

    public static final class Builder {
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private final List<Plot> plots = new ArrayList<>();
        private final Map<String, NDArray> model = new LinkedHashMap<>();

        /** Adds a metric; the first one added is the headline. Names are snake_case and unique. */
        public Builder metric(String name, double value) {
            if (!name.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("metric name '" + name + "' should be snake_case");
            if (metrics.putIfAbsent(name, value) != null) throw new IllegalArgumentException("metric '" + name + "' given twice");
            return this;
        }

        public Builder plot(Plot plot) { plots.add(plot); return this; }

        public Builder model(Map<String, NDArray> weights) { model.putAll(weights); return this; }

        public Outcome build() { return new Outcome(metrics, plots, model); }
    }
}
