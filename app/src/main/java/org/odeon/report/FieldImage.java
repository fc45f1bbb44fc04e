package org.odeon.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.odeon.io.AtomicFiles;

/**
 * Side-by-side false-colour images of 2-D fields (e.g. input, truth, prediction, error), each with
 * its own colour range shown under it, written as one PNG. A run's report embeds PNGs it finds in
 * the run folder, so an experiment writes these there.
 */
public final class FieldImage {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private FieldImage() {}

    /** One titled field of {@code rows × cols} values, row-major; row 0 is drawn at the top. */
    public record Panel(String title, int rows, int cols, double[] values) {
        public Panel {
            if (rows < 1 || cols < 1 || values.length != rows * cols)
                throw new IllegalArgumentException("panel '" + title + "': " + values.length + " values for " + rows + "×" + cols);
        }
    }

    private static final int SIDE = 256, MARGIN = 12, TITLE = 22, LEGEND = 22;

    /** Renders the panels in a row, each scaled to {@code 256×256} pixels, to {@code dir/<file>.png}. */
    public static Path write(Path dir, String file, List<Panel> panels) throws IOException { return render(dir, file, panels, null); }

    /**
     * Renders grayscale images (e.g. photographs and their restorations) in a row on one fixed scale:
     * {@code lo} black, {@code hi} white, values outside clipped, so panels compare pixel for pixel.
     */
    public static Path writeGray(Path dir, String file, List<Panel> panels, double lo, double hi) throws IOException {
        if (!(hi > lo)) throw new IllegalArgumentException("gray image '" + file + "': need lo < hi, got " + lo + ", " + hi);
        return render(dir, file, panels, new double[] {lo, hi});
    }

    /** {@code range} null: each panel on its own blue–white–red range; otherwise gray on {@code [range[0], range[1]]}. */
    private static Path render(Path dir, String file, List<Panel> panels, double[] range) throws IOException {
        if (panels.isEmpty()) throw new IllegalArgumentException("field image '" + file + "' has no panels");
        int w = MARGIN + panels.size() * (SIDE + MARGIN), h = TITLE + SIDE + LEGEND + MARGIN;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            int x0 = MARGIN + p * (SIDE + MARGIN);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double v : panel.values()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            double glo = range == null ? 0 : range[0], ghi = range == null ? 0 : range[1];
            for (int py = 0; py < SIDE; py++)
                for (int px = 0; px < SIDE; px++) {
                    int r = py * panel.rows() / SIDE, c = px * panel.cols() / SIDE;
                    double v = panel.values()[r * panel.cols() + c];
                    img.setRGB(x0 + px, TITLE + py, range == null ? colour(v, lo, hi) : gray(v, glo, ghi));
                }
            g.setColor(Color.BLACK);
            g.drawString(panel.title(), x0, TITLE - 6);
            g.drawString(String.format(java.util.Locale.ROOT, "%.3g … %.3g", lo, hi), x0, TITLE + SIDE + 16);
        }
        g.dispose();
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        Path out = dir.resolve(file + ".png");
        AtomicFiles.write(out, o -> o.write(bytes.toByteArray()));
        return out;
    }

    /** Black at {@code lo} to white at {@code hi}, clipped; NaN is black. */
    static int gray(double v, double lo, double hi) {
        double t = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
        int g = (int) Math.round(255 * t);
        return (g << 16) | (g << 8) | g;
    }

    /** A blue–white–red ramp: {@code lo} blue, the middle white, {@code hi} red; a constant field is white. */
    static int colour(double v, double lo, double hi) {
        double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        t = Math.max(0, Math.min(1, t));
        int r, gr, b;
        if (t < 0.5) { double s = t / 0.5; r = (int) (40 + 215 * s); gr = (int) (70 + 185 * s); b = 255; }
        else { double s = (t - 0.5) / 0.5; r = 255; gr = (int) (255 - 185 * s); b = (int) (255 - 215 * s); }
        return (r << 16) | (gr << 8) | b;
    }
}
