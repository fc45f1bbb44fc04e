package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotRendererTest {
    @TempDir Path tmp;

    @Test void writesAPngOfTheStandardSizeWithInkOnAWhitePage() throws IOException {
        double[] x = {1, 10, 100, 1000}, y = {1, 0.1, 0.01, 0.001};
        Path png = PlotRenderer.writePng(Plot.of("decay", "Decay").axes("step", "loss").logX().logY()
                .line("loss", x, y).scatter("points", x, y).build(), tmp);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(PlotRenderer.WIDTH, img.getWidth());
        assertEquals(PlotRenderer.HEIGHT, img.getHeight());
        int ink = 0;
        for (int i = 0; i < img.getWidth(); i++)
            for (int j = 0; j < img.getHeight(); j++)
                if ((img.getRGB(i, j) & 0xffffff) != 0xffffff) ink++;
        assertTrue(ink > 10_000, "title, labels, grid, legend and curves are drawn on the white page: " + ink + " non-white pixels");
    }

    @Test void equalAxesGiveASquareishCanvasSoCirclesStayRound() throws IOException {
        double[] x = {-1, 0, 1, 0}, y = {0, 1, 0, -1};
        BufferedImage img = ImageIO.read(PlotRenderer.writePng(Plot.of("orbit", "Orbit").axes("q", "p").equalAxes().line("orbit", x, y).build(), tmp).toFile());
        assertEquals(PlotRenderer.SQUARE_WIDTH, img.getWidth());
        assertEquals(PlotRenderer.SQUARE_HEIGHT, img.getHeight());
    }

    @Test void anEmptySeriesIsLeftOutAndTheRestDrawn() throws IOException {
        // a decision-region plot where the model predicts one class everywhere: the other class has no points
        for (Plot p : new Plot[] {
                Plot.of("regions", "Regions").axes("x", "y").equalAxes().scatter("upper", new double[] {0, 1}, new double[] {1, 0})
                        .scatter("lower", new double[0], new double[0]).build(),
                Plot.of("none", "Nothing predicted").axes("x", "y").scatter("lower", new double[0], new double[0]).build()})
            assertNotNull(ImageIO.read(PlotRenderer.writePng(p, tmp).toFile()), p.file());
    }

    @Test void aLogAxisRejectsNonPositiveDataNamingPlotAndSeries() {
        var plot = Plot.of("bad", "Bad").logY().line("loss", new double[] {1, 2}, new double[] {1, 0}).build();
        var e = assertThrows(IllegalArgumentException.class, () -> PlotRenderer.writePng(plot, tmp));
        assertEquals("plot 'bad', series 'loss': log y axis needs positive y, got 0.0", e.getMessage());
    }

    @Test void seriesOfUnequalLengthAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Plot.Series("s", Plot.Style.LINE, new double[2], new double[3]));
        assertEquals("series 's': x has 2 points but y has 3", e.getMessage());
    }
}
