package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlotsTest {
    @Test void theEnvelopeIsTheMaximumOfEachWindowAtItsLastStep() {
        double[] y = new double[25];
        y[3] = 2;
        y[14] = 5;
        double[][] e = Plots.envelope(y);
        assertArrayEquals(new double[] {10, 20, 25}, e[0]);
        assertArrayEquals(new double[] {2, 5, 1e-16}, e[1], "zero floored for a log axis");
        assertEquals(1000, Plots.envelope(new double[100_000])[0].length, "at most about 1,000 windows");
    }

    @Test void aPortraitClipsDivergedStatesAndStopsAtTheRequestedStep() {
        double[][] t = {{1, 2, 3}, {Double.NaN, -50, 0}, {0, 0, 0}};
        double[][] p = Plots.portrait(t, 0, 1, 1);
        assertArrayEquals(new double[] {1, 10}, p[0]);
        assertArrayEquals(new double[] {2, -10}, p[1]);
        assertEquals(3, Plots.portrait(t, 0, 2, 99)[0].length);
    }

    @Test void anEmptyPointSetAddsNoSeries() {
        var b = Plot.of("s", "section").line("x", new double[] {0}, new double[] {0});
        Plots.points(b, "none", List.of());
        Plots.points(b, "two", List.of(new double[] {1, 2}, new double[] {3, 4}));
        assertEquals(List.of("x", "two"), b.build().series().stream().map(Plot.Series::name).toList());
    }
}
