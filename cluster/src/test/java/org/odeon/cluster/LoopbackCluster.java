package org.odeon.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.rpc.RpcEnv;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: the master in this JVM, each worker a child JVM (so that a test
 * can kill one as a machine dies: the worker and the executor it started, at once). Workers launch executors the
 * way a real installation does, from {@code SPARK_HOME}; without a Spark distribution, that is a folder whose
 * {@code jars/} is empty, and the executors get this JVM's class path through {@code spark.executor.extraClassPath}.
 */
final class LoopbackCluster implements AutoCloseable {
    private final Path home;
    private final RpcEnv master;
    private final int masterPort, masterUiPort;
    private final Process[] workers;

    /** Starts the master and {@code workers} workers of one core and {@code memory} each, and waits until all are registered. */
    LoopbackCluster(Path home, int workers, String memory) throws Exception {
        this.home = home;
        Files.createDirectories(home.resolve("jars"));
        var conf = new SparkConf().set("spark.master.rest.enabled", "false");
        var started = Master.startRpcEnvAndEndpoint("127.0.0.1", 0, 0, conf);
        master = started._1();
        masterPort = master.address().port();
        masterUiPort = (Integer) started._2();
        this.workers = new Process[workers];
        for (int i = 0; i < workers; i++) this.workers[i] = startWorker(i, memory);
        awaitWorkers(workers);
    }

    String url() { return "spark://127.0.0.1:" + masterPort; }

    /** The JVM options of this test JVM that Spark needs on JDK 25 (the module opens of the cluster module's pom). */
    static List<String> opens() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")).toList();
    }

    /** The environment of a child JVM: loopback, the fake Spark home, and no inherited JAVA_TOOL_OPTIONS (it would print a line). */
    Map<String, String> environment(Map<String, String> env) {
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return env;
    }

    private Process startWorker(int i, String memory) throws IOException {
        Path work = Files.createDirectories(home.resolve("work-" + i));
        var cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m"));
        cmd.addAll(opens());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", memory, "--work-dir", work.toString(), url()));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("worker-" + i + ".log").toFile());
        environment(pb.environment());
        return pb.start();
    }

    /** Waits until the master reports {@code n} alive workers (its web UI's JSON). */
    void awaitWorkers(int n) throws Exception {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long until = System.nanoTime() + 120_000_000_000L;
        String last = "";
        while (System.nanoTime() < until) {
            for (int i = 0; i < workers.length; i++)
                if (!workers[i].isAlive() && workers[i].exitValue() != 137 && workers[i].exitValue() != 9)
                    throw new IllegalStateException("worker " + i + " exited: " + Files.readString(home.resolve("worker-" + i + ".log")));
            last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            var m = alive.matcher(last);
            if (m.find() && Integer.parseInt(m.group(1)) >= n) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("the master did not see " + n + " workers in 120 s: " + last);
    }

    /** Kills worker {@code i} and the executors it started, without warning (SIGKILL), as when its machine goes down. */
    void kill(int i) throws InterruptedException {
        workers[i].descendants().forEach(ProcessHandle::destroyForcibly);
        workers[i].destroyForcibly().waitFor();
    }

    /** A driver for this cluster: one core per executor, loopback, no web UI. */
    JavaSparkContext driver(String name, String executorMemory) {
        return new JavaSparkContext(conf(name, executorMemory));
    }

    SparkConf conf(String name, String executorMemory) {
        return new SparkConf().setMaster(url()).setAppName(name).set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false").set("spark.executor.memory", executorMemory).set("spark.executor.cores", "1")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
    }

    @Override public void close() throws Exception {
        for (int i = 0; i < workers.length; i++) if (workers[i].isAlive()) kill(i);
        master.shutdown();
        master.awaitTermination();
    }
}
