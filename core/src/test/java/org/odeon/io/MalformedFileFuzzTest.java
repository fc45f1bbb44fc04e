package org.odeon.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * Mutates valid files thousands of times — bit flips, truncations, insertions, deletions and
 * edits of header fields — and requires every reader either to read the result or to reject it
 * with a {@link MalformedFileException}: never another exception, and never an allocation out
 * of proportion to the file (a forged extent must not make a reader reserve gigabytes).
 */
@Tag("slow")  // over ten seconds: ./odeon test fast leaves it out
class MalformedFileFuzzTest {
    private static final int ITERATIONS = 1500;
    private static final long FIXED_ALLOCATION = 16 << 20;

    @TempDir static Path diskDir;
    private static Path dir;

    /** Rewriting a file thousands of times is ten times faster in memory (tmpfs) than on ext4. */
    @BeforeAll static void chooseDirectory() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "odeon-fuzz") : diskDir;
    }

    @AfterAll static void removeDirectory() throws IOException {
        if (dir != diskDir) {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    @FunctionalInterface
    interface Reader { Object read(Path file) throws IOException; }

    /** A valid file, its reader, and how many bytes of memory per file byte reading may take. */
    record Seed(String name, byte[] bytes, Reader reader, long bytesPerFileByte) {
        @Override public String toString() { return name; }
    }

    private static byte[] written(AtomicFiles.Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        return out.toByteArray();
    }

    static List<Seed> seeds() throws IOException {
        Map<String, NDArray> small = Map.of(
                "w", NDArray.of(DType.F32, new int[] {3, 4}, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}),
                "b", NDArray.of(new int[] {2}, 0.5, -1));
        byte[] idx = IdxTest.images(), cifar = CifarTest.batch(2, new int[] {3, 7});
        // every value a reader returns is a double (8 bytes) made from at least one file byte
        long plain = 24, deflated = 24 * 1032; // deflate expands at most ~1032:1
        return List.of(
                new Seed("safetensors", written(o -> Safetensors.write(o, small, Map.of("k", "v"))), Safetensors::read, plain),
                new Seed("checkpoint", written(o -> new Checkpoint(small, CheckpointTest.atStep(2).metadata()).writeTo(o)), Checkpoint::load, plain),
                new Seed("npy", written(o -> Npy.write(o, small.get("w"))), Npy::read, plain),
                new Seed("npy-fortran-i8", Bytes.npy(1, "{'descr': '>i8', 'fortran_order': True, 'shape': (2, 2), }", new byte[32]), Npy::read, plain),
                new Seed("npz", written(o -> Npz.write(o, small, false)), Npz::read, plain),
                new Seed("npz-deflated", written(o -> Npz.write(o, small, true)), Npz::read, deflated),
                new Seed("idx", idx, Idx::read, plain),
                new Seed("idx-gzip", Bytes.gzip(idx), Idx::read, deflated),
                new Seed("cifar10", cifar, Cifar::read10, plain),
                new Seed("cifar100-gzip", Bytes.gzip(CifarTest.batch(1, new int[] {4}, new int[] {44})), Cifar::read100, deflated));
    }

    static List<Arguments> cases() throws IOException { return seeds().stream().map(Arguments::of).toList(); }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void mutatedFilesAreReadOrRejectedCleanly(Seed seed) throws IOException {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom rnd = new SplittableRandom(seed.name.hashCode());
        Path f = dir.resolve(seed.name);
        seed.reader.read(Files.write(f, seed.bytes)); // the seed itself is valid
        int rejected = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            List<String> log = new ArrayList<>();
            byte[] b = seed.bytes;
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) b = mutate(b, rnd, log);
            Files.write(f, b);
            long before = mx.getCurrentThreadAllocatedBytes();
            try {
                seed.reader.read(f);
            } catch (MalformedFileException e) {
                rejected++;
                assertTrue(e.getMessage().startsWith(f.toString()), "message must name the file: " + e.getMessage());
            } catch (Throwable t) {
                fail(seed.name + " iteration " + it + " after " + log + ": " + t, t);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (allocated > FIXED_ALLOCATION + seed.bytesPerFileByte * b.length)
                fail(seed.name + " iteration " + it + " after " + log + ": reading " + b.length + " bytes allocated " + allocated);
        }
        assertTrue(rejected > ITERATIONS / 4, seed.name + ": only " + rejected + " mutants rejected; the mutations are too mild");
    }

    private static final long[] INTERESTING = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffffL, 0x80000000L, 0xffffffffL,
            Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 1L << 40};

    /** One random mutation, biased towards the header where the lengths and extents live. */
    static byte[] mutate(byte[] b, SplittableRandom rnd, List<String> log) {
        int n = b.length;
        int head = Math.max(1, Math.min(n, 160));
        int at = n == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? head : n);
        switch (rnd.nextInt(7)) {
            case 0 -> { // bit flips
                if (n == 0) return b;
                byte[] c = b.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int p = rnd.nextBoolean() ? rnd.nextInt(head) : rnd.nextInt(n);
                    c[p] ^= (byte) (1 << rnd.nextInt(8));
                }
                log.add(flips + " bit flips");
                return c;
            }
            case 1 -> { // truncation
                int len = rnd.nextInt(n + 1);
                log.add("truncate to " + len);
                return Arrays.copyOf(b, len);
            }
            case 2 -> { // insertion of random bytes
                byte[] ins = new byte[1 + rnd.nextInt(16)];
                rnd.nextBytes(ins);
                log.add("insert " + ins.length + " at " + at);
                return Bytes.cat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, n));
            }
            case 3 -> { // deletion
                int len = Math.min(n - at, 1 + rnd.nextInt(16));
                log.add("delete " + len + " at " + at);
                return Bytes.cat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, n));
            }
            case 4 -> { // an interesting integer over a header field, either byte order
                int width = new int[] {1, 2, 4, 8}[rnd.nextInt(4)];
                if (n < width) return b;
                int p = rnd.nextInt(Math.min(n, head) - width + 1);
                long v = INTERESTING[rnd.nextInt(INTERESTING.length)];
                ByteBuffer bb = ByteBuffer.wrap(b.clone());
                if (rnd.nextBoolean()) bb.order(java.nio.ByteOrder.LITTLE_ENDIAN);
                switch (width) {
                    case 1 -> bb.put(p, (byte) v);
                    case 2 -> bb.putShort(p, (short) v);
                    case 4 -> bb.putInt(p, (int) v);
                    default -> bb.putLong(p, v);
                }
                log.add("set " + width + " bytes at " + p + " to " + v);
                return bb.array();
            }
            case 5 -> { // a textual edit of a digit in a JSON or Python header
                List<Integer> digits = new ArrayList<>();
                for (int i = 0; i < Math.min(n, 400); i++) if (b[i] >= '0' && b[i] <= '9') digits.add(i);
                if (digits.isEmpty()) return b;
                int p = digits.get(rnd.nextInt(digits.size()));
                String[] repl = {"-", "9", "0", "99999999999", "-1", "1.5", "e9", ""};
                String r = repl[rnd.nextInt(repl.length)];
                log.add("replace digit at " + p + " by '" + r + "'");
                return Bytes.cat(Arrays.copyOf(b, p), Bytes.ascii(r), Arrays.copyOfRange(b, p + 1, n));
            }
            default -> { // duplicate a slice (repeated records, repeated header parts)
                int len = Math.min(n - at, 1 + rnd.nextInt(64));
                log.add("duplicate " + len + " at " + at);
                return Bytes.cat(Arrays.copyOf(b, at + len), Arrays.copyOfRange(b, at, n));
            }
        }
    }
}
