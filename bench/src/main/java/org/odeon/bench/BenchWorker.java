package org.odeon.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times one workload in a JVM of its own, so its peak RSS is its own: {@code BenchWorker NAME
 * [--quick]} prints one JSON line with the median, min and max seconds, the bytes allocated per
 * run (all threads) and the process's peak resident set ({@code VmHWM}).
 */
public final class BenchWorker {
    private BenchWorker() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) throw new IllegalArgumentException("usage: BenchWorker NAME [--quick]");
        boolean quick = java.util.List.of(args).contains("--quick");
        Workload w = EngineWorkloads.named(args[0]);
        long before = allocated();
        BenchSuite.Protocol protocol = w.protocol(quick);
        BenchSuite.Timing t = BenchSuite.time(w, protocol);
        // Warm-up and timed runs do the same work. With a fixed warm-up count (no warm-up seconds) the runs so far are
        // counted; otherwise measure a few more.
        long perRun;
        if (protocol.warmupSeconds() == 0) perRun = (allocated() - before) / (protocol.warmup() + protocol.runs());
        else {
            long mark = allocated();
            int extra = 3;
            for (int i = 0; i < extra; i++) w.run();
            perRun = (allocated() - mark) / extra;
        }
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("name", t.name());
        o.put("median_s", t.median());
        o.put("min_s", t.min());
        o.put("max_s", t.max());
        o.put("runs", t.runs());
        o.put("gemm_flops", t.gemmFlops());
        o.put("allocated_bytes_per_run", perRun);
        o.put("allocated_bytes_total", allocated() - before);
        o.put("peak_rss_bytes", peakRss());
        System.out.println(o);
    }

    /** Bytes allocated so far by all live threads of this JVM (-1 where unsupported). */
    static long allocated() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported())
            return t.getTotalThreadAllocatedBytes();
        return -1;
    }

    /** This process's peak resident set in bytes, from {@code /proc/self/status} (-1 elsewhere). */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
