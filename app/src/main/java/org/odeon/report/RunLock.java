package org.odeon.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run folder's lock, held for the run's lifetime: an operating-system lock on {@value #NAME} in the
 * folder, which also records the owner's PID for the refusal message. The operating system drops the lock
 * when its process dies however it dies, so a lock file left by a killed run is stale by construction and
 * the next run takes it over; a live owner — in another process or in this one — makes {@link #acquire}
 * refuse with one line.
 */
public final class RunLock implements AutoCloseable {
    public static final String NAME = "run.lock";
    /** What {@code org.odeon.io.AtomicFiles} leaves behind when its writer is killed: {@code .name.<hex>.tmp}. */
    private static final Pattern STRAY_TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]+\\.tmp");

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir} (which must exist) or refuses, naming the process that holds it. */
    public static RunLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            String owner = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            ch.close();
            throw new ReportException(dir + " is in use by a running odeon (process " + (owner.isEmpty() ? "unknown" : owner)
                    + "); wait for it to finish or stop it first");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new RunLock(ch, lock);
    }

    /** Deletes the temporary files of writers that were killed mid-save; call only while holding the lock. */
    public static void sweepStrayTemporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) if (STRAY_TEMPORARY.matcher(p.getFileName().toString()).matches()) Files.deleteIfExists(p);
        }
    }

    /** Releases the lock; the file stays (deleting it would race a run that is just opening it). */
    @Override public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
