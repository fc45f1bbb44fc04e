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
 * A user's view of the artifacts (runs in {@code integration-test}, after the library modules of
 * this reactor are packaged): a fresh Maven project outside the tree that imports the BOM and
 * depends on {@code odeon-models} only compiles and runs an example offline, on the class path and,
 * as a module of its own, on the module path (where Odeon's internal packages stay out of reach);
 * the CLI distribution archive unpacks and runs without Maven.
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

    /**
     * A local Maven repository for the user's project that holds this build's Odeon artifacts (the
     * poms and jars the reactor just packaged, laid out as {@code mvn install} lays them out) and links
     * to the shared repository for everything else. Other checkouts installing their own Odeon
     * snapshot into the shared repository while this test runs then cannot change what it tests.
     */
    static Path privateRepository(Path dir) throws IOException {
        Path shared = Path.of(System.getProperty("odeon.sharedRepository", System.getProperty("user.home") + "/.m2/repository"));
        Path repo = dir.resolve("repository");
        Files.createDirectories(repo.resolve("org"));
        try (var top = Files.list(shared); var org = Files.list(shared.resolve("org"))) {
            for (Path p : top.toList()) if (!p.getFileName().toString().equals("org")) Files.createSymbolicLink(repo.resolve(p.getFileName().toString()), p);
            for (Path p : org.toList()) if (!p.getFileName().toString().equals("odeon")) Files.createSymbolicLink(repo.resolve("org").resolve(p.getFileName().toString()), p);
        }
        Path tree = Path.of("..").toAbsolutePath().normalize();
        for (String[] a : new String[][] {{"odeon-parent", "."}, {"odeon-bom", "bom"}, {"odeon-core", "core"}, {"odeon-dynamics", "dynamics"}, {"odeon-models", "models"}}) {
            Path to = repo.resolve("org/odeon").resolve(a[0]).resolve(VERSION);
            Files.createDirectories(to);
            Files.copy(tree.resolve(a[1]).resolve("pom.xml"), to.resolve(a[0] + "-" + VERSION + ".pom"));
            if (a[1].equals(".") || a[1].equals("bom")) continue;
            Path jar = tree.resolve(a[1]).resolve("target").resolve(a[0] + "-" + VERSION + ".jar");
            assertTrue(Files.isRegularFile(jar), "the reactor packaged " + jar);
            Files.copy(jar, to.resolve(jar.getFileName()));
        }
        return repo;
    }

    /** {@code mvn -o} on the user's project, against {@link #privateRepository}; writes its class path to cp.txt. */
    static void compileUserProject(Path project) throws IOException, InterruptedException {
        Path repo = privateRepository(project.resolve("m2"));
        run(project, List.of("mvn", "-o", "-q", "-B", "-Dmaven.repo.local=" + repo, "compile", "dependency:build-classpath", "-Dmdep.outputFile=cp.txt"));
    }

    /** A user's pom: the BOM imported, {@code odeon-models} the one dependency, Java 25. */
    static String userPom() {
        return """
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
    }

    @Test void aFreshMavenProjectCompilesAndRunsAnExampleAgainstTheInstalledArtifacts(@TempDir Path project) throws Exception {
        assertTrue(VERSION != null && !VERSION.isEmpty(), "odeon.version is set by the build");
        String pom = userPom();
        Files.writeString(project.resolve("pom.xml"), pom);
        Path src = project.resolve("src/main/java/org/odeon/examples");
        Files.createDirectories(src);
        Files.copy(Path.of("src/main/java/org/odeon/examples/CertifiedClassifier.java"), src.resolve("CertifiedClassifier.java"));

        compileUserProject(project);
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

    /** A consumer that is itself a module: {@code requires org.odeon.models;} and everything on the module path. */
    @Test void aModularProjectRunsAnExampleOnTheModulePathAndCannotReachInternalPackages(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("pom.xml"), userPom());
        Path src = project.resolve("src/main/java");
        Files.createDirectories(src.resolve("org/odeon/examples"));
        Files.writeString(src.resolve("module-info.java"), "module com.example.uses.odeon { requires org.odeon.models; }\n");
        Files.copy(Path.of("src/main/java/org/odeon/examples/CertifiedClassifier.java"), src.resolve("org/odeon/examples/CertifiedClassifier.java"));

        compileUserProject(project);
        assertTrue(Files.isRegularFile(project.resolve("target/classes/module-info.class")), "the consumer compiled as a module");
        String modulePath = "target/classes" + java.io.File.pathSeparator + Files.readString(project.resolve("cp.txt")).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The resolved graph: Odeon's three modules are named modules here, not automatic ones.
        String graph = run(project, List.of(java, "-p", modulePath, "--show-module-resolution", "--dry-run",
                "-m", "com.example.uses.odeon/org.odeon.examples.CertifiedClassifier"));
        assertTrue(graph.contains("root com.example.uses.odeon"), graph);
        for (String m : List.of("org.odeon.models", "org.odeon.dynamics", "org.odeon.core")) {
            List<String> lines = graph.lines().filter(l -> l.contains(" requires " + m + " file:")).toList();
            assertTrue(!lines.isEmpty() && lines.stream().noneMatch(l -> l.endsWith("automatic")), m + " resolves as a named module: " + graph);
        }
        String out = run(project, List.of(java, "--enable-native-access=" + NATIVE_MODULES, "-p", modulePath,
                "-m", "com.example.uses.odeon/org.odeon.examples.CertifiedClassifier"));
        assertTrue(!out.contains("WARNING"), "no warnings (native access is granted to netlib's modules by name): " + out);
        double[] n = ExamplesTest.numbers(out.substring(out.indexOf("accuracy")));
        assertEquals(3, n.length, out);
        assertTrue(n[0] > 0.9 && n[1] <= 1.001 && n[2] <= n[1], out);

        // An internal package (exported only to Odeon's modules) does not compile from a user's module.
        Path internal = project.resolve("internal");
        Files.createDirectories(internal.resolve("com/example"));
        Files.writeString(internal.resolve("module-info.java"), "module com.example.peeks { requires org.odeon.models; }\n");
        Files.writeString(internal.resolve("com/example/Peek.java"), """
                package com.example;
                public class Peek { public static void main(String[] a) { System.out.println(org.odeon.linalg.OperatorNorm.class); } }
                """);
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        String jars = Files.readString(project.resolve("cp.txt")).trim();
        Process p = new ProcessBuilder(javac, "-p", jars, "-d", internal.resolve("out").toString(),
                internal.resolve("module-info.java").toString(), internal.resolve("com/example/Peek.java").toString())
                .redirectErrorStream(true).start();
        String errors = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor() != 0 && errors.contains("package org.odeon.linalg is not visible"), "javac must refuse: " + errors);
    }

    /** The modules that load native code through JNI: netlib's BLAS, LAPACK (and ARPACK's helpers). */
    static final String NATIVE_MODULES = "dev.ludovic.netlib.blas,dev.ludovic.netlib.lapack";

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

    /**
     * {@code odeon image}'s script: the distribution plus a jlink'd runtime. It runs with no JDK in
     * sight: JAVA_HOME unset and only /usr/bin and /bin on PATH (whose java, if any, is not the one used).
     */
    @Test void theJlinkImageRunsTheCliOnItsOwnRuntime(@TempDir Path dir) throws Exception {
        Path tree = Path.of("..").toAbsolutePath().normalize();
        String made = run(dir, List.of(tree.resolve("app/src/dist/image.sh").toString(), tree.resolve("app/target").toString(), dir.toString()));
        Path image = dir.resolve("odeon-" + VERSION + "-image");
        Path runtime = image.resolve("runtime");
        assertTrue(Files.isExecutable(runtime.resolve("bin/java")) && !Files.exists(runtime.resolve("bin/javac")),
                "a trimmed runtime, not a JDK: " + made);
        assertTrue(made.contains("java.desktop") && !made.contains("jdk.compiler"), "the modules jdeps found: " + made);
        for (List<String> args : List.of(List.of("--version"), List.of("info"))) {
            List<String> cmd = new ArrayList<>(List.of(image.resolve("bin/odeon").toString()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeAll(List.of("JAVA_HOME", "ODEON_JAVA_HOME", "JAVA_TOOL_OPTIONS"));
            pb.environment().put("PATH", "/usr/bin:/bin");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), cmd + ":\n" + out);
            if (args.equals(List.of("--version"))) assertTrue(out.contains("odeon " + VERSION), out);
            else assertTrue(out.contains("odeon     " + VERSION) && out.contains(" in " + runtime.toRealPath()), "info names the image's runtime: " + out);
        }
    }

    @Test void theBomPinsTheSameVersionAsTheBuild() throws Exception {
        String bom = Files.readString(Path.of("..", "bom", "pom.xml"));
        assertTrue(bom.contains("<artifactId>odeon-bom</artifactId>\n  <version>" + VERSION + "</version>"), "bom/pom.xml must carry version " + VERSION);
    }
}
