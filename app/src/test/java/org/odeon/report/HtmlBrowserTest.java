package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odeon.cli.Catalog;
import org.odeon.experiments.Sweep;

/**
 * A real sweep's HTML page in a real browser: headless Chromium loads it from disk, runs its script, and logs every
 * console message to stderr ({@code --enable-logging=stderr}), where a {@code CONSOLE} line is an error or a log
 * call of the page. Skipped only when no Chromium is installed. Slow: a real sweep and three browser starts (8 s on
 * a quiet machine, 37 s at load 30).
 */
@Tag("slow")
class HtmlBrowserTest {
    @TempDir static Path tmp;
    private static Path page;

    private static final Map<String, String> TINY = Map.of("points", "200", "depths", "2", "steps", "20", "grid", "4", "batch", "32");

    /** The browser: $ODEON_CHROMIUM, else chromium or chromium-browser on the PATH. */
    static String chromium() {
        var names = new ArrayList<String>();
        String env = System.getenv("ODEON_CHROMIUM");
        if (env != null && !env.isBlank()) names.add(env);
        names.addAll(List.of("chromium", "chromium-browser"));
        for (String n : names) {
            if (n.contains("/")) { if (Files.isExecutable(Path.of(n))) return n; continue; }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, n))) return Path.of(dir, n).toString();
        }
        return null;
    }

    @BeforeAll static void aRealSweepAndItsPage() throws Exception {
        Assumptions.assumeTrue(chromium() != null, "no Chromium installed (chromium / chromium-browser on the PATH, or $ODEON_CHROMIUM)");
        var spec = new Sweep.Spec("lipschitz-moons", "quick", Map.of("widths", List.of("4", "5")), List.of(1L, 2L), TINY);
        Path dir = tmp.resolve("sweep");
        assertEquals(4, new Sweep(Catalog.standard(), spec, dir).run(1, null).count(Sweep.Status.FINISHED));
        page = HtmlReport.write(dir, true);
    }

    /** Chromium's output: the dumped DOM (after the scripts ran) or a screenshot, and the console lines of stderr. */
    record Load(String dom, List<String> console) {}

    static Load load(Path html, String... mode) throws Exception {
        var cmd = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"), "--window-size=1280,1600"));
        cmd.addAll(List.of(mode));
        cmd.add(html.toUri().toString());
        Path out = Files.createTempFile(tmp, "dom", ".html"), err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + readQuietly(err));
        List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> l.contains(":CONSOLE")).toList();
        return new Load(Files.readString(out), console);
    }

    private static String readQuietly(Path p) {
        try { return Files.readString(p); } catch (java.io.IOException e) { return e.toString(); }
    }

    @Test void theSweepPageLoadsWithoutConsoleMessagesAndItsScriptBuildsTheRunsAndTheComparison() throws Exception {
        Load l = load(page, "--dump-dom");
        assertEquals(List.of(), l.console(), "console messages while loading the page");
        // the script ran: it built one row per run after the header, and the comparison of the first two runs with their plots
        var table = Pattern.compile("<table id=\"runs\">(.*?)</table>", Pattern.DOTALL).matcher(l.dom());
        assertTrue(table.find(), "the runs table");
        assertEquals(5, Pattern.compile("<tr>").matcher(table.group(1)).results().count(), "a header and four runs");
        assertTrue(l.dom().contains("widths-4_seed-1") && l.dom().contains("widths-5_seed-2"));
        assertTrue(l.dom().contains("Rows that differ between the ticked runs are highlighted."), "the comparison was built");
        assertTrue(Pattern.compile("<div class=\"col\"><h3>widths-4_seed-2</h3>.*?<img class=\"plot\"[^>]*src=\"data:image/png", Pattern.DOTALL)
                .matcher(l.dom()).find(), "the second run's plots side by side");
    }

    /** The check above can fail: the same page with one script error in it logs a console line. */
    @Test void aPageWithAScriptErrorIsCaught() throws Exception {
        Path broken = tmp.resolve("broken.html");
        Files.writeString(broken, Files.readString(page).replace("runsTable();\ncompare();", "runsTable();\nnoSuchFunction();\ncompare();"));
        assertNotEquals(Files.readString(page), Files.readString(broken), "the error was injected");
        var console = load(broken, "--dump-dom").console();
        assertEquals(1, console.size(), console.toString());
        assertTrue(console.getFirst().contains("noSuchFunction is not defined"), console.getFirst());
    }

    @Test void aScreenshotShowsThePage() throws Exception {
        Path png = tmp.resolve("sweep.png");
        Load l = load(page, "--screenshot=" + png, "--hide-scrollbars");
        assertEquals(List.of(), l.console());
        var image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        // not a blank page: many distinct colours (plots, text, table lines)
        var colours = new java.util.HashSet<Integer>();
        for (int y = 0; y < image.getHeight(); y += 3) for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        assertTrue(colours.size() > 50, colours.size() + " colours");
        String keep = System.getenv("ODEON_SCREENSHOT");
        if (keep != null && !keep.isBlank()) Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
