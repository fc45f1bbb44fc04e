package org.odeon.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A 2-D chart as data: what a run records in {@code plots.json} and renders to {@code <file>.png}, so a
 * report can be re-plotted later from the numbers alone.
 *
 * @param file   base file name without extension, e.g. {@code "phase-portrait"}
 * @param logX   log-scaled x axis (all x must then be positive)
 * @param logY   log-scaled y axis (all y must then be positive)
 */
public record Plot(String file, String title, String xLabel, String yLabel, boolean logX, boolean logY,
                   boolean equalAxes, List<Series> series) {

    /** How a series is drawn. */
    public enum Style { LINE, SCATTER, DASHED }

    /** One named curve or point cloud; {@code x} and {@code y} have the same length. */
    public record Series(String name, Style style, double[] x, double[] y) {
        public Series {
            Objects.requireNonNull(name, "series name");
            if (x.length != y.length)
                throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " points but y has " + y.length);
        }
    }

    public Plot {
        if (!file.matches("[A-Za-z0-9][A-Za-z0-9._-]*"))
            throw new IllegalArgumentException("plot file name '" + file + "' should be letters, digits, '.', '_' or '-'");
        if (series.isEmpty()) throw new IllegalArgumentException("plot '" + file + "' has no series");
        series = List.copyOf(series);
    }

    public static Builder of(String file, String title) { return new Builder(file, title); }

    /**
     * A loop's loss against step, both axes logarithmic (early progress and the slow tail both stay visible),
     * each point the mean over a window of ~1% of the steps to tame minibatch noise.
     */
    public static Plot loss(org.odeon.optim.Training fit) {
        double[][] xy = fit.smoothed();
        return of("loss-" + fit.name(), "Training loss (" + fit.name() + ")").axes("step", "loss").logX().logY().line(fit.name() + " loss", xy[0], xy[1]).build();
    }

    /** Fluent construction: {@code Plot.of("loss", "Training loss").axes("step", "loss").logY().line("train", x, y).build()}. */
    public static final class Builder {
        private final String file, title;
        private String xLabel = "x", yLabel = "y";
        private boolean logX, logY, equalAxes;
        private final List<Series> series = new ArrayList<>();

        private Builder(String file, String title) { this.file = file; this.title = title; }

        public Builder axes(String xLabel, String yLabel) { this.xLabel = xLabel; this.yLabel = yLabel; return this; }
        public Builder logX() { logX = true; return this; }
        public Builder logY() { logY = true; return this; }
        /** Same scale on both axes, e.g. for phase portraits where circles should look like circles. */
        public Builder equalAxes() { equalAxes = true; return this; }
        public Builder line(String name, double[] x, double[] y) { return add(name, Style.LINE, x, y); }
        public Builder dashed(String name, double[] x, double[] y) { return add(name, Style.DASHED, x, y); }
        public Builder scatter(String name, double[] x, double[] y) { return add(name, Style.SCATTER, x, y); }
        public Builder add(String name, Style style, double[] x, double[] y) { series.add(new Series(name, style, x, y)); return this; }
        public Plot build() { return new Plot(file, title, xLabel, yLabel, logX, logY, equalAxes, series); }
    }
}
