package org.odeon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's view of the installed artifacts (runs in {@code integration-test}, after the library
 * modules of this reactor are installed): a fresh Maven project outside the tree that imports the
 * BOM and depends on {@code odeon-models} only compiles and runs an example offline; the CLI
 * distribution archive unpacks and runs without Maven.
 */
class ExternalProjectIT {
    static final String VERSION = System.getProperty("odeon.version");

    /** Runs {@code command} in {@code dir}; returns its output (stdout and stderr), failing on a non-zero exit. */
    static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_TOOL_OPTIONS");   // else every JVM prints "Picked up ..." into the output
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    @Test void aFreshMavenProjectCompilesAndRunsAnExampleAgainstTheInstalledArtifacts(@TempDir Path project) throws Exception {
        assertTrue(VERSION != null && !VERSION.isEmpty(), "odeon.version is set by the build");
        String pom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId><artifactId>uses-odeon</artifactId><version>1</version>
                  <properties><maven.compiler.release>25</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.odeon</groupId><artifactId>odeon-bom</artifactId><version>%s</version><type>pom</type><scope>import</scope></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies><dependency><groupId>org.odeon</groupId><artifactId>odeon-models</artifactId></dependency></dependencies>
                  <build><plugins>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
                  </plugins></build>
                </project>
                """.formatted(VERSION);
        Files.writeString(project.resolve("pom.xml"), pom);
        Path src = project.resolve("src/main/java/org/odeon/examples");
        Files.createDirectories(src);
        Files.copy(Path.of("src/main/java/org/odeon/examples/CertifiedClassifier.java"), src.resolve("CertifiedClassifier.java"));

        run(project, List.of("mvn", "-o", "-q", "-B", "compile", "dependency:build-classpath", "-Dmdep.outputFile=cp.txt"));
        String classpath = "target/classes" + java.io.File.pathSeparator + Files.readString(project.resolve("cp.txt")).trim();
        assertTrue(classpath.contains("odeon-models-" + VERSION + ".jar") && classpath.contains("odeon-core-" + VERSION + ".jar"), classpath);
        String tree = Path.of("..").toAbsolutePath().normalize() + "/";
        assertTrue(!classpath.substring("target/classes".length()).contains(tree), "the jars come from the local repository, not this tree: " + classpath);
        String out = run(project, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "org.odeon.examples.CertifiedClassifier"));
        double[] n = ExamplesTest.numbers(out.substring(out.indexOf("accuracy")));
        assertEquals(3, n.length, out);
        assertTrue(n[0] > 0.9 && n[1] <= 1.001 && n[2] <= n[1], out);
    }

    @Test void theDistributionArchiveRunsTheCliWithoutMaven(@TempDir Path dir) throws Exception {
        Path archive = Path.of("..", "app", "target", "odeon-" + VERSION + "-dist.tar.gz").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(archive), "the app module's package phase writes " + archive);
        run(dir, List.of("tar", "xzf", archive.toString()));
        Path launcher = dir.resolve("odeon-" + VERSION + "/bin/odeon");
        assertTrue(Files.isExecutable(launcher), launcher + " is executable");
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "list"));
        String out = run(dir, cmd);
        assertTrue(out.contains("oscillator-flowmap") && out.contains("sympflow"), out);
    }

    @Test void theBomPinsTheSameVersionAsTheBuild() throws Exception {
        String bom = Files.readString(Path.of("..", "bom", "pom.xml"));
        assertTrue(bom.contains("<artifactId>odeon-bom</artifactId>\n  <version>" + VERSION + "</version>"), "bom/pom.xml must carry version " + VERSION);
    }
}
