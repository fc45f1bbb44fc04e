package org.odeon.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.odeon.io.AtomicFiles;

/** Renders a {@link Plot} to PNG with XChart, headless, at a size that reads well embedded in Markdown. */
public final class PlotRenderer {
    static {
        // Before any AWT class loads: no display is needed (or available on CI).
        System.setProperty("java.awt.headless", "true");
    }

    private PlotRenderer() {}

    public static final int WIDTH = 800, HEIGHT = 560;
    /** Equal-axes charts: the title, tick labels and the legend below take ~70 px across and ~110 px down, leaving a square. */
    static final int SQUARE_WIDTH = 600, SQUARE_HEIGHT = 640;

    /** Writes {@code dir/<plot.file>.png} atomically and returns its path. */
    public static Path writePng(Plot plot, Path dir) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart(plot), BitmapEncoder.BitmapFormat.PNG);
        Path file = dir.resolve(plot.file() + ".png");
        AtomicFiles.write(file, out -> out.write(png));
        return file;
    }

    static XYChart chart(Plot plot) {
        XYChart chart = new XYChartBuilder()
                .width(plot.equalAxes() ? SQUARE_WIDTH : WIDTH).height(plot.equalAxes() ? SQUARE_HEIGHT : HEIGHT)
                .title(plot.title()).xAxisTitle(plot.xLabel()).yAxisTitle(plot.yLabel()).build();
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);  // below the plot: never hides data
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setLegendVisible(true);
        st.setXAxisLogarithmic(plot.logX());
        st.setYAxisLogarithmic(plot.logY());
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setMarkerSize(6);
        if (plot.equalAxes()) equalise(plot, chart);
        for (Plot.Series s : plot.series()) {
            check(plot, s);
            // a class no point was assigned to, say, is an honest empty series: XChart cannot draw one
            if (s.x().length == 0) continue;
            XYSeries xs = chart.addSeries(s.name(), s.x(), s.y());
            switch (s.style()) {
                case LINE -> { xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line); xs.setMarker(SeriesMarkers.NONE); }
                case DASHED -> {
                    xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    xs.setMarker(SeriesMarkers.NONE);
                    xs.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
                }
                case SCATTER -> xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        return chart;
    }

    /** One range for both axes, centred on the data, so the plot area's aspect matches the data's. */
    private static void equalise(Plot plot, XYChart chart) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Plot.Series s : plot.series())
            for (int i = 0; i < s.x().length; i++) {
                lo = Math.min(lo, Math.min(s.x()[i], s.y()[i]));
                hi = Math.max(hi, Math.max(s.x()[i], s.y()[i]));
            }
        if (!(hi > lo)) return;
        double pad = 0.05 * (hi - lo);
        var st = chart.getStyler();
        st.setXAxisMin(lo - pad); st.setXAxisMax(hi + pad);
        st.setYAxisMin(lo - pad); st.setYAxisMax(hi + pad);
    }

    private static void check(Plot plot, Plot.Series s) {
        for (int i = 0; i < s.x().length; i++) {
            if (plot.logX() && !(s.x()[i] > 0))
                throw new IllegalArgumentException("plot '" + plot.file() + "', series '" + s.name() + "': log x axis needs positive x, got " + s.x()[i]);
            if (plot.logY() && !(s.y()[i] > 0))
                throw new IllegalArgumentException("plot '" + plot.file() + "', series '" + s.name() + "': log y axis needs positive y, got " + s.y()[i]);
        }
    }
}
