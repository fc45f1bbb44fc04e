package org.odeon.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.odeon.tensor.Blas;

/** The versions a run records, so a result can be traced to the code and machine that produced it. */
public final class Versions {
    private Versions() {}

    /** Odeon's version from the build, or {@code "dev"} when running from unpackaged classes. */
    public static String odeon() {
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in == null) return "dev";
            var p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }

    public static Map<String, String> all() {
        var m = new LinkedHashMap<String, String>();
        m.put("odeon", odeon());
        m.put("java", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        m.put("blas", Blas.backend());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        return m;
    }
}
