package org.odeon.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
    @TempDir Path dir;

    /** Run in a separate JVM: holds the lock of a folder until its standard input closes. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (RunLock lock = RunLock.acquire(Path.of(args[0]))) {
                System.out.println("locked");
                System.out.flush();
                System.in.read();
            }
        }
    }

    private Process holder() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        assertEquals("locked", out.readLine(), "the holder did not take the lock");
        return p;
    }

    @Test void aFolderLockedByALiveProcessIsRefusedNamingItsPid() throws Exception {
        Process p = holder();
        try {
            var e = assertThrows(ReportException.class, () -> RunLock.acquire(dir));
            assertTrue(e.getMessage().contains("in use by a running odeon (process " + p.pid() + ")"), e.getMessage());
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test void theLockOfAKilledProcessIsTakenOver() throws Exception {
        Process p = holder();
        p.destroyForcibly();       // SIGKILL: the lock file stays, its operating-system lock goes with the process
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(Files.exists(dir.resolve(RunLock.NAME)));
        try (RunLock lock = RunLock.acquire(dir)) {
            assertEquals(String.valueOf(ProcessHandle.current().pid()), Files.readString(dir.resolve(RunLock.NAME)).trim());
        }
    }

    @Test void aSecondLockInTheSameProcessIsRefusedAndTheFirstReleaseFreesTheFolder() throws Exception {
        try (RunLock first = RunLock.acquire(dir)) {
            assertThrows(ReportException.class, () -> RunLock.acquire(dir));
        }
        RunLock.acquire(dir).close();
    }

    @Test void sweepingRemovesOnlyTheTemporaryFilesOfKilledWriters() throws Exception {
        Path stray = Files.writeString(dir.resolve(".checkpoint-fit.safetensors.3f2a9c.tmp"), "half");
        Path mine = Files.writeString(dir.resolve("notes.tmp"), "mine");
        Path hidden = Files.writeString(dir.resolve(".hidden"), "mine");
        RunLock.sweepStrayTemporaries(dir);
        assertFalse(Files.exists(stray));
        assertTrue(Files.exists(mine) && Files.exists(hidden));
    }
}
