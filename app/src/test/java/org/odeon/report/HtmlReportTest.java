package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir Path tmp;

    @Test void aSweepPageIsSelfContainedWithTheAggregatePlotsEveryRunAndItsCommand() throws Exception {
        Path dir = SweepReportTest.fakeSweep(tmp.resolve("sweep"));
        Files.write(dir.resolve("width-4_seed-1").resolve("loss-fit.png"), Files.readAllBytes(PlotRenderer.writePng(
                Plot.of("loss-fit", "loss").line("l", new double[] {1, 2}, new double[] {3, 4}).build(), tmp)));
        String html = Files.readString(HtmlReport.write(dir, true));

        assertFalse(Pattern.compile("(src|href)=\"(?!data:)").matcher(html).find(), "nothing is loaded from elsewhere");
        assertFalse(html.contains("http://") || html.contains("https://"), "no network address at all");
        assertEquals(2, Pattern.compile("<img class=\"plot\" alt=\"aggregate plot\" src=\"data:image/png;base64,").matcher(html).results().count(),
                "one aggregate plot per metric");
        assertTrue(html.contains("<tr><td>4</td><td>3/3</td><td>0.6 ± 0.1 [0.5944]</td>"), "the aggregate table");

        var m = Pattern.compile("<script type=\"application/json\" id=\"data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        List<Map<String, Object>> runs = List.of(new ObjectMapper().readValue(m.group(1), Map[].class));
        assertEquals(6, runs.size());
        assertEquals("odeon run toy --scale quick --seed 1 --set width=4", runs.getFirst().get("command"));
        assertEquals(Map.of("accuracy", 0.5, "loss", 0.0), runs.getFirst().get("metrics"));
        assertTrue(((Map<?, ?>) runs.getFirst().get("plots")).get("loss-fit.png").toString().startsWith("data:image/png;base64,iVBOR"));
        assertEquals("pending", runs.getLast().get("status"));
    }

    @Test void textFromRunsIsEscaped() throws Exception {
        Path dir = SweepReportTest.fakeSweep(tmp.resolve("sweep"));
        String json = Files.readString(dir.resolve(RunFiles.SWEEP)).replace("--set width=4\"", "--set note='</script><b>'\"");
        Files.writeString(dir.resolve(RunFiles.SWEEP), json);
        String html = Files.readString(HtmlReport.write(dir, false));
        assertFalse(html.contains("</script><b>"), "a closing tag inside the data cannot end the script");
        assertEquals("a&lt;b&gt; &amp;&quot;", HtmlReport.escape("a<b> &\""));
    }
}
